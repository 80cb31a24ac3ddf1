"""Folders named in cjmsite.yml stay inside the project (issue 18, item 5).

`content_dir: .git` built and published `.git/config` (with any token `actions/checkout`
persisted there); `../elsewhere`, `/etc` and `../../../../etc` were accepted too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitekit import fixture_site

from cjmsite import build
from cjmsite.commands.main import main
from cjmsite.config.options import ConfigError, load_config


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    fixture_site("minimal", root, base=None)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic s3cr3t\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_text("secret")
    return root


def refused(root: Path, line: str) -> list[str]:
    (root / "cjmsite.yml").write_text(f"title: T\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(root / "cjmsite.yml")
    return [d.format() for d in raised.value.diagnostics.errors]


@pytest.mark.parametrize(
    "value",
    [".git", ".git/objects", "../elsewhere", "/etc", "../../../../etc", "content/../..", "~"],
)
def test_content_dir_must_stay_inside_the_project(project: Path, value: str) -> None:
    if value == "~":
        value = str(Path.home())
    (message,) = refused(project, f"content_dir: {value}")
    assert message.startswith("cjmsite.yml:2:")
    assert "Config value 'content_dir'" in message
    assert "outside the project" in message or "hidden folder `.git`" in message


@pytest.mark.parametrize("key", ["output_dir", "theme_overrides", "theme"])
@pytest.mark.parametrize("value", ["../elsewhere", "/tmp", "./../elsewhere"])
def test_other_folders_must_stay_inside_the_project(project: Path, key: str, value: str) -> None:
    (message,) = refused(project, f"{key}: {value}")
    assert message.startswith("cjmsite.yml:2:") and f"Config value '{key}'" in message


def test_symlinks_are_resolved(project: Path) -> None:
    (project / "linked").symlink_to(project.parent / "elsewhere")
    (message,) = refused(project, "content_dir: linked")
    assert "outside the project" in message and "elsewhere" in message
    (project / "looping").symlink_to(project / "looping")
    (message,) = refused(project, "output_dir: looping")
    assert "Config value 'output_dir'" in message


def test_default_content_folder_linked_outside_is_refused(project: Path) -> None:
    os.rename(project / "content", project / "real-content")
    (project / "content").symlink_to(project.parent / "elsewhere")
    (project / "cjmsite.yml").write_text("title: T\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(project / "cjmsite.yml")
    (error,) = raised.value.diagnostics.errors
    assert "Config value 'content_dir'" in error.message


def test_folders_inside_the_project_and_theme_names_stay_allowed(project: Path) -> None:
    (project / "docs" / "content").mkdir(parents=True)
    (project / "link").symlink_to(project / "docs")
    (project / "cjmsite.yml").write_text(
        "title: T\ncontent_dir: link/content\noutput_dir: build/site\n"
        "theme: default\ntheme_overrides: ./overrides\n",
        encoding="utf-8",
    )
    config, diags = load_config(project / "cjmsite.yml")
    assert not diags.has_errors() and config.content_dir == "link/content"


def test_output_on_the_command_line_may_be_anywhere(project: Path, tmp_path: Path) -> None:
    result = build(project / "cjmsite.yml", output_dir=tmp_path / "pages-artifact")
    assert result.ok and (tmp_path / "pages-artifact" / "index.html").is_file()


def test_the_cli_exits_2_without_a_traceback(project: Path) -> None:
    (project / "cjmsite.yml").write_text("title: T\ncontent_dir: .git\n", encoding="utf-8")
    for command in ("check", "build"):
        result = CliRunner().invoke(main, [command, "--config", str(project / "cjmsite.yml")])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "content_dir" in result.stderr
    assert not (project / "output").exists()


def test_dot_folders_in_content_are_never_read(project: Path, tmp_path: Path) -> None:
    content = project / "content"
    (content / ".git").mkdir()
    (content / ".git" / "config").write_text("token")
    (content / "assets" / ".private").mkdir()
    (content / "assets" / ".private" / "notes.txt").write_text("secret")
    (content / "assets" / ".env").write_text("TOKEN=1")
    result = build(project / "cjmsite.yml", output_dir=tmp_path / "out")
    assert result.ok
    published = [p.name for p in (tmp_path / "out").rglob("*")]
    assert not {"config", "notes.txt", ".env", ".git", ".private"} & set(published)
