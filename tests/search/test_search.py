"""Search: Pagefind runs at the end of rendering, its bundle is byte-identical across builds,
pages carry the five filters, and `search: false` (or no Pagefind) leaves search out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cjmsite.analysis import analyse
from cjmsite.render import render_site
from cjmsite.search import pagefind as search
from cjmsite.search.canon import _load, canonical_bundle, cbor_decode, cbor_encode
from cjmsite.site.pipeline import build, load_site

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "cjmsite.yml"
needs_pagefind = pytest.mark.skipif(not search.pagefind_available(), reason="needs pagefind[bin]")


def _bundle(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted((output / "pagefind").rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    outputs = []
    for name in ("one", "two"):
        output = tmp_path_factory.mktemp(name) / "out"
        assert build(DEMO, output_dir=output).written
        outputs.append(output)
    return outputs[0], outputs[1]


@needs_pagefind
@pytest.mark.slow  # two builds with search
def test_the_search_bundle_is_byte_identical_across_builds(two_builds) -> None:
    one, two = two_builds
    first, second = _bundle(one), _bundle(two)
    assert first and first.keys() == second.keys()
    assert [n for n in first if first[n] != second[n]] == []


@needs_pagefind
def test_the_bundle_has_the_seven_filters_sorted(two_builds) -> None:
    output = two_builds[0]
    entry = json.loads((output / "pagefind/pagefind-entry.json").read_text())
    language = entry["languages"]["en"]
    meta = _load((output / f"pagefind/pagefind.{language['hash']}.pf_meta").read_bytes())
    names = [name for name, _ in meta[3]]
    expected = ["Channel", "Department", "Journey", "Persona", "Stage", "Status", "Tag"]
    assert names == sorted(expected)  # Tag and Status: issue 15
    for name, digest in meta[3]:
        filter_name, values = _load((output / f"pagefind/filter/{digest}.pf_filter").read_bytes())
        assert filter_name == name
        assert [v[0] for v in values] == sorted(v[0] for v in values)
    # journeys, touchpoints, personas, departments and free pages; not lists or home
    assert language["page_count"] == 39 + 3 + 3 + 5 + 3


@needs_pagefind
def test_pages_carry_search_marks(two_builds) -> None:
    output = two_builds[0]
    touchpoint = (output / "journeys/report-an-outage/engineer-visit/index.html").read_text()
    assert "data-pagefind-body" in touchpoint
    for name in ("Journey", "Persona", "Department", "Stage", "Channel"):
        assert f'data-pagefind-filter="{name}"' in touchpoint
    assert 'id="search"' in touchpoint and "pagefind/pagefind-ui.js" in touchpoint
    home = (output / "index.html").read_text()
    assert "data-pagefind-body" not in home and 'id="search"' in home
    assert 'id="search"' not in (output / "404.html").read_text()
    # the bundle the pages link to is there (render links it, the search stage makes it)
    links = set(re.findall(r'(?:href|src)="((?:\.\./)*pagefind/[^"]+)"', touchpoint))
    assert links
    for link in links:
        page = output / "journeys/report-an-outage/engineer-visit"
        assert (page / link).resolve().is_file(), link


def _render(**config: object):
    site, _ = load_site(DEMO)
    for key, value in config.items():
        object.__setattr__(site.config, key, value)
    on, problems = search.search_status(site.config)  # as the pipeline asks before render
    rendered = render_site(site, analyse(site), search=on)
    rendered.diagnostics.extend(problems)
    return rendered


def test_search_false_leaves_search_out() -> None:
    rendered = _render(search=False)
    assert not any(name.startswith("pagefind/") for name in rendered.files)
    page = rendered.files["journeys/switch-to-fibre/index.html"].decode()
    assert 'id="search"' not in page and "pagefind-ui" not in page
    assert "data-pagefind-body" not in page and "data-pagefind-filter" not in page


def test_without_pagefind_the_site_builds_with_a_warning(monkeypatch) -> None:
    monkeypatch.setattr(search, "pagefind_available", lambda: False)
    rendered = _render()
    assert not any(name.startswith("pagefind/") for name in rendered.files)
    assert any("Pagefind is not installed" in d.message for d in rendered.diagnostics)
    assert 'id="search"' not in rendered.files["index.html"].decode()


def test_touchpoint_filters() -> None:
    site, _ = load_site(DEMO)
    journey = site.journeys["report-an-outage"]
    tp = next(t for t in journey.touchpoints if t.id == "engineer-visit")
    pairs = search.search_filters("touchpoint.html", {"journey": journey, "tp": tp})
    kinds = [kind for kind, _ in pairs]
    assert kinds[0] == "journey" and {"persona", "department", "stage", "channel"} <= set(kinds)
    assert len(pairs) == len(set(pairs))
    assert ("stage", tp.stage_name) in pairs
    assert search.search_filters("index.html", {}) == []


def test_cbor_round_trip_and_canonical_order() -> None:
    value = ["Stage", [["b", [1, 2]], ["a", [300, 70000]], ["ñ", []]], -5, b"\x00"]
    data = cbor_encode(value)
    assert cbor_decode(data) == (value, len(data))
    with pytest.raises(ValueError):
        cbor_decode(b"\xf9\x00\x00")  # a half float: not in Pagefind's index


def test_canonical_bundle_rejects_an_unknown_layout() -> None:
    with pytest.raises(KeyError):
        canonical_bundle({"pagefind/other.js": b""})
