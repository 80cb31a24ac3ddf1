"""The command line: output form, exit codes, --config, schema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitekit import fixture_site

from cjmsite.commands.main import main


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


@pytest.mark.slow
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


def test_quiet_prints_diagnostics_only(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    assert run("check", "-q", "--config", str(config)) == (0, "", "")
    code, out, err = run("build", "--quiet", "--config", str(config))
    assert (code, out, err) == (0, "", "")
    assert (tmp_path / "output/index.html").is_file()
    broken = fixture_site("err-unknown-reference", tmp_path / "broken")
    for command in ("check", "build"):
        code, out, err = run(command, "--quiet", "--config", str(broken))
        assert code == 1 and out == ""
        assert "error: unknown channel `wbe`" in err


def test_quiet_warnings_and_strict(tmp_path: Path) -> None:
    config = fixture_site("warn-unknown-key", tmp_path)
    code, out, err = run("check", "-q", "--config", str(config))
    assert code == 0 and out == "" and "warning:" in err
    code, out, err = run("check", "-q", "--strict", "--config", str(config))
    assert code == 1 and out == "" and "warning:" in err


def test_verbose_shows_steps_on_stderr(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    code, out, err = run("build", "-v", "--config", str(config))
    assert code == 0
    assert out.startswith("built ") and "… loading content" not in out
    assert "… loading content" in err and "… rendering pages" in err


@pytest.mark.parametrize("command", ["check", "build"])
def test_quiet_and_verbose_together_is_a_usage_error(tmp_path: Path, command: str) -> None:
    config = fixture_site("minimal", tmp_path)
    code, out, err = run(command, "-q", "-v", "--config", str(config))
    assert code == 2 and out == ""
    assert "--quiet and --verbose cannot be used together" in err
    assert not (tmp_path / "output").exists()


def test_build_exit_codes(tmp_path: Path) -> None:
    """0 built; 1 content errors (summary on stdout, diagnostics on stderr); 2 config."""
    broken = fixture_site("err-unknown-reference", tmp_path / "a")
    code, out, err = run("build", "--config", str(broken))
    assert code == 1
    assert out.startswith("build failed: 1 error, 0 warnings")
    assert err.startswith("content/journeys/signup/10-sees-ad.md:4:10: error:")
    warned = fixture_site("warn-unknown-key", tmp_path / "b")
    assert run("build", "--config", str(warned))[0] == 0
    code, out, _ = run("build", "--strict", "--config", str(warned))
    assert code == 1 and "(--strict)" in out
    bad_config = fixture_site("err-config", tmp_path / "c")
    code, out, err = run("build", "--config", str(bad_config))
    assert code == 2 and out == "" and "the configuration is invalid" in err
    assert run("build", "--no-such-option")[0] == 2


def test_interrupt_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    config = fixture_site("minimal", tmp_path)
    for name in ("check.check", "build.build", "schema.json_schema"):
        monkeypatch.setattr(f"cjmsite.commands.{name}", interrupted)
    for args in (["check"], ["build"], ["schema", "touchpoint"]):
        code, out, err = run(*args, "--config", str(config))
        assert code == 130, args
        assert out == "" and "interrupted" in err


def colour_run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), color=True, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_severities_in_colour_unless_no_color(tmp_path: Path) -> None:
    config = fixture_site("err-unknown-reference", tmp_path)
    _, _, err = colour_run("check", "--config", str(config), env={"NO_COLOR": ""})
    assert "\x1b[31m" in err and "error" in err  # red: an empty NO_COLOR does not count
    _, out, err = colour_run("check", "--config", str(config), env={"NO_COLOR": "1"})
    assert "\x1b[" not in err + out
    assert err.startswith("content/journeys/signup/10-sees-ad.md:4:10: error: unknown channel")
    warned = fixture_site("warn-unknown-key", tmp_path / "w")
    _, _, err = colour_run("check", "--config", str(warned), env={"NO_COLOR": ""})
    assert "\x1b[33m" in err  # yellow warnings


def test_no_colour_without_a_terminal(tmp_path: Path) -> None:
    config = fixture_site("err-unknown-reference", tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "cjmsite", "check", "--config", str(config)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": ""},
    )
    assert done.returncode == 1
    assert "\x1b[" not in done.stderr and "error: unknown channel" in done.stderr


@pytest.mark.parametrize("command", ["check", "build"])
def test_unknown_theme_is_a_config_error(tmp_path: Path, command: str) -> None:
    config = fixture_site("minimal", tmp_path)
    config.write_text("title: T\ntheme: nope\n", encoding="utf-8")
    code, _, err = run(command, "--config", str(config))
    assert code == 2
    assert "cjmsite.yml:2:1: error: Config value 'theme'" in err and "`default`" in err


def test_build_site_url_overrides_the_configuration(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    code, _, err = run("build", "--config", str(config), "--site-url", "https://o.github.io/r")
    assert code == 0, err
    sitemap = (tmp_path / "output/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://o.github.io/r/journeys/signup/</loc>" in sitemap
    missing = (tmp_path / "output/404.html").read_text(encoding="utf-8")
    assert (
        'href="https://o.github.io/r/index.html"' in missing or "https://o.github.io/r/" in missing
    )
    code, _, err = run("build", "--config", str(config), "--site-url", "not a url")
    assert code == 2 and "--site-url: expected" in err


def test_check_strict_fails_on_a_language_without_locale_file(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path)
    config.write_text("title: T\nlanguage: xx\n", encoding="utf-8")
    code, _, err = run("check", "--strict", "--config", str(config))
    assert code == 1
    assert "no locale file for language `xx`" in err


class _FailingReplaces:
    """The os module as cjmsite.write.update sees it, with os.replace failing on the given
    calls (1-based): a disk error in the middle of the in-place update, and in its undo."""

    def __init__(self, failures: set[int]) -> None:
        self.failures, self.calls = failures, 0

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def replace(self, source: object, target: object) -> None:
        self.calls += 1
        if self.calls in self.failures:
            raise OSError(5, "Input/output error")
        os.replace(source, target)  # type: ignore[arg-type]


def test_a_build_whose_undo_fails_says_the_previous_output_was_not_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never "the previous output was left as it was" when it was not: the error names the
    folder holding what could not be put back, and the next build makes the output whole."""
    from cjmsite.write import update as update_module

    config = fixture_site("minimal", tmp_path)
    assert run("build", "--config", str(config))[0] == 0
    page = tmp_path / "content" / "journeys" / "signup" / "10-sees-ad.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAñadido: ¿y ahora?\n", "utf-8")
    monkeypatch.setattr(update_module, "os", _FailingReplaces({2, 3}))
    code, out, err = run("build", "--config", str(config))
    monkeypatch.undo()
    (kept,) = tmp_path.glob(".cjmsite-old-output-*")
    assert code == 1 and "cannot write the site" in err and str(kept) in err
    assert out.startswith("build failed: 1 error, 0 warnings; the previous output could not be")
    assert "left as it was" not in out
    assert run("build", "--config", str(config))[0] == 0
    assert not list(tmp_path.glob(".cjmsite-*")) and "¿y ahora?" in (
        tmp_path / "output" / "journeys" / "signup" / "sees-ad" / "index.html"
    ).read_text(encoding="utf-8")
