"""A string repeated through YAML aliases, and one-line texts of any length (issue 18, item 2).

The issue's case: `title: &t "<400,000 × x>"` and `pains: [*t, *t, …]` (4,000 aliases), 414 KB,
passed `check` and made `build` peak at 12.5 GB. The expansion is now counted (never built)
and refused at the alias that crosses `max_expanded_size`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitekit import fixture_site

from cjmsite import build, check
from cjmsite.commands.diff import diff_command
from cjmsite.config.options import ConfigError, load_config
from cjmsite.diagnostics import Diagnostic
from cjmsite.sources.yamltree import parse_yaml

TOUCHPOINT = "content/journeys/signup/10-sees-ad.md"
HEAD = "---\nstage: awareness\nchannel: web\nemotion: 1\nimportance: 2\n"


def bomb(aliases: int = 4_000, size: int = 400_000, title: str = "Sees an ad") -> str:
    refs = ", ".join(["*t"] * aliases)
    return f'{HEAD}title: {title}\nevidence: [&t "{"x" * size}"]\npains: [{refs}]\n---\nBody.\n'


def site(tmp_path: Path, touchpoint: str, config: str = "") -> Path:
    path = fixture_site("minimal", tmp_path, base=None)
    if config:
        path.write_text("title: Minimal handbook\n" + config, encoding="utf-8")
    (tmp_path / TOUCHPOINT).write_text(touchpoint, encoding="utf-8")
    return path


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def test_expansion_is_counted_without_building_it() -> None:
    doc = parse_yaml('t: &t "' + "x" * 400_000 + '"\np: [' + ", ".join(["*t"] * 4_000) + "]\n")
    assert doc.expanded > 1_600_000_000
    assert doc.alias_over(1_000_000) is not None and doc.alias_over(1_000_000).line == 2
    assert len({id(item) for item in doc.data["p"]}) == 1  # one string, shared
    plain = parse_yaml("a: [x, y]\n")
    assert plain.alias_over(10) is None and plain.aliases == []


def test_the_issue_case_is_an_error_at_the_crossing_alias(tmp_path: Path) -> None:
    config = site(tmp_path, bomb())
    (error,) = [d for d in errors(check(config).diagnostics) if d.path == TOUCHPOINT]
    assert "expands through YAML aliases" in error.message
    assert "over the limit of 10,000,000" in error.message and "max_expanded_size" in error.hint
    # the anchor and 24 aliases hold 10,000,000 x; with the keys, the 24th alias crosses
    assert (error.line, error.column) == (8, len("pains: [") + 23 * len("*t, ") + 1)


def test_build_refuses_it_and_writes_nothing_big(tmp_path: Path) -> None:
    config = site(tmp_path / "site", bomb())
    result = build(config, output_dir=tmp_path / "out")
    assert not result.ok and not result.written and not (tmp_path / "out").exists()
    assert any("expands through YAML aliases" in d.message for d in result.errors)


def test_max_expanded_size_is_configurable(tmp_path: Path) -> None:
    small = bomb(aliases=3, size=100)
    config = site(tmp_path, small, "max_expanded_size: 250\n")
    (error,) = errors(check(config).diagnostics)
    assert "over the limit of 250 " in error.message and error.line == 8
    config.write_text("title: T\nmax_expanded_size: 100000\n", encoding="utf-8")
    assert errors(check(config).diagnostics) == []


def test_default_follows_max_file_size(tmp_path: Path) -> None:
    config = site(tmp_path, bomb(aliases=30, size=1_000), "max_file_size: 2000\n")
    (error,) = errors(check(config).diagnostics)
    assert "over the limit of 20,000 " in error.message


@pytest.mark.parametrize(
    ("file", "key", "text"),
    [
        (TOUCHPOINT, "title", None),
        ("content/personas/ana.md", "name", "---\nname: {v}\n---\n"),
        ("content/departments/care.md", "name", "---\nname: {v}\n---\n"),
        ("content/journeys/signup/index.md", "title", None),
    ],
)
def test_one_line_texts_have_a_length_limit(
    tmp_path: Path, file: str, key: str, text: str | None
) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    path = tmp_path / file
    long = "Ñ" * 501
    original = path.read_text(encoding="utf-8")
    if text is None:
        lines = [
            f"{key}: {long}" if ln.startswith(f"{key}:") else ln for ln in original.split("\n")
        ]
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        path.write_text(text.format(v=long) + original.split("---\n", 2)[2], encoding="utf-8")
    found = [d for d in errors(check(config).diagnostics) if d.path == file]
    assert len(found) == 1, found
    assert f"`{key}` is 501 characters long" in found[0].message
    assert "max_title_length" in found[0].message and found[0].line >= 2


def test_idea_titles_and_metric_names_are_one_line_texts(tmp_path: Path) -> None:
    long = "x" * 41
    touchpoint = (
        f"{HEAD}title: T\nideas: [{long}, {{title: {long}}}]\n"
        f"metrics: [{{name: {long}, value: 1}}]\n---\n"
    )
    config = site(tmp_path, touchpoint, "max_title_length: 40\n")
    messages = sorted(d.message.split(" is ")[0] for d in errors(check(config).diagnostics))
    assert messages == ["`ideas[1]`", "`ideas[2].title`", "`metrics[1].name`"]


def test_limit_settings_are_validated(tmp_path: Path) -> None:
    config = site(tmp_path, bomb(1, 1), "max_title_length: many\nmax_expanded_size: -1\n")
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert sorted(d.message.split(":")[0] for d in raised.value.diagnostics.errors) == [
        "Config value 'max_expanded_size'",
        "Config value 'max_title_length'",
    ]


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }  # fmt: skip
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env, check=True,
                   capture_output=True)  # fmt: skip


def test_diff_json_of_the_alias_case_stays_small(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    (tmp_path / TOUCHPOINT).write_text(bomb(aliases=2_000), encoding="utf-8")
    result = CliRunner().invoke(diff_command, ["--config", str(config), "--format", "json", "main"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 3  # the head revision has a content error
    assert len(result.stdout) < 100_000
    report = json.loads(result.stdout)
    assert "expands through YAML aliases" in json.dumps(report)


def test_site_title_and_stage_names_are_one_line_texts(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    config.write_text(
        f"title: {'T' * 30}\nmax_title_length: 20\n"
        f"stages: [{{id: a, name: {'N' * 21}}}, {{id: b, name: Fine}}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    found = sorted((d.line, d.message.split(":")[0]) for d in raised.value.diagnostics.errors)
    assert found == [(1, "Config value 'title'"), (3, "Config value 'stages[1].name'")]
