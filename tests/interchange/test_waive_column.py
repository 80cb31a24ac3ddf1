"""The `waive` column and journey key: `rule | reason` lines out, the `waive` map back in."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml
from interchangekit import SITES, copy_site, errors, export, run_import, site_data

JOURNEY = "content/journeys/signup"


def frontmatter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def add_key(path: Path, line: str) -> None:
    """`line` appended to the frontmatter of `path`."""
    head, rest = path.read_text("utf-8").split("\n---\n", 1)
    path.write_text(f"{head}\n{line}\n---\n{rest}", "utf-8")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def journey_folder(tmp_path: Path, waive: str, touchpoint_waive: str) -> Path:
    """A CSV journey folder `alta/`: a journey.csv with `waive` and two touchpoints, the
    first with an `exenciones` (Spanish header) cell."""
    folder = tmp_path / "alta"
    folder.mkdir()
    with (folder / "journey.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["key", "value"], ["title", "Alta"], ["personas", "ana"], ["waive", waive]]
        )
    with (folder / "touchpoints.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["etapa", "título", "importancia", "emoción:ana", "exenciones"],
                ["awareness", "Ve un anuncio", 2, 1, touchpoint_waive],
                ["purchase", "Firma", 4, -1, ""],
            ]
        )
    return folder


def test_export_writes_one_waiver_per_line_after_metrics(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    site = config.parent
    add_key(site / JOURNEY / "index.md", 'waive: {raci: "Shared desk | until May"}')
    add_key(
        site / JOURNEY / "10-sees-ad.md",
        'waive: {idea-without-owner: "Budget in Q3", hotspot-without-idea: "a\\\\b | c"}',
    )
    export(config, "csv", tmp_path / "out")
    table = rows(tmp_path / "out" / "signup" / "touchpoints.csv")
    columns = list(table[0])
    assert columns[columns.index("metrics") + 1] == "waive"
    assert table[0]["waive"] == (
        "idea-without-owner | Budget in Q3\nhotspot-without-idea | a\\\\b \\| c"
    )
    assert table[1]["waive"] == ""
    journey = {row["key"]: row["value"] for row in rows(tmp_path / "out/signup/journey.csv")}
    assert journey["waive"] == "raci | Shared desk \\| until May"


def test_import_reads_waivers_back_with_escaped_bars(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    folder = journey_folder(
        tmp_path,
        "hotspot-without-idea | Decided in Q3 \\| see the board",
        "Idea without owner | Team-wide \\| no single owner\nraci | shared desk",
    )
    assert errors(run_import(config, [folder])) == []
    alta = config.parent / "content" / "journeys" / "alta"
    assert frontmatter(alta / "index.md")["waive"] == {
        "hotspot-without-idea": "Decided in Q3 | see the board"
    }
    first = frontmatter(alta / "10-ve-un-anuncio.md")
    assert first["waive"] == {
        "idea-without-owner": "Team-wide | no single owner",
        "raci": "shared desk",
    }
    assert list(first)[-1] == "waive"  # after evidence, as the content model lists it
    assert "waive" not in frontmatter(alta / "20-firma.md")
    journeys = site_data(config)["journeys"]
    (journey,) = [j for j in journeys if j["id"] == "alta"]
    assert journey["stages"][0]["touchpoints"][0]["waive"]["raci"] == "shared desk"
    # and out again: the same cell text
    export(config, "csv", tmp_path / "again", journey="alta")
    assert rows(tmp_path / "again" / "alta" / "touchpoints.csv")[0]["waive"] == (
        "idea-without-owner | Team-wide \\| no single owner\nraci | shared desk"
    )


def test_unknown_rule_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    folder = journey_folder(tmp_path, "hotspot-without-ideas | later", "rasi | shared desk")
    found = errors(run_import(config, [folder]))
    assert found == [
        "alta/journey.csv:4:2: error: waive names an unknown rule 'hotspot-without-ideas' "
        "(did you mean `hotspot-without-idea`?)",
        "alta/touchpoints.csv:2:5: error: waive names an unknown rule 'rasi' "
        "(did you mean `raci`?)",
    ]
    assert not (config.parent / "content" / "journeys" / "alta").exists()


def test_a_waiver_needs_a_reason_and_one_line_per_rule(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    folder = journey_folder(tmp_path, "raci", "raci | one\nraci | two")
    found = errors(run_import(config, [folder]))
    assert found == [
        "alta/journey.csv:4:2: error: waiver of 'raci' without a reason "
        "(write `raci | why it does not apply`)",
        "alta/touchpoints.csv:2:5: error: rule 'raci' is waived twice (keep one line per rule)",
    ]
