"""Nothing lost: export every journey, delete content/journeys/, import, compare site.json."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from interchangekit import ROOT, SITES, copy_site, errors, export, run_import, site_data

from cjmsite.resolve.items import EVIDENCE_KEYS, IDEA_KEYS, METRIC_KEYS
from cjmsite.resolve.kinds import KINDS
from cjmsite.sources.files import split_frontmatter

pytestmark = pytest.mark.slow  # exports, imports and builds every fixture site

SOURCES = [ROOT, SITES / "minimal", SITES / "spanish", SITES / "hostile"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_spreadsheet_round_trip_keeps_every_journey_and_touchpoint(
    tmp_path: Path, source: Path, fmt: str
) -> None:
    config = copy_site(source, tmp_path / "site")
    before = site_data(config)
    export(config, fmt, tmp_path / "export")
    shutil.rmtree(tmp_path / "site" / "content" / "journeys")
    diags = run_import(config, [tmp_path / "export"])
    assert errors(diags) == []
    after = site_data(config)
    assert after["journeys"] == before["journeys"]
    assert after["hotspots"] == before["hotspots"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_excel_es_round_trip(tmp_path: Path, source: Path) -> None:
    config = copy_site(source, tmp_path / "site")
    before = site_data(config)
    written = export(config, "csv", tmp_path / "export", dialect="excel-es")
    raw = written[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw and b"\r\n" in raw
    shutil.rmtree(tmp_path / "site" / "content" / "journeys")
    assert errors(run_import(config, [tmp_path / "export"])) == []
    assert site_data(config)["journeys"] == before["journeys"]


def _shape(data: dict) -> list:
    return [
        (
            j["title"],
            j["personas"],
            [s["name"] for s in j["stages"]],  # a section has a name, not an id
            [tp["title"] for s in j["stages"] for tp in s["touchpoints"]],
        )
        for j in data["journeys"]
    ]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_mermaid_round_trip_keeps_titles_stages_order_and_personas(
    tmp_path: Path, source: Path
) -> None:
    config = copy_site(source, tmp_path / "site")
    before = site_data(config)
    export(config, "mermaid", tmp_path / "export")
    shutil.rmtree(tmp_path / "site" / "content" / "journeys")
    shutil.rmtree(tmp_path / "site" / "content" / "pages", ignore_errors=True)  # links to journeys
    for persona in (tmp_path / "site" / "content" / "personas").glob("*.md"):
        text = persona.read_text("utf-8").split("\n---\n", 1)
        persona.write_text(text[0] + "\n---\n", "utf-8")  # bodies link to journey files
    assert errors(run_import(config, [tmp_path / "export"])) == []
    after = site_data(config)
    assert _shape(after) == _shape(before)
    for old, new in zip(before["journeys"], after["journeys"], strict=True):
        spread = 4 / 4  # a Mermaid step is (max - min) / 4 of the emotion scale (-2..2)
        old_tps = [tp for s in old["stages"] for tp in s["touchpoints"]]
        new_tps = [tp for s in new["stages"] for tp in s["touchpoints"]]
        for a, b in zip(old_tps, new_tps, strict=True):
            mean = sum(a["emotion"].values()) / len(a["emotion"])
            assert all(abs(v - mean) <= spread / 2 + 1e-9 for v in b["emotion"].values())


def test_counterparts_arrive_together_from_two_paths(tmp_path: Path) -> None:
    config = copy_site(ROOT, tmp_path / "site")
    before = site_data(config)
    export(config, "xlsx", tmp_path / "export")
    shutil.rmtree(tmp_path / "site" / "content" / "journeys")
    books = [
        tmp_path / "export" / f"{name}.xlsx"
        for name in ("switch-to-fibre", "switch-to-fibre-future", "report-an-outage")
    ]
    assert errors(run_import(config, books)) == []
    assert site_data(config)["journeys"] == before["journeys"]


def _frontmatters(kind: str) -> list[dict]:
    """The raw frontmatter of every journey (`index.md`) or touchpoint of SOURCES."""
    found = []
    for source in SOURCES:
        for path in sorted((source / "content" / "journeys").glob("*/*.md")):
            if (path.name == "index.md") == (kind == "journey"):
                front = split_frontmatter(path.read_text("utf-8"))[0] or ""
                found.append(yaml.safe_load(front) or {})
    return found


def _item_keys(frontmatters: list[dict], key: str) -> set[str]:
    items = [i for data in frontmatters for i in data.get(key) or [] if isinstance(i, dict)]
    return {k for item in items for k in item}


@pytest.mark.parametrize("kind", ["journey", "touchpoint"])
def test_round_trip_sources_hold_every_key_of_the_content_model(kind: str) -> None:
    """A key no source holds is a key whose loss the round trip would not notice."""
    frontmatters = _frontmatters(kind)
    held = {key for data in frontmatters for key in data}
    assert {f.key for f in KINDS[kind]} - held == set()
    waivers = [data["waive"] for data in frontmatters if "waive" in data]
    assert any("|" in reason for waive in waivers for reason in waive.values())
    if kind == "journey":
        assert _item_keys(frontmatters, "metrics") >= {*METRIC_KEYS, "as_of"}
    else:
        assert _item_keys(frontmatters, "ideas") >= set(IDEA_KEYS)
        assert _item_keys(frontmatters, "evidence") >= set(EVIDENCE_KEYS)
        assert _item_keys(frontmatters, "metrics") >= set(METRIC_KEYS)
