"""`cjmsite export`: each journey to a workbook, a CSV folder or a Mermaid diagram."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cjmsite.diagnostics import Diagnostics, Location
from cjmsite.interchange.csv_io import encode_csv
from cjmsite.interchange.from_site import read_site
from cjmsite.interchange.layout_out import journey_rows, touchpoint_columns, touchpoint_row
from cjmsite.interchange.records import JourneyRecord
from cjmsite.interchange.xlsx_io import SheetOut, Validation, cell_problem, write_workbook
from cjmsite.model import CONTACT_KINDS, RACI_LETTERS, Journey, Persona, Site, Stage
from cjmsite.render.mermaid import journey_mermaid
from cjmsite.sources.files import ID_PATTERN

FORMATS = ("csv", "xlsx", "mermaid")


def sheets_of(
    site: Site, journey: Journey, record: JourneyRecord, template: bool
) -> list[SheetOut]:
    departments = sorted(site.departments) if template else [d.id for d in journey.departments]
    columns = touchpoint_columns(journey, record.touchpoints, departments)
    rows = [list(columns)] + [touchpoint_row(tp, columns) for tp in record.touchpoints]
    sheet = SheetOut("touchpoints", rows, widths={columns.index("title"): 40})
    if template:
        sheet.validations = validations(site, journey, columns)
    return [SheetOut("journey", journey_rows(record), widths={1: 60}), sheet]


def validations(site: Site, journey: Journey, columns: list[str]) -> list[Validation]:
    """Drop-downs for stage, channel, contact and RACI letters; ranges from the scales."""
    found = []
    for index, column in enumerate(columns):
        if column == "stage":
            found.append(Validation(index, tuple(s.id for s in journey.stages)))
        elif column == "channel":
            found.append(Validation(index, tuple(sorted(site.channels))))
        elif column == "contact":
            found.append(Validation(index, CONTACT_KINDS))
        elif column.startswith("owner:"):
            found.append(Validation(index, (*RACI_LETTERS, "R+A")))
        elif column.startswith("emotion:"):
            found.append(Validation(index, (), site.config.emotion.min, site.config.emotion.max))
        elif column == "importance":
            scale = site.config.importance
            found.append(Validation(index, (), scale.min, scale.max))
    return found


def too_big(sheets: list[SheetOut], record: JourneyRecord, diags: Diagnostics) -> bool:
    """An error naming the touchpoint for each value an XLSX cell cannot hold."""
    bad = False
    for sheet in sheets:
        header = sheet.rows[0]
        for number, row in enumerate(sheet.rows[1:]):
            for column, value in enumerate(row):
                problem = cell_problem(value)
                if problem:
                    where = (
                        record.touchpoints[number].where
                        if sheet.name == "touchpoints"
                        else record.where
                    )
                    diags.error(
                        where,
                        f"{header[column] if sheet.name == 'touchpoints' else row[0]} {problem}",
                        "export as CSV, or shorten it",
                    )
                    bad = True
    return bad


def new_journey(site: Site, journey_id: str) -> tuple[Journey, JourneyRecord]:
    """An empty journey for a workshop template: every persona, the site's stages."""
    personas: tuple[Persona, ...] = tuple(site.personas[k] for k in sorted(site.personas))
    stages = tuple(Stage(s.id, s.name) for s in site.config.stages)
    journey = Journey(journey_id, journey_id.replace("-", " ").capitalize(), personas, stages)
    data: dict[str, Any] = {"title": journey.title, "personas": [p.id for p in personas]}
    return journey, JourneyRecord(journey_id, data)


def export_site(
    config_path: Path, fmt: str, output: Path, journey_id: str | None, dialect: str, template: bool
) -> tuple[Diagnostics, list[Path]]:
    """Write the export; the diagnostics and the files written (raises ConfigError)."""
    site, diags, records = read_site(config_path)
    if site is None:
        return diags, []
    ids = [journey_id] if journey_id else sorted(site.journeys)
    pairs = []
    for ident in ids:
        if ident in site.journeys:
            pairs.append((site.journeys[ident], records[ident]))
        elif template and fmt == "xlsx" and ID_PATTERN.match(ident):
            pairs.append(new_journey(site, ident))
        else:
            diags.error(
                Location(""),
                f"unknown journey '{ident}'",
                f"known: {', '.join(sorted(site.journeys))}",
            )
    if diags.has_errors():
        return diags, []
    single = journey_id is not None and output.suffix.lower() in (".xlsx", ".mmd")
    written = []
    for journey, record in pairs:
        written.extend(
            write_one(site, journey, record, fmt, output, single, dialect, template, diags)
        )
    return diags, written


def write_one(
    site: Site,
    journey: Journey,
    record: JourneyRecord,
    fmt: str,
    output: Path,
    single: bool,
    dialect: str,
    template: bool,
    diags: Diagnostics,
) -> list[Path]:
    if fmt == "mermaid":
        target = output if single else output / f"{journey.id}.mmd"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(journey_mermaid(journey, site.config.emotion), "utf-8", newline="\n")
        return [target]
    sheets = sheets_of(site, journey, record, template)
    if fmt == "xlsx":
        if too_big(sheets, record, diags):
            return []
        target = output if single else output / f"{journey.id}.xlsx"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(target, sheets)
        return [target]
    folder = output if output.name == journey.id and len(sheets) else output / journey.id
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in sheets:
        target = folder / f"{sheet.name}.csv"
        target.write_bytes(encode_csv(sheet.rows, dialect))
        written.append(target)
    return written
