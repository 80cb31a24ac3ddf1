"""Paths: nothing outside content/ is read or copied, nothing is written outside the output.

`photo`, `storyboard`, body links and images that leave the content folder (`../`,
absolute paths, symlinks to outside, symlinked folders) are errors; the asset list the
loader builds holds only files inside content/; ids and page paths cannot climb out.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest
from sitekit import fixture_site, needs_fifo, needs_symlinks

from cjmsite import build, check
from cjmsite.diagnostics import Diagnostic, Diagnostics
from cjmsite.resolve.links import page_dir, target_url
from cjmsite.sources.files import ID_PATTERN, load_content

PERSONA = "content/personas/ana.md"
TOUCHPOINT = "content/journeys/signup/20-visits-store.md"
SECRET = "TOP-SECRET-4711"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The minimal site in tmp_path/site, and a secret file beside it (outside content/)."""
    fixture_site("minimal", tmp_path / "site", base=None)
    (tmp_path / "secret.png").write_text(SECRET, encoding="utf-8")
    (tmp_path / "secret.md").write_text(f"---\nname: {SECRET}\n---\n{SECRET}\n", "utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.png").write_text(SECRET, encoding="utf-8")
    return tmp_path / "site"


def edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def diagnostics(site: Path) -> list[Diagnostic]:
    return check(site / "cjmsite.yml").diagnostics


def errors(site: Path, path: str | None = None) -> list[str]:
    return [
        d.format()
        for d in diagnostics(site)
        if d.severity == "error" and (path is None or d.path == path)
    ]


def assert_no_secret(site: Path) -> None:
    """Neither the model, the diagnostics nor the asset list carry anything from outside."""
    result = check(site / "cjmsite.yml")
    assert SECRET not in repr(result.site)
    assert all(SECRET not in d.format() for d in result.diagnostics)
    content = (site / "content").resolve()
    for asset in result.site.assets if result.site else ():
        assert Path(asset.source_path).resolve().is_relative_to(content)
        assert not asset.output_path.startswith(("/", "../")) and ".." not in asset.output_path


# -- frontmatter paths ---------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        "../../secret.png",
        "../../../secret.png",
        "../assets/../../../secret.png",
        "/etc/passwd",
        "//server/share/x.png",
        "C:/Windows/win.ini",
        "%2e%2e/%2e%2e/%2e%2e/secret.png",
    ],
)
def test_photo_leaving_content_is_an_error(project: Path, value: str) -> None:
    edit(project, PERSONA, "photo: ../assets/ana.svg", f"photo: '{value}'")
    (error,) = errors(project, PERSONA)
    assert "leaves the content folder" in error and ":4:8:" in error
    assert_no_secret(project)


@pytest.mark.parametrize("value", ["../../../../secret.png", "/etc/passwd", "../../../.."])
def test_storyboard_leaving_content_is_an_error(project: Path, value: str) -> None:
    edit(project, TOUCHPOINT, "stage: purchase", f"stage: purchase\nstoryboard: '{value}'")
    (error,) = errors(project, TOUCHPOINT)
    assert "`storyboard` path" in error and "leaves the content folder" in error


# -- body links and images -----------------------------------------------------------
@pytest.mark.parametrize(
    "markdown",
    [
        "[s](../../secret.md)",
        "![s](../../secret.png)",
        "![s](/etc/passwd)",
        "[s](/etc/passwd)",
        "![s](../../outside/x.png)",
        "[s](%2E%2E/%2E%2E/secret.md)",
    ],
)
def test_body_link_leaving_content_is_an_error(project: Path, markdown: str) -> None:
    edit(project, PERSONA, "Ana walks", f"{markdown}\n\nAna walks")
    (error,) = errors(project, PERSONA)
    assert "leaves the content folder" in error and ":7:" in error
    assert_no_secret(project)


# -- symbolic links ------------------------------------------------------------------
@needs_symlinks
def test_symlinked_asset_to_outside_is_refused_and_not_copied(project: Path) -> None:
    os.symlink(project.parent / "secret.png", project / "content/assets/leak.png")
    edit(project, PERSONA, "photo: ../assets/ana.svg", "photo: ../assets/leak.png")
    found = errors(project)
    assert any(
        "content/assets/leak.png: error: a symbolic link to a file outside" in e for e in found
    )
    assert any(
        e.startswith(PERSONA) and "`photo` path `../assets/leak.png` leaves" in e for e in found
    )
    assert_no_secret(project)


@needs_symlinks
def test_symlinked_asset_is_never_in_the_output(project: Path) -> None:
    """Even unreferenced, a link to outside is an error, so the build writes nothing."""
    os.symlink(project.parent / "secret.png", project / "content/assets/leak.png")
    result = build(project / "cjmsite.yml")
    assert not result.written
    assert any("symbolic link" in d.message for d in result.errors)
    output = project / "output"
    leaked = [p for p in output.rglob("*") if p.is_file() and SECRET in p.read_text("latin-1")]
    assert leaked == []


@needs_symlinks
def test_symlinked_markdown_to_outside_is_not_read(project: Path) -> None:
    os.symlink(project.parent / "secret.md", project / "content/personas/eve.md")
    found = errors(project)
    assert any("content/personas/eve.md: error: a symbolic link to a file" in e for e in found)
    result = check(project / "cjmsite.yml")
    assert result.site is not None and "eve" not in result.site.personas
    assert_no_secret(project)


@needs_symlinks
def test_symlinked_folder_to_outside_is_an_error(project: Path) -> None:
    os.symlink(project.parent / "outside", project / "content/assets/ext")
    edit(project, PERSONA, "Ana walks", "![x](../assets/ext/x.png)\n\nAna walks")
    found = errors(project)
    assert any("content/assets/ext: error: a symbolic link to a folder outside" in e for e in found)
    assert any(e.startswith(PERSONA) and "leaves the content folder" in e for e in found)
    assert_no_secret(project)


@needs_symlinks
def test_symlinked_content_folder_inside_is_only_a_warning(project: Path) -> None:
    os.symlink(project / "content/assets", project / "content/pictures")
    found = [d for d in diagnostics(project) if d.path == "content/pictures"]
    assert [d.severity for d in found] == ["warning"]
    assert "not followed" in found[0].message


@needs_symlinks
def test_symlinked_file_inside_content_is_allowed(project: Path) -> None:
    os.symlink(project / "content/assets/ana.svg", project / "content/assets/alias.svg")
    edit(project, PERSONA, "photo: ../assets/ana.svg", "photo: ../assets/alias.svg")
    assert errors(project) == []
    result = check(project / "cjmsite.yml")
    assert result.site is not None and result.site.personas["ana"].photo == "assets/alias.svg"


@needs_symlinks
def test_symlink_loop_and_dangling_link(project: Path) -> None:
    os.symlink(project / "content/assets/b.png", project / "content/assets/a.png")
    os.symlink(project / "content/assets/a.png", project / "content/assets/b.png")
    os.symlink(project / "content/assets/none.png", project / "content/assets/gone.png")
    found = {d.path: d for d in diagnostics(project)}
    assert found["content/assets/a.png"].severity == "error"
    assert found["content/assets/gone.png"].severity == "warning"


@needs_symlinks
def test_content_folder_itself_may_be_a_symlink(tmp_path: Path, project: Path) -> None:
    """… to a folder inside the project; one leading outside it is refused (issue 18,
    tests/hardening/test_config_paths.py)."""
    os.rename(project / "content", project / "real-content")
    os.symlink(project / "real-content", project / "content")
    assert errors(project) == []


@needs_fifo
def test_fifo_is_skipped_not_read(project: Path) -> None:
    os.mkfifo(project / "content/assets/pipe.png")  # reading it would block forever
    result = check(project / "cjmsite.yml")
    assert result.errors == []
    assert result.site is not None
    assert all(not a.output_path.endswith("pipe.png") for a in result.site.assets)


# -- ids and page paths never leave the output folder ---------------------------------
HOSTILE_NAMES = [
    "personas/..evil.md",
    "personas/a b.md",
    "personas/a%2f..%2fb.md",
    "personas/a\\..\\b.md",
    "personas/Ana.md",
    "journeys/../index.md",
    "journeys/x y/index.md",
    "journeys/j/10-..md",
    "journeys/j/10-a..b.md",
    "pages/a b/c.md",
    "pages/x/%2e%2e.md",
    "pages/UP/x.md",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_file_names_are_refused(project: Path, name: str) -> None:
    path = project / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: T\nname: N\n---\n", encoding="utf-8")
    found = errors(project)
    hidden = any(part.startswith(".") for part in name.split("/"))  # skipped, like .git
    if not hidden:
        assert any("invalid" in e or "must start with" in e for e in found), found
    result = check(project / "cjmsite.yml")
    assert result.site is not None and set(result.site.personas) == {"ana"}


def test_every_output_path_stays_inside(project: Path) -> None:
    for name in HOSTILE_NAMES:
        path = project / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: T\n---\n", encoding="utf-8")
    (project / "content/assets/..odd.png").write_bytes(b"x")
    (project / "content/assets/a b%2f..png").write_bytes(b"x")
    diags = Diagnostics()
    sources = load_content(project / "content", project, diags)
    for source in sources:
        url = source.content_path if source.kind == "asset" else page_dir(source)
        for candidate in (url, target_url(source)):
            normal = posixpath.normpath(candidate.split("#")[0] or ".")
            assert not normal.startswith(("/", "..")), (source.shown, candidate)
        if source.kind != "asset":
            for segment in source.id.split("/"):
                assert ID_PATTERN.match(segment), source.shown


@pytest.mark.parametrize("stage", ["../x", "a/b", "UP", ".."])
def test_stage_ids_are_validated(project: Path, stage: str) -> None:
    edit(
        project,
        "content/journeys/signup/index.md",
        "stages: [awareness, purchase]",
        f"stages: [awareness, purchase, {{id: '{stage}', name: X}}]",
    )
    found = errors(project, "content/journeys/signup/index.md")
    assert any("stage id of lower-case letters" in e for e in found), found


@pytest.mark.parametrize("page", ["journeys", "assets/x", "data", "index", "404"])
def test_pages_cannot_take_the_sites_own_paths(project: Path, page: str) -> None:
    path = project / "content/pages" / f"{page}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Clash\n", encoding="utf-8")
    assert any("clashes with the site's own" in e for e in errors(project))
