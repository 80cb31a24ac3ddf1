"""Importing into an existing journey: only what changed changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from interchangekit import ROOT, SITES, copy_site, errors, export, run_import, warnings
from openpyxl import load_workbook

from cjmsite.interchange.importer import ImportOptions, plan_import


def _edit(book: Path, cell: str, value: object) -> None:
    wb = load_workbook(book)
    wb["touchpoints"][cell] = value
    wb.save(book)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "source", [ROOT, SITES / "spanish", SITES / "hostile"], ids=lambda p: p.name
)
def test_unchanged_import_changes_no_file(tmp_path: Path, source: Path, fmt: str) -> None:
    config = copy_site(source, tmp_path / "site")
    export(config, fmt, tmp_path / "x")
    plan, diags, _ = plan_import(config, [tmp_path / "x"], ImportOptions())
    assert errors(diags) == [] and plan.writes == {} and plan.changed == []


def test_changed_cell_rewrites_only_that_key(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    journey = config.parent / "content/journeys/signup"
    visit = journey / "20-visits-store.md"
    visit.write_text(
        visit.read_text("utf-8").replace("stage: purchase", "# keep me\nstage: purchase  # and me"),
        "utf-8",
    )
    before = {p.name: p.read_text("utf-8") for p in journey.iterdir()}
    book = export(config, "xlsx", tmp_path / "x")[0]
    _edit(book, "H3", -2)  # emotion:ana of visits-store
    diags = run_import(config, [tmp_path / "x"])
    assert errors(diags) == []
    after = {p.name: p.read_text("utf-8") for p in journey.iterdir()}
    assert after["10-sees-ad.md"] == before["10-sees-ad.md"]
    assert after["index.md"] == before["index.md"]
    assert after["20-visits-store.md"] == before["20-visits-store.md"].replace(
        "emotion: -1", "emotion: -2"
    )


def test_missing_touchpoint_reported_then_deleted(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    book = export(config, "xlsx", tmp_path / "x")[0]
    wb = load_workbook(book)
    wb["touchpoints"].delete_rows(3)
    wb.save(book)
    gone = config.parent / "content/journeys/signup/20-visits-store.md"
    diags = run_import(config, [book])
    assert any(
        "touchpoint 'visits-store' is not in the imported file; kept" in w for w in warnings(diags)
    )
    assert gone.is_file()
    gone.write_text(gone.read_text("utf-8"), "utf-8")
    diags = run_import(config, [book], delete_missing=True)
    assert not gone.exists()


def test_new_order_sets_the_order_key_not_the_file_name(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    book = export(config, "xlsx", tmp_path / "x")[0]
    _edit(book, "B2", 25)
    assert errors(run_import(config, [book])) == []
    text = (config.parent / "content/journeys/signup/10-sees-ad.md").read_text("utf-8")
    assert "order: 25" in text


def test_columns_the_file_lacks_are_left_alone(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    visit = config.parent / "content/journeys/signup/20-visits-store.md"
    before = visit.read_text("utf-8")
    path = tmp_path / "signup.csv"
    path.write_text("stage,title,importance,emotion\npurchase,Visits the store,4,-1\n", "utf-8")
    assert errors(run_import(config, [path], journey="signup")) == []
    assert visit.read_text("utf-8") == before.replace("importance: 5", "importance: 4")


def test_mermaid_into_an_existing_journey_keeps_importance(tmp_path: Path) -> None:
    config = copy_site(SITES / "minimal", tmp_path / "site")
    visit = config.parent / "content/journeys/signup/20-visits-store.md"
    before = visit.read_text("utf-8")
    path = tmp_path / "signup.mmd"
    path.write_text(
        "journey\n  title Sign up\n  section Awareness\n    Sees an ad: 4: Ana\n"
        "  section Purchase\n    Visits the store: 1: Ana\n",
        "utf-8",
    )
    diags = run_import(config, [path])
    assert errors(diags) == []
    assert any(
        "Mermaid has no importance: every new touchpoint gets 3" in w for w in warnings(diags)
    )
    assert visit.read_text("utf-8") == before.replace("emotion: -1", "emotion: -2")
