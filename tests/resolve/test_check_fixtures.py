"""Every error and warning class of the spec, one fixture site each, exact diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import SITES, expected_diagnostics, fixture_site

from cjmsite import check
from cjmsite.config.options import ConfigError

CASES = sorted(p.name for p in SITES.iterdir() if p.name.startswith(("err-", "warn-")))


def run_check(config: Path) -> tuple[list[str], bool]:
    try:
        result = check(config)
    except ConfigError as error:
        return [d.format() for d in error.diagnostics.sorted()], False
    return [d.format() for d in result.diagnostics], result.ok


def test_every_spec_class_has_a_fixture() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("name", CASES)
def test_fixture_reports_exactly_the_expected_diagnostics(name: str, tmp_path: Path) -> None:
    lines, ok = run_check(fixture_site(name, tmp_path))
    assert lines == expected_diagnostics(name)
    if name.startswith("err-"):
        assert not ok
        assert any(": error: " in line for line in lines)
    else:
        assert ok
        assert lines and all(": warning: " in line for line in lines)


@pytest.mark.parametrize("name", ["minimal", "spanish"])
def test_valid_fixture_is_clean(name: str, tmp_path: Path) -> None:
    lines, ok = run_check(fixture_site(name, tmp_path, base=None))
    assert lines == []
    assert ok


def test_hints_name_what_would_be_right(tmp_path: Path) -> None:
    lines, _ = run_check(fixture_site("err-unknown-reference", tmp_path))
    assert "did you mean `web`?" in lines[0]
    lines, _ = run_check(fixture_site("err-out-of-scale", tmp_path / "b"))
    assert "from -2 to 2" in lines[0]
