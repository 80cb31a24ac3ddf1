"""`rules:` in cjmsite.yml: every rule at every level, waivers, bad values and unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import fixture_site, write_files

from cjmsite.config.options import ConfigError, load_config
from cjmsite.config.rules import RULE_NAMES, RULES
from cjmsite.site.pipeline import check

SEES_AD = "content/journeys/signup/10-sees-ad.md"
VISITS = "content/journeys/signup/20-visits-store.md"
TP = "---\ntitle: {title}\nstage: {stage}\nchannel: {channel}\nemotion: {emotion}\nimportance: {imp}\n{extra}---\nText.\n"  # noqa: E501


def sees_ad(extra: str) -> dict[str, str]:
    text = TP.format(channel="web", title="Sees an ad", stage="awareness", emotion=1, imp=2,
                     extra=extra)  # fmt: skip
    return {SEES_AD: text}


def visits(extra: str) -> dict[str, str]:
    text = TP.format(channel="store", title="Visits the store", stage="purchase", emotion=-1,
                     imp=5, extra="owners: {sales: A, care: R}\n" + extra)  # fmt: skip
    return {VISITS: text}


# per rule: files that break it once (the minimal site's store visit is a hotspot)
BREAKS: dict[str, dict[str, str]] = {
    "raci": sees_ad("owners: {sales: R}\n"),
    "touchpoint-without-owner": sees_ad(""),
    "hotspot-without-idea": {},
    "idea-without-owner": sees_ad("owners: {sales: [R, A]}\nideas: [Banner]\n"),
    "assumed-hotspot": visits("confidence: assumed\n"),
}
WHERE = {
    "raci": f"{SEES_AD}:7:9:",  # the owners value
    "touchpoint-without-owner": f"{SEES_AD}:1:1:",
    "hotspot-without-idea": f"{VISITS}:2:1:",  # the touchpoint's frontmatter
    "idea-without-owner": f"{SEES_AD}:8:9:",  # the idea
    "assumed-hotspot": f"{VISITS}:2:1:",
}


def site(tmp_path: Path, rules: str = "", files: dict[str, str] | None = None) -> Path:
    config = fixture_site("minimal", tmp_path)
    write_files(tmp_path, files or {})
    if rules:
        config.write_text(config.read_text("utf-8") + rules, "utf-8")
    return config


def tagged(config: Path, rule: str) -> list[str]:
    return [d.format() for d in check(config).diagnostics if f"[{rule}]" in d.message]


def test_the_registry_has_the_issue_s_rules_and_defaults() -> None:
    assert RULE_NAMES == ("raci", "touchpoint-without-owner", "hotspot-without-idea",
                          "idea-without-owner", "assumed-hotspot", "stale-journey")  # fmt: skip
    defaults = {r.name: r.default for r in RULES}
    assert defaults["raci"] == defaults["touchpoint-without-owner"] == "warning"
    assert {defaults[n] for n in RULE_NAMES[2:]} == {"off"}


# stale-journey needs git history and a date: tests/site/test_upkeep_build.py tests it
@pytest.mark.parametrize("rule", [name for name in RULE_NAMES if name != "stale-journey"])
@pytest.mark.parametrize("level", ["off", "warning", "error", "default"])
def test_each_rule_at_each_level(rule: str, level: str, tmp_path: Path) -> None:
    rules = "" if level == "default" else f"rules:\n  {rule}: {level}\n"
    found = tagged(site(tmp_path, rules, BREAKS[rule]), rule)
    expected = next(r.default for r in RULES if r.name == rule) if level == "default" else level
    if expected == "off":
        assert found == []
        return
    assert len(found) >= 1
    assert all(line.startswith(WHERE[rule]) for line in found), found
    assert all(f": {expected}: " in line for line in found), found


def test_error_level_fails_the_check_and_waivers_silence_it(tmp_path: Path) -> None:
    config = site(tmp_path, "rules:\n  hotspot-without-idea: error\n")
    assert check(config).errors
    write_files(tmp_path, visits('waive: {hotspot-without-idea: "budget decided in Q3"}\n'))
    result = check(config)
    assert not result.errors and not result.warnings
    tp = result.site.journeys["signup"].touchpoint("visits-store")
    assert tp.waivers == {"hotspot-without-idea": "budget decided in Q3"}


def test_a_journey_waiver_covers_its_touchpoints(tmp_path: Path) -> None:
    index = (
        "---\ntitle: Sign up\npersonas: [ana]\nstages: [awareness, purchase]\n"
        "waive: {touchpoint-without-owner: moved to the partner}\n---\n## Overview\n"
    )
    files = {**BREAKS["touchpoint-without-owner"], "content/journeys/signup/index.md": index}
    config = site(tmp_path, "", files)
    assert tagged(config, "touchpoint-without-owner") == []


def test_bare_off_is_yaml_false_and_accepted(tmp_path: Path) -> None:
    config = site(tmp_path, "rules:\n  raci: off\n  touchpoint-without-owner: OFF\n")
    loaded, diags = load_config(config)
    assert loaded.rules["raci"] == "off" and loaded.rules["touchpoint-without-owner"] == "off"
    assert not diags.items


def test_unknown_rule_is_a_warning_with_did_you_mean(tmp_path: Path) -> None:
    config = site(tmp_path, "rules:\n  hotspot-without-ideas: error\n")
    _, diags = load_config(config)
    [warning] = [d.format() for d in diags.items]
    assert warning.startswith(
        "cjmsite.yml:3:3: warning: Config value 'rules.hotspot-without-ideas'"
    )
    assert "did you mean `hotspot-without-idea`?" in warning


def test_bad_level_names_line_and_the_allowed_levels(tmp_path: Path) -> None:
    config = site(tmp_path, "rules:\n  raci: fatal\n")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    [error] = [d.format() for d in caught.value.diagnostics.items]
    assert error.startswith("cjmsite.yml:3:9: error: Config value 'rules.raci'")
    assert "expected off, warning or error, got" in error


def test_defaults_confidence_applies_where_a_touchpoint_does_not_say(tmp_path: Path) -> None:
    config = site(tmp_path, "defaults:\n  confidence: assumed\n")
    result = check(config)
    assert {tp.confidence for tp in result.site.journeys["signup"].touchpoints} == {"assumed"}
    bad = site(tmp_path / "b", "defaults:\n  confidence: guessed\n")
    with pytest.raises(ConfigError) as caught:
        load_config(bad)
    assert "expected observed or assumed" in caught.value.diagnostics.items[0].format()


def test_schemas_come_from_the_same_definitions() -> None:
    from cjmsite.config.schema import config_json_schema
    from cjmsite.model import Scale
    from cjmsite.resolve.json_schema import json_schema
    from cjmsite.resolve.kinds import Scales

    rules = config_json_schema()["properties"]["rules"]
    assert list(rules["properties"]) == list(RULE_NAMES)
    assert rules["properties"]["raci"]["default"] == "warning"
    touchpoint = json_schema("touchpoint", Scales(Scale(-2, 2), Scale(1, 5)))
    idea = touchpoint["properties"]["ideas"]["items"]["oneOf"][1]["properties"]
    assert (idea["impact"]["minimum"], idea["impact"]["maximum"]) == (1, 5)
    assert touchpoint["properties"]["confidence"]["enum"] == ["observed", "assumed"]
    assert touchpoint["properties"]["waive"]["propertyNames"]["enum"] == list(RULE_NAMES)
    journey = json_schema("journey", Scales(Scale(-2, 2), Scale(1, 5)))
    assert "as_of" in journey["properties"]["metrics"]["items"]["properties"]
