"""The command line: output form, exit codes, --config, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from sitekit import fixture_site

from cjmsite.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_clean_site(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    code, out, err = run("check", "--config", str(config))
    assert code == 0
    assert err == ""
    assert out.startswith("ok: 1 journey, 2 touchpoints, 1 persona; 0 errors, 0 warnings")


def test_check_errors_exit_1_with_editor_format(tmp_path: Path) -> None:
    config = fixture_site("err-unknown-reference", tmp_path)
    code, out, err = run("check", "--config", str(config))
    assert code == 1
    assert err.splitlines() == [
        "content/journeys/signup/10-sees-ad.md:4:10: error: unknown channel `wbe` "
        "(did you mean `web`?)"
    ]
    assert out.strip() == "check failed: 1 error, 0 warnings"


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    config = fixture_site("warn-unknown-key", tmp_path)
    assert run("check", "--config", str(config))[0] == 0
    code, out, _ = run("check", "--strict", "--config", str(config))
    assert code == 1
    assert "(--strict)" in out


def test_config_errors_exit_2(tmp_path: Path) -> None:
    config = fixture_site("err-config", tmp_path)
    code, _, err = run("check", "--config", str(config))
    assert code == 2
    assert "Config value 'language'" in err
    code, _, err = run("check", "--config", str(tmp_path / "missing.yml"))
    assert code == 2
    assert "no configuration file" in err


def test_usage_error_exit_2() -> None:
    assert run("check", "--no-such-option")[0] == 2


def test_check_writes_nothing(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    run("check", "--config", str(config))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_schema_command_prints_json_schema(tmp_path: Path) -> None:
    code, out, _ = run("schema", "touchpoint")
    schema = json.loads(out)
    assert code == 0
    assert schema["$id"] == "urn:cjmsite:schema:touchpoint"
    assert set(schema["required"]) == {"title", "stage", "emotion", "importance"}
    assert schema["properties"]["importance"]["minimum"] == 1
    code, out, _ = run("schema")
    assert set(json.loads(out)) == {
        "channel",
        "department",
        "journey",
        "page",
        "persona",
        "touchpoint",
    }


def test_schema_follows_the_site_scales(tmp_path: Path) -> None:
    config = tmp_path / "cjmsite.yml"
    config.write_text("title: A\nscales: {importance: {min: 0, max: 10}}\n", encoding="utf-8")
    _, out, _ = run("schema", "touchpoint", "--config", str(config))
    assert json.loads(out)["properties"]["importance"]["maximum"] == 10


def test_python_dash_m(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "cjmsite", "check", "--config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok:")
