"""`cjmsite new`: the handbook skeleton and the archetype files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cjmsite.commands.new import new_group
from cjmsite.scaffold.handbook import ScaffoldError, new_content, new_site
from cjmsite.site.pipeline import build, check


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(new_group, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("language", ["en", "es"])
def test_new_site_passes_strict_check_and_builds(tmp_path: Path, language: str) -> None:
    code, output = run("site", str(tmp_path / "hb"), "--language", language)
    assert code == 0, output
    root = tmp_path / "hb"
    assert (root / ".gitignore").read_text() == "output/\n"
    assert (root / "README.md").is_file()
    for name in ("cjmsite-pr.yml", "cjmsite-pages.yml"):
        assert "cjmsite" in (root / ".github/workflows" / name).read_text("utf-8")
    config_text = (root / "cjmsite.yml").read_text("utf-8")
    assert f"language: {language}" in config_text
    assert "\n# repo_url: https://github.com/" in config_text  # issue 15: filled in, commented
    result = check(root / "cjmsite.yml", strict=True)
    assert result.ok and result.diagnostics == []
    site = result.site
    assert site is not None and len(site.personas) == 1 and len(site.departments) == 1
    assert len(site.channels) == 1 and len(site.pages) == 1
    (journey,) = site.journeys.values()
    assert len(journey.touchpoints) == 3
    assert journey.status == "draft" and len(journey.tags) == 1
    built = build(root / "cjmsite.yml", strict=True)
    assert built.written, built.diagnostics
    assert (root / "output" / "index.html").is_file()


def test_new_site_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    code, output = run("site", str(tmp_path))
    assert code == 2 and "not empty" in output
    assert (tmp_path / "keep.txt").read_text() == "mine"


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    new_site(tmp_path / "hb")
    return tmp_path / "hb" / "cjmsite.yml"


def test_new_files_are_valid_and_never_overwritten(handbook: Path) -> None:
    root = handbook.parent
    config = ["--config", str(handbook)]
    for kind in ("persona", "department", "channel", "journey"):
        code, output = run(kind, f"new-{kind}", *config)
        assert code == 0 and "wrote" in output, output
    code, output = run("touchpoint", "pays", "--journey", "new-journey", *config)
    assert code == 0 and "10-pays.md" in output
    code, output = run(
        "touchpoint", "checks-the-bill", "--journey", "first-order", "--stage", "purchase", *config
    )
    assert code == 0 and "40-checks-the-bill.md" in output
    assert "# " in (root / "content/personas/new-persona.md").read_text("utf-8")  # commented
    result = check(handbook)
    assert not result.errors, [d.format() for d in result.errors]
    site = result.site
    assert site is not None and "new-persona" in site.personas
    assert site.journeys["first-order"].touchpoint("checks-the-bill") is not None
    before = (root / "content/personas/new-persona.md").read_bytes()
    code, output = run("persona", "new-persona", *config)
    assert code == 2 and "already exists" in output
    assert (root / "content/personas/new-persona.md").read_bytes() == before
    code, output = run("touchpoint", "pays", "--journey", "new-journey", *config)
    assert code == 2 and "already exists" in output


def test_ids_journeys_and_stages_are_checked(handbook: Path) -> None:
    with pytest.raises(ScaffoldError, match="try `ana-lopez`"):
        new_content(handbook, "persona", "Ana López")
    with pytest.raises(ScaffoldError, match="did you mean `first-order`"):
        new_content(handbook, "touchpoint", "x", journey="first-ordr")
    with pytest.raises(ScaffoldError, match="no stage `retention`"):
        new_content(handbook, "touchpoint", "x", journey="first-order", stage="retention")
    with pytest.raises(ScaffoldError, match="pass --journey"):
        new_content(handbook, "touchpoint", "x")


def test_spanish_archetypes_follow_the_site_language(tmp_path: Path) -> None:
    new_site(tmp_path / "hb", "es")
    path = new_content(tmp_path / "hb" / "cjmsite.yml", "department", "facturacion")
    text = path.read_text("utf-8")
    assert "Un departamento" in text and 'name: "Facturacion"' in text


def test_names_follow_the_language(tmp_path: Path) -> None:
    new_site(tmp_path / "es", "es")
    spanish = tmp_path / "es" / "cjmsite.yml"
    channel = new_content(spanish, "channel", "centro-de-llamadas").read_text("utf-8")
    assert 'name: "Centro de llamadas"' in channel
    team = new_content(spanish, "department", "atencion-en-tienda").read_text("utf-8")
    assert 'name: "Atencion en tienda"' in team
    assert 'name: "Ana Lopez"' in new_content(spanish, "persona", "ana-lopez").read_text("utf-8")
    new_site(tmp_path / "en")
    english = tmp_path / "en" / "cjmsite.yml"
    assert 'name: "Call Centre"' in new_content(english, "channel", "call-centre").read_text()


def test_a_new_persona_builds_no_empty_list_items(handbook: Path) -> None:
    yaml = pytest.importorskip("yaml")
    path = new_content(handbook, "persona", "jordan")
    text = path.read_text("utf-8")
    data = yaml.safe_load(text.split("---")[1])
    assert data["goals"] is None and data["frustrations"] is None  # examples are comments
    assert '""' not in "".join(line for line in text.splitlines() if "goals" in line)
    # a persona that does keep blank items shows only the real ones
    blank = text.replace("goals: ", 'goals: ["", "  ", Real goal] ', 1)
    path.write_text(blank, encoding="utf-8")
    journey = handbook.parent / "content/journeys/first-order/index.md"
    journey.write_text(journey.read_text("utf-8").replace("  - alex", "  - alex\n  - jordan"))
    built = build(handbook)
    assert built.written, [d.format() for d in built.diagnostics]
    page = (handbook.parent / "output/personas/jordan/index.html").read_text("utf-8")
    assert "Real goal" in page
    assert not re.search(r"<li>\s*</li>", page)
    assert "list-frustrations" not in page  # no heading over an empty list


def test_a_new_journey_moves_through_one_stage(handbook: Path) -> None:
    path = new_content(handbook, "journey", "renew")
    text = path.read_text("utf-8")
    assert "stages:\n  - awareness\n#  - consideration\n" in text
    chosen = new_content(handbook, "journey", "leave", stage="retention").read_text("utf-8")
    assert "\n  - retention\n" in chosen and "\n  - awareness" not in chosen
    with pytest.raises(ScaffoldError, match="no stage `retnetion`"):
        new_content(handbook, "journey", "other", stage="retnetion")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_readme_commands_end_with_a_clean_strict_check(tmp_path: Path, language: str) -> None:
    root = tmp_path / "hb"
    new_site(root, language)
    readme = (root / "README.md").read_text("utf-8")
    section = readme.split("## A")[1]  # "Add content" / "Añadir contenido"
    commands = [line.split() for line in section.splitlines() if line.startswith("cjmsite new")]
    assert len(commands) == 5
    for command in commands:
        code, output = run(*command[2:], "--config", str(root / "cjmsite.yml"))
        assert code == 0, output
    result = check(root / "cjmsite.yml", strict=True)
    assert result.ok and [d.format() for d in result.diagnostics] == []


def test_new_journey_with_a_stage_then_a_touchpoint_there_is_clean(handbook: Path) -> None:
    config = ["--config", str(handbook)]
    assert run("journey", "cancel-a-contract", "--stage", "retention", *config)[0] == 0
    code, output = run(
        "touchpoint", "calls-to-cancel", "--journey", "cancel-a-contract",
        "--stage", "retention", *config,
    )  # fmt: skip
    assert code == 0, output
    result = check(handbook, strict=False)
    assert result.errors == []
    assert not any("retention" in d.message for d in result.warnings)
