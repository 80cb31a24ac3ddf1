"""The files named on `cjmsite import` turned into journey records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Location
from cjmsite.interchange.columns import fold
from cjmsite.interchange.context import Context
from cjmsite.interchange.csv_io import read_csv
from cjmsite.interchange.journey_in import read_journey_sheet
from cjmsite.interchange.mermaid_io import read_mermaid
from cjmsite.interchange.records import JourneyRecord
from cjmsite.interchange.rows_in import read_sheet
from cjmsite.interchange.table import Table
from cjmsite.interchange.xlsx_io import read_workbook
from cjmsite.sources.files import suggest_id

JOURNEY_SHEETS = ("journey", "recorrido", "viaje", "mapa")
TOUCHPOINT_SHEETS = ("touchpoints", "puntos de contacto", "touchpoint")


def stage_names(stages: Any, catalogue: dict[str, str]) -> dict[str, str]:
    if not isinstance(stages, list):
        return dict(catalogue)
    out = {}
    for stage in stages:
        if isinstance(stage, dict):
            out[str(stage.get("id"))] = str(stage.get("name", stage.get("id")))
        else:
            out[str(stage)] = catalogue.get(str(stage), str(stage))
    return out


def journey_stages(
    given: Any, old: dict, used: dict[str, str], known: dict[str, str], catalogue: dict[str, str]
) -> list[Any] | None:
    """The journey's `stages` after an import, or None to leave them as they are.

    `used`: the stages the sheet's rows name (id → name, in order of use); `known`: the
    journey's stages before. A stage of neither the journey nor the catalogue is added as
    `{id, name}`; a new journey without a stages row lists the stages its rows use.
    """

    def entry(ident: str) -> Any:
        return ident if ident in catalogue else {"id": ident, "name": used[ident]}

    new = [entry(s) for s in used if s not in known]
    if isinstance(given, list) or (old and isinstance(old.get("stages"), list)):
        base = given if isinstance(given, list) else old["stages"]
        return [*base, *new] if new else None
    if old:  # the journey uses the whole catalogue: keep it, and add the new stages
        return [*catalogue, *new] if new else None
    return [entry(s) for s in used]


def from_tables(
    journey: Table | None, touchpoints: Table, stem: str, ctx: Context, existing: dict[str, dict]
) -> JourneyRecord:
    """A journey from its sheets; its stages, personas and id filled in where left out."""
    record = read_journey_sheet(journey, ctx) if journey is not None else JourneyRecord("", {})
    record.label = touchpoints.file
    title = record.data.get("title")
    if not record.id and isinstance(title, str) and title.strip():
        record.id = suggest_id(title)
    record.id = record.id or suggest_id(stem)
    old = existing.get(record.id, {})
    given = record.data.get("stages")
    stages = stage_names(given if isinstance(given, list) else old.get("stages"), ctx.stages)
    listed = record.data.get("personas")
    known = listed if isinstance(listed, list) else old.get("personas")
    sheet = read_sheet(touchpoints, ctx, stages, [p for p in known or [] if isinstance(p, str)])
    record.touchpoints, record.where = sheet.touchpoints, Location(touchpoints.file)
    record.columns = sheet.columns
    listed_stages = journey_stages(given, old, sheet.stages, stages, ctx.stages)
    if listed_stages is not None:
        record.data["stages"] = listed_stages
    if "personas" not in record.data and not old.get("personas"):
        record.data["personas"] = sheet.personas
    if "title" not in record.data and not old:
        record.data["title"] = stem.replace("-", " ").replace("_", " ").strip().capitalize()
    return record


def pick(tables: dict[str, Table], names: tuple[str, ...]) -> Table | None:
    for name, table in tables.items():
        if fold(name) in names:
            return table
    return None


def read_path(
    path: Path, ctx: Context, existing: dict, importance: float, importance_given: bool = False
) -> list[JourneyRecord]:
    """Records from one path: a workbook, CSV, Mermaid file, journey folder or export folder."""
    shown = path.name
    suffix = path.suffix.lower()
    if path.is_dir():
        if (path / "touchpoints.csv").is_file():
            return read_csv_folder(path, ctx, existing)
        records = []
        for child in sorted(path.iterdir()):
            if child.name.startswith("."):
                continue
            if child.is_dir() and (child / "touchpoints.csv").is_file():
                records.extend(read_csv_folder(child, ctx, existing))
            elif child.suffix.lower() in (".xlsx", ".mmd"):
                records.extend(read_path(child, ctx, existing, importance, importance_given))
        if not records:
            ctx.diags.error(
                Location(str(path)), "no workbook, CSV folder or .mmd file in this folder"
            )
        return records
    if not path.is_file():
        ctx.diags.error(Location(str(path)), "no such file or folder")
        return []
    if suffix == ".xlsx":
        tables = read_workbook(path, shown, ctx.diags)
        if tables is None:
            return []
        journey = pick(tables, JOURNEY_SHEETS)
        touchpoints = pick(tables, TOUCHPOINT_SHEETS) or next(
            (t for t in tables.values() if t is not journey), None
        )
        if touchpoints is None:
            ctx.diags.error(Location(shown), "the workbook has no touchpoints sheet")
            return []
        return [from_tables(journey, touchpoints, path.stem, ctx, existing)]
    if suffix == ".csv":
        table = read_csv(path, shown, ctx.diags)
        stem = path.parent.name if path.stem == "touchpoints" else path.stem
        return [from_tables(None, table, stem, ctx, existing)] if table else []
    if suffix in (".mmd", ".md", ".markdown"):
        record = read_mermaid(path, shown, ctx, importance)
        if record is None:
            return []
        by_title = suffix != ".mmd"  # export names a .mmd by its journey's id
        if importance_given:
            record.columns = {"title", "stage", "emotion", "importance"}
        else:
            record.columns = {"title", "stage", "emotion"}
        record.id = suggest_id(
            str(record.data.get("title") or path.stem) if by_title else path.stem
        )
        return [record]
    ctx.diags.error(
        Location(shown),
        f"cannot import a `{suffix or path.name}` file",
        "import .xlsx, .csv, .mmd or .md files, or a folder written by export",
    )
    return []


def read_csv_folder(folder: Path, ctx: Context, existing: dict) -> list[JourneyRecord]:
    shown = folder.name
    journey = None
    if (folder / "journey.csv").is_file():
        journey = read_csv(folder / "journey.csv", f"{shown}/journey.csv", ctx.diags)
    touchpoints = read_csv(folder / "touchpoints.csv", f"{shown}/touchpoints.csv", ctx.diags)
    if touchpoints is None:
        return []
    return [from_tables(journey, touchpoints, folder.name, ctx, existing)]
