"""cjmsite.yml options of issue 15: repo_url, edit_branch, stale_after_days, tags, rules;
and the journey keys status, tags, reviewed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjmsite.config.options import ConfigError, load_config
from cjmsite.model import TagDef
from cjmsite.site.pipeline import check
from tests.sitekit import fixture_site


def config_of(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "cjmsite.yml"
    path.write_text("title: T\n" + text, encoding="utf-8")
    return load_config(path)


def errors_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        config_of(tmp_path, text)
    return [d.format() for d in caught.value.diagnostics.sorted()]


def test_defaults(tmp_path: Path) -> None:
    config, diags = config_of(tmp_path, "")
    assert (config.repo_url, config.edit_branch, config.stale_after_days) == ("", "main", 180)
    assert config.tags == () and config.rules["stale-journey"] == "off"
    assert not diags.warnings


def test_values(tmp_path: Path) -> None:
    config, _ = config_of(
        tmp_path,
        "repo_url: https://github.com/acme/cx/\nedit_branch: docs/v2\nstale_after_days: 30\n"
        "tags: [{id: fidelizacion, name: Fidelización}, onboarding]\n"
        "rules: {stale-journey: error}\n",
    )
    assert config.repo_url == "https://github.com/acme/cx" and config.edit_branch == "docs/v2"
    assert config.stale_after_days == 30 and config.rules["stale-journey"] == "error"
    assert config.tags == (
        TagDef("fidelizacion", "Fidelización"),
        TagDef("onboarding", "Onboarding"),
    )


def test_bare_off_is_off(tmp_path: Path) -> None:
    config, _ = config_of(tmp_path, "rules:\n  stale-journey: off\n")
    assert config.rules["stale-journey"] == "off"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("repo_url: javascript:alert(1)\n", "cjmsite.yml:2:11: error: Config value 'repo_url'"),
        ('repo_url: "https://x.org/a b"\n', "Config value 'repo_url'"),
        ("edit_branch: ../main\n", "Config value 'edit_branch'"),
        ("stale_after_days: 0\n", "Config value 'stale_after_days'"),
        ("stale_after_days: true\n", "Config value 'stale_after_days'"),
        ("rules: {stale-journey: loud}\n", "expected off, warning or error"),
        ("rules: [stale-journey]\n", "Config value 'rules'"),
        ("tags: [{id: A B}]\n", "Config value 'tags[1].id'"),
        ("tags: [x, x]\n", "tag `x` is listed twice"),
        ("tags: {x: y}\n", "Config value 'tags'"),
    ],
)
def test_wrong_values(tmp_path: Path, text: str, fragment: str) -> None:
    assert any(fragment in line for line in errors_of(tmp_path, text))


def test_unknown_rule_warns(tmp_path: Path) -> None:
    _, diags = config_of(tmp_path, "rules: {stale-journeys: error}\n")
    assert any("did you mean `stale-journey`" in d.hint for d in diags.warnings)


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("status: done\n", "`status` must be one of `draft`, `validated`, `archived`"),
        ('reviewed: "2026-14-05"\n', "`reviewed` must be a date written YYYY-MM-DD"),
        ("reviewed: 14/05/2026\n", "`reviewed` must be a date written YYYY-MM-DD"),
        ("tags: [loyalti]\n", "unknown tag `loyalti`"),
    ],
)
def test_journey_keys_are_checked(tmp_path: Path, extra: str, fragment: str) -> None:
    config = fixture_site("minimal", tmp_path)
    config.write_text("title: T\ntags: [loyalty]\n", encoding="utf-8")
    index = tmp_path / "content/journeys/signup/index.md"
    index.write_text(index.read_text("utf-8").replace("owner: sales\n", "owner: sales\n" + extra))
    result = check(config)
    assert not result.ok
    assert any(fragment in d.format() for d in result.errors), [d.format() for d in result.errors]
