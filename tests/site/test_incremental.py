"""Incremental builds are byte-identical to cold builds, whatever changed; the cache is
safe to corrupt or delete."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cjmsite.site.cache import cache_folder
from cjmsite.site.incremental import IncrementalBuilder
from cjmsite.site.pipeline import build

REPO = Path(__file__).resolve().parents[2]
OUTAGE = "content/journeys/report-an-outage"
FIBRE = "content/journeys/switch-to-fibre"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def same_as_cold(project: Path, output: Path, tmp: Path) -> None:
    """A cold build (no cache read or written) of the same input gives the same bytes."""
    cold = tmp / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    result = build(project / "cjmsite.yml", output_dir=cold, use_cache=False)
    assert result.written, [d.format() for d in result.errors]
    got, want = tree(output), tree(cold)
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []


def demo(tmp_path: Path, search: bool = False) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    config = (REPO / "cjmsite.yml").read_text("utf-8")
    (project / "cjmsite.yml").write_text(
        config + ("" if search else "search: false\n"), encoding="utf-8"
    )
    shutil.copytree(REPO / "content", project / "content")
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


TOUCHPOINT = f"{OUTAGE}/10-checks-status-page.md"
# (what, change): applied one after another; each step is compared with a cold build.
Change = Callable[[Path], None]
CHANGES: list[tuple[str, Change]] = [
    ("touchpoint body", lambda p: edit(p / TOUCHPOINT, "status page", "status page (edited)")),
    ("touchpoint emotion", lambda p: edit(p / TOUCHPOINT, "emotion: -1", "emotion: -2")),
    ("touchpoint owners", lambda p: edit(p / TOUCHPOINT, "  marketing: C\n", "")),
    (
        "touchpoint confidence",
        lambda p: edit(p / TOUCHPOINT, "title: ", "confidence: assumed\ntitle: "),
    ),
    ("idea re-scored", lambda p: edit(p / TOUCHPOINT, "impact: 4", "impact: 5")),
    (
        "touchpoint added",
        lambda p: (p / f"{OUTAGE}/15-asks-a-neighbour.md").write_text(
            "---\ntitle: Asks a neighbour\nstage: retention\nemotion: -1\nimportance: 2\n"
            "owners:\n  customer-care: A\n  field-operations: R\n---\nNext door is down too.\n",
            encoding="utf-8",
        ),
    ),
    (
        "touchpoint renamed",
        lambda p: (p / f"{OUTAGE}/15-asks-a-neighbour.md").rename(
            p / f"{OUTAGE}/16-asks-the-neighbours.md"
        ),
    ),
    ("touchpoint deleted", lambda p: (p / f"{OUTAGE}/16-asks-the-neighbours.md").unlink()),
    ("journey", lambda p: edit(p / f"{FIBRE}/index.md", "title: ", "title: The ")),
    ("future journey", lambda p: edit(p / f"{FIBRE}-future/120-first-bill.md", "---\n", "---\n")),
    ("persona", lambda p: edit(p / "content/personas/leo.md", "name: ", "name: Dr ")),
    ("department", lambda p: edit(p / "content/departments/billing.md", "name: ", "name: The ")),
    ("channel", lambda p: edit(p / "content/channels/website.md", "name: ", "name: Our ")),
    ("page body", lambda p: edit(p / "content/pages/method.md", "\n\n", "\n\nEdited.\n\n")),
    (
        "page added",
        lambda p: (p / "content/pages/faq.md").write_text("# FAQ\n\nAsk us.\n", encoding="utf-8"),
    ),
    (
        "page renamed",
        lambda p: (p / "content/pages/faq.md").rename(p / "content/pages/questions.md"),
    ),
    ("page deleted", lambda p: (p / "content/pages/questions.md").unlink()),
    (
        "asset changed",
        lambda p: (p / "content/assets/personas/leo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8"
        ),
    ),
    (
        "asset added",
        lambda p: (p / "content/assets/extra.txt").write_text("extra\n", encoding="utf-8"),
    ),
    ("asset deleted", lambda p: (p / "content/assets/extra.txt").unlink()),
    ("config", lambda p: edit(p / "cjmsite.yml", "title: Northwind", "title: Southwind")),
    (
        "theme override added",
        lambda p: (
            (p / "theme_overrides/static").mkdir(parents=True)
            or (p / "theme_overrides/static/extra.css").write_text("p{}\n", encoding="utf-8")
        ),
    ),
    (
        "theme template override",
        lambda p: (
            (p / "theme_overrides/templates").mkdir()
            or (p / "theme_overrides/templates/page.html").write_text(
                '{% extends "theme/page.html" %}\n', encoding="utf-8"
            )
        ),
    ),
    ("theme override removed", lambda p: shutil.rmtree(p / "theme_overrides")),
]


@pytest.mark.slow
def test_every_kind_of_change_matches_a_cold_build(tmp_path: Path) -> None:
    project = demo(tmp_path)
    output = project / "output"
    assert build(project / "cjmsite.yml").written
    assert (cache_folder(project)).is_dir()
    same_as_cold(project, output, tmp_path)
    for what, change in CHANGES:
        change(project)
        result = build(project / "cjmsite.yml")
        assert result.written, (what, [d.format() for d in result.errors])
        try:
            same_as_cold(project, output, tmp_path)
        except AssertionError as error:
            raise AssertionError(f"after the change `{what}`: {error}") from error


@pytest.mark.slow
def test_a_touchpoint_edit_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    project = demo(tmp_path)
    builder = IncrementalBuilder(project / "cjmsite.yml", tmp_path / "site")
    assert builder.build().rendered == 61  # every page (tags/ too) but 404.html, always made
    assert builder.build().rendered == 0
    edit(project / TOUCHPOINT, "status page", "status page (edited)")
    edited = builder.build()
    # the journey (12 touchpoints + its page), its personas and departments, 7 summaries
    assert 13 < edited.rendered < 30
    assert "journeys/switch-to-fibre/index.html" not in edited.changed
    maps = [name for name in edited.made if name.endswith("/map.svg")]
    assert maps == ["journeys/report-an-outage/map.svg"]  # a map draws its own journey only


def _append_to_body(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, encoding="utf-8")


@pytest.mark.slow
def test_a_narrative_edit_renders_only_its_touchpoint_page(tmp_path: Path) -> None:
    project = demo(tmp_path)
    output = tmp_path / "site"
    builder = IncrementalBuilder(project / "cjmsite.yml", output)
    builder.build()
    _append_to_body(project / TOUCHPOINT, "\nA sentence added to the narrative.\n")
    edited = builder.build()
    assert edited.rendered == 1  # the narrative shows on the touchpoint's own page only
    page = "journeys/report-an-outage/checks-status-page/index.html"
    assert edited.changed == ["data/site.json", page]
    same_as_cold(project, output, tmp_path)


@pytest.mark.slow
def test_a_theme_showing_narratives_elsewhere_renders_those_pages_too(tmp_path: Path) -> None:
    project = demo(tmp_path)
    (project / "cjmsite.yml").write_text(
        (project / "cjmsite.yml").read_text("utf-8") + "theme_overrides: overrides\n",
        encoding="utf-8",
    )
    (project / "overrides/templates").mkdir(parents=True)
    (project / "overrides/templates/journey.html").write_text(
        '{% extends "theme/journey.html" %}{% block content %}{{ super() }}'
        "{% for t in journey.touchpoints %}{{ t.body_html | safe }}{% endfor %}{% endblock %}\n",
        encoding="utf-8",
    )
    output = tmp_path / "site"
    builder = IncrementalBuilder(project / "cjmsite.yml", output)
    builder.build()
    _append_to_body(project / TOUCHPOINT, "\nA sentence added to the narrative.\n")
    edited = builder.build()
    assert "journeys/report-an-outage/index.html" in edited.changed
    same_as_cold(project, output, tmp_path)


@pytest.mark.slow
def test_search_index_matches_a_cold_build(tmp_path: Path) -> None:
    project = demo(tmp_path, search=True)
    output = project / "output"
    assert build(project / "cjmsite.yml").written
    edit(project / TOUCHPOINT, "status page", "status page (edited)")
    assert build(project / "cjmsite.yml").written
    same_as_cold(project, output, tmp_path)
    assert build(project / "cjmsite.yml").written  # nothing changed: nothing written
    same_as_cold(project, output, tmp_path)


@pytest.mark.slow
def test_serve_builder_matches_a_cold_build_once_search_is_indexed(tmp_path: Path) -> None:
    project = demo(tmp_path, search=True)
    site = tmp_path / "site"
    builder = IncrementalBuilder(project / "cjmsite.yml", site)
    for change in (None, CHANGES[0][1], CHANGES[3][1], CHANGES[8][1], None):
        if change:
            change(project)
        outcome = builder.build()
        assert outcome.result.written and outcome.search is not None
        builder.update_search(outcome)
        same_as_cold(project, site, tmp_path)


@pytest.mark.parametrize(
    "garbage",
    [b"", b"not a pickle", b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00K\x01.", None],
)
@pytest.mark.slow
def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path: Path, garbage: bytes | None) -> None:
    project = demo(tmp_path)
    assert build(project / "cjmsite.yml").written
    cache = cache_folder(project)
    for path in cache.glob("*.pickle"):
        if garbage is None:  # a valid pickle of the wrong shape
            import pickle

            path.write_bytes(pickle.dumps(("another stamp", {"entries": [1, 2]})))
        else:
            path.write_bytes(garbage)
    edit(project / TOUCHPOINT, "status page", "status page (edited)")
    assert build(project / "cjmsite.yml").written
    same_as_cold(project, project / "output", tmp_path)


@pytest.mark.slow
def test_the_cache_folder_is_safe_to_delete_and_output_edits_are_undone(tmp_path: Path) -> None:
    project = demo(tmp_path)
    output = project / "output"
    assert build(project / "cjmsite.yml").written
    shutil.rmtree(cache_folder(project))
    assert build(project / "cjmsite.yml").written
    page = output / "journeys/report-an-outage/index.html"
    page.write_text("tampered", encoding="utf-8")  # a later build puts the real page back
    assert build(project / "cjmsite.yml").written
    same_as_cold(project, output, tmp_path)


@pytest.mark.slow
def test_serve_builder_deletes_what_is_gone_without_walking_the_folder(tmp_path: Path) -> None:
    project = demo(tmp_path)
    output = tmp_path / "site"
    builder = IncrementalBuilder(project / "cjmsite.yml", output)
    page, step = project / "content/pages/faq.md", project / f"{OUTAGE}/15-asks-a-neighbour.md"
    page.write_text("# FAQ\n\nAsk us.\n", encoding="utf-8")
    step.write_text(
        "---\ntitle: Asks a neighbour\nstage: retention\nemotion: -1\nimportance: 2\n"
        "owners:\n  customer-care: A\n  field-operations: R\n---\nNext door is down too.\n",
        encoding="utf-8",
    )
    assert builder.build().result.written
    page.unlink()
    gone = builder.build()
    assert gone.deleted == ["faq/index.html"] and not (output / "faq").exists()
    step.unlink()
    deleted = builder.build().deleted
    assert deleted == ["journeys/report-an-outage/asks-a-neighbour/index.html"]
    assert not (output / "journeys/report-an-outage/asks-a-neighbour").exists()
    same_as_cold(project, output, tmp_path)


@pytest.mark.slow
def test_raw_html_warnings_are_repeated_by_warm_builds(tmp_path: Path) -> None:
    project = demo(tmp_path)
    config = project / "cjmsite.yml"
    config.write_text(config.read_text("utf-8") + "allow_html: true\n", encoding="utf-8")
    page = project / "content/pages/method.md"
    page.write_text(
        page.read_text("utf-8") + '\n<a href="javascript:alert(1)">bad</a>\n', encoding="utf-8"
    )

    def warnings() -> list[str]:
        result = build(config)
        assert result.written
        return [d.format() for d in result.warnings if "unsafe scheme" in d.message]

    cold = warnings()
    assert len(cold) == 1 and "content/pages/method.md" in cold[0]
    (project / "content/pages/about-this-handbook.md").write_text("# About\n\nNew.\n", "utf-8")
    assert warnings() == cold  # the page's body came from the cache
    strict = build(config, strict=True)
    assert not strict.written and any("unsafe scheme" in d.message for d in strict.warnings)
