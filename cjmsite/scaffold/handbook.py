"""`cjmsite new`: a handbook skeleton, and content files from the theme's archetypes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from cjmsite.config.options import load_config
from cjmsite.diagnostics import Diagnostics, did_you_mean
from cjmsite.facts import ID_PATTERN, ID_RULE
from cjmsite.model import SiteConfig
from cjmsite.render.theme import load_theme
from cjmsite.resolve.kinds import fmt
from cjmsite.scaffold.requirement import SpecError, generator_spec
from cjmsite.scaffold.workflows import project_files
from cjmsite.sources.files import TOUCHPOINT_NAME, SourceFile, read_source, suggest_id

SCAFFOLD = Path(__file__).resolve().parents[1] / "data" / "scaffold"
SITE_LANGUAGES = ("en", "es")
KINDS = ("persona", "department", "channel", "journey", "touchpoint")
FOLDERS = {"persona": "personas", "department": "departments", "channel": "channels"}
RENAMED = {"gitignore": ".gitignore"}  # dotfiles are stored without the dot in the package


class ScaffoldError(Exception):
    """The file or site cannot be created; the message says why and what to do."""


def check_new_id(value: str, what: str = "id") -> None:
    if not ID_PATTERN.match(value):
        raise ScaffoldError(
            f"invalid {what} `{value}`: ids use {ID_RULE} only; try `{suggest_id(value)}`"
        )


def title_from_id(value: str) -> str:
    """`first-order` -> `First order` (a placeholder the author replaces)."""
    return value.replace("-", " ").capitalize()


def name_from_id(value: str) -> str:
    """`ana-lopez` -> `Ana Lopez`, for people."""
    return " ".join(part.capitalize() for part in value.split("-"))


def label_from_id(value: str, language: str) -> str:
    """A team's or channel's name: `Call Centre` in English, `Centro de llamadas` elsewhere.

    English capitalises the words of a name; Spanish and most other languages only the first."""
    if language.split("-")[0].lower() == "en":
        return name_from_id(value)
    return title_from_id(value)


# ---- new site ---------------------------------------------------------------------


def _workflow_files(cjmsite_spec: str | None) -> dict[str, str]:
    """The GitHub workflows for PR review and Pages deployment, and the requirements.txt
    pinning the generator they install."""
    return project_files(generator_spec(cjmsite_spec).text())


def new_site(dest: Path, language: str = "en", cjmsite_spec: str | None = None) -> list[Path]:
    """Write a handbook skeleton into `dest` (missing or empty); return the files written.

    `cjmsite_spec` is the requirements line for cjmsite (default: see `requirement`)."""
    if language not in SITE_LANGUAGES:
        raise ScaffoldError(
            f"no skeleton in language `{language}`; available: {', '.join(SITE_LANGUAGES)}"
        )
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ScaffoldError(f"{dest} already exists and is not empty; choose a new folder")
    try:
        generated = _workflow_files(cjmsite_spec)
    except SpecError as error:
        raise ScaffoldError(str(error)) from None
    source = SCAFFOLD / language
    files: dict[str, bytes] = {}
    for path in sorted(source.rglob("*")):
        if path.is_file():
            rel = path.relative_to(source).as_posix()
            files[RENAMED.get(rel, rel)] = path.read_bytes()
    for rel, text in generated.items():
        files.setdefault(rel, text.encode("utf-8"))
    written: list[Path] = []
    for rel, data in files.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


# ---- new content file -------------------------------------------------------------


@dataclass
class Project:
    config: SiteConfig
    root: Path
    content: Path

    def ids(self, kind: str) -> list[str]:
        folder = self.content / FOLDERS[kind]
        return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []

    def journeys(self) -> list[str]:
        folder = self.content / "journeys"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if (p / "index.md").is_file())


def open_project(config_path: Path) -> Project:
    config, _ = load_config(config_path)  # raises ConfigError
    root = Path(config.root)
    return Project(config, root, root / config.content_dir)


def _yaml_text(value: Any) -> str:
    """A YAML scalar that reads back as `value` (JSON strings are YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def archetype(project: Project, kind: str) -> Path:
    """The archetype of `kind` in the site's language, most specific theme layer first."""
    theme, _ = load_theme(project.config.theme, project.config.theme_overrides, project.root)
    for layer in theme.layers:
        for candidate in (
            layer / "archetypes" / project.config.language / f"{kind}.md",
            layer / "archetypes" / f"{kind}.md",
        ):
            if candidate.is_file():
                return candidate
    raise ScaffoldError(f"the theme has no archetype for a {kind} (archetypes/{kind}.md)")


def _render(path: Path, values: dict[str, Any]) -> str:
    env = Environment(
        loader=FileSystemLoader(str(path.parent)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # YAML and Markdown, not HTML; strings go through `yaml`
    )
    env.filters["yaml"] = _yaml_text
    return env.get_template(path.name).render(values)


def _front_matter(path: Path, kind: str) -> dict[str, Any]:
    """A content file's YAML data; empty when it cannot be read."""
    source = SourceFile(kind, path, path.name, "")
    read_source(source, Diagnostics())
    return source.data if isinstance(source.data, dict) else {}


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _referenced(project: Project) -> dict[str, set[str]]:
    """The persona, department and channel ids that journeys and touchpoints already name."""
    found: dict[str, set[str]] = {"persona": set(), "department": set(), "channel": set()}
    folder = project.content / "journeys"
    for path in sorted(folder.glob("*/*.md")) if folder.is_dir() else []:
        data = _front_matter(path, "journey" if path.name == "index.md" else "touchpoint")
        found["persona"].update(_strings(data.get("personas")))
        for key, kind in (("owner", "department"), ("channel", "channel")):
            if isinstance(data.get(key), str):
                found[kind].add(data[key])
        for key, kind in (("owners", "department"), ("emotion", "persona")):
            if isinstance(data.get(key), dict):
                found[kind].update(str(k) for k in data[key])
        for idea in data.get("ideas") if isinstance(data.get("ideas"), list) else []:
            if isinstance(idea, dict) and isinstance(idea.get("owner"), str):
                found["department"].add(idea["owner"])
    return found


def _unused_first(ids: list[str], used: set[str]) -> list[str]:
    """Ids nothing names yet first, so a file just created gets its first reference."""
    return [i for i in ids if i not in used] + [i for i in ids if i in used]


def _journey_stages(project: Project, journey: str) -> list[str]:
    """The journey's own stage ids, else the site catalogue's."""
    path = project.content / "journeys" / journey / "index.md"
    listed = _front_matter(path, "journey").get("stages")
    stages: list[str] = []
    if isinstance(listed, list):
        for item in listed:
            if isinstance(item, str):
                stages.append(item)
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                stages.append(item["id"])
    return stages or [s.id for s in project.config.stages]


def _touchpoint_target(project: Project, journey: str, new_id: str) -> Path:
    folder = project.content / "journeys" / journey
    highest = 0
    for path in folder.glob("*.md"):
        match = TOUCHPOINT_NAME.match(path.stem)
        if match:
            if match.group(2) == new_id:
                raise ScaffoldError(f"{path} already exists: a touchpoint `{new_id}` is there")
            highest = max(highest, int(match.group(1)))
    return folder / f"{(highest // 10 + 1) * 10}-{new_id}.md"


@dataclass(frozen=True)
class Known:
    """What a new file's examples are drawn from: ids in use first, unused ones after."""

    personas: list[str]
    departments: list[str]
    used_departments: set[str]


def _common_values(project: Project, kind: str, new_id: str) -> tuple[dict[str, Any], Known]:
    """The archetype's values every kind has, and the ids its examples are drawn from."""
    config = project.config
    used = _referenced(project)
    known = Known(
        _unused_first(project.ids("persona"), used["persona"]),
        _unused_first(project.ids("department"), used["department"]),
        set(used["department"]),
    )
    catalogue = [s.id for s in config.stages]
    values: dict[str, Any] = {
        "id": new_id,
        "name": name_from_id(new_id)
        if kind == "persona"
        else label_from_id(new_id, config.language),
        "title": title_from_id(new_id),
        "personas": known.personas[:1],
        "channels": _unused_first(project.ids("channel"), used["channel"]),
        "stages": catalogue,
        "stage": catalogue[0] if catalogue else "",
        "owner": next(iter(known.departments), ""),
    }
    return values, known


def _new_journey(project: Project, new_id: str, stage: str | None, values: dict) -> Path:
    catalogue = values["stages"]
    if stage is not None and stage not in catalogue:
        raise ScaffoldError(
            f"cjmsite.yml has no stage `{stage}`; " + did_you_mean(stage, catalogue, "stages")
        )
    values["stage"] = stage or values["stage"]  # a new journey lists one stage: no empty ones
    return project.content / "journeys" / new_id / "index.md"


def _checked_journey(project: Project, journey: str | None) -> str:
    journeys = project.journeys()
    if not journey:
        raise ScaffoldError(
            "a touchpoint belongs to a journey: pass --journey ID"
            + (f" ({', '.join(journeys)})" if journeys else "")
        )
    if journey not in journeys:
        raise ScaffoldError(
            f"no journey `{journey}` (content/journeys/{journey}/index.md); "
            + did_you_mean(journey, journeys, "journeys")
        )
    return journey


def _new_touchpoint(
    project: Project,
    new_id: str,
    journey: str | None,
    stage: str | None,
    values: dict,
    known: Known,
) -> Path:
    journey = _checked_journey(project, journey)
    stages = _journey_stages(project, journey)
    if stage is None:
        stage = stages[0]
    elif stage not in stages:
        raise ScaffoldError(
            f"journey `{journey}` has no stage `{stage}`; "
            + did_you_mean(stage, stages, "its stages")
        )
    target = _touchpoint_target(project, journey, new_id)
    personas = _journey_personas(project, journey) or known.personas
    unused = [d for d in known.departments if d not in known.used_departments]
    emotion, importance = project.config.emotion, project.config.importance
    values.update(
        journey=journey,
        stage=stage,
        stages=stages,
        channel=next(iter(values["channels"]), ""),
        department=next(iter(unused), None) or _journey_owner(project, journey) or values["owner"],
        emotion=fmt(emotion.mid),
        emotion_min=fmt(emotion.min),
        emotion_max=fmt(emotion.max),
        emotion_example="{"
        + ", ".join(f"{p}: {fmt(emotion.mid)}" for p in personas or ["persona-id"])
        + "}",
        importance=fmt(round(importance.mid)),
        importance_min=fmt(importance.min),
        importance_max=fmt(importance.max),
    )
    return target


def new_content(
    config_path: Path,
    kind: str,
    new_id: str,
    journey: str | None = None,
    stage: str | None = None,
) -> Path:
    """Write a commented content file of `kind` from the theme's archetype; return its path."""
    check_new_id(new_id)
    project = open_project(config_path)
    values, known = _common_values(project, kind, new_id)
    if kind in FOLDERS:
        target = project.content / FOLDERS[kind] / f"{new_id}.md"
    elif kind == "journey":
        target = _new_journey(project, new_id, stage, values)
    elif kind == "touchpoint":
        target = _new_touchpoint(project, new_id, journey, stage, values, known)
    else:
        raise ScaffoldError(f"unknown kind `{kind}`; " + did_you_mean(kind, KINDS, "kinds"))
    if target.exists():
        raise ScaffoldError(f"{target} already exists; it was left as it was")
    text = _render(archetype(project, kind), values)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return target


def _journey_personas(project: Project, journey: str) -> list[str]:
    path = project.content / "journeys" / journey / "index.md"
    return _strings(_front_matter(path, "journey").get("personas"))


def _journey_owner(project: Project, journey: str) -> str | None:
    path = project.content / "journeys" / journey / "index.md"
    owner = _front_matter(path, "journey").get("owner")
    return owner if isinstance(owner, str) and owner in project.ids("department") else None


__all__ = ["KINDS", "ScaffoldError", "check_new_id", "new_content", "new_site"]
