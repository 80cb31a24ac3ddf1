"""`cjmsite import`: files → records → a checked plan → written all at once, or not at all."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cjmsite.config.options import load_config
from cjmsite.diagnostics import Diagnostics, Location
from cjmsite.interchange.context import Context
from cjmsite.interchange.records import JourneyRecord
from cjmsite.interchange.sources_in import read_path
from cjmsite.interchange.to_content import Plan, plan_journey, plan_stubs
from cjmsite.model import SiteConfig
from cjmsite.resolve.resolver import resolve
from cjmsite.sources.files import (
    ID_PATTERN,
    classify,
    load_content,
    read_source,
    suggest_id,
)


@dataclass
class ImportOptions:
    journey: str | None = None
    create_missing: bool = False
    channel_kind: str = "online"
    delete_missing: bool = False
    importance: float | None = None


def site_context(config: SiteConfig, options: ImportOptions) -> tuple[Context, dict[str, dict]]:
    """Known entities read from the content files as they are (errors elsewhere ignored)."""
    root = Path(config.root)
    sources = load_content(root / config.content_dir, root, Diagnostics(), config.max_file_size)
    known: dict[str, dict[str, str]] = {"persona": {}, "department": {}, "channel": {}}
    journeys: dict[str, dict] = {}
    for source in sources:
        if source.kind in known:
            known[source.kind][source.id] = str(source.data.get("name") or source.id)
        elif source.kind == "journey":
            journeys[source.id] = dict(source.data)
    ctx = Context(
        known["persona"],
        known["department"],
        known["channel"],
        {s.id: s.name for s in config.stages},
        config.emotion,
        config.importance,
        options.create_missing,
        options.channel_kind,
    )
    return ctx, journeys


def read_records(
    paths: list[Path], ctx: Context, journeys: dict, options: ImportOptions, importance: float
) -> list[JourneyRecord]:
    records: list[JourneyRecord] = []
    for path in paths:
        given = options.importance is not None
        records.extend(read_path(path, ctx, journeys, importance, given))
    if options.journey:
        if len(records) != 1:
            ctx.diags.error(
                Location(""), f"--journey names one journey; the files hold {len(records)}"
            )
        else:
            records[0].id = options.journey
    seen: dict[str, str] = {}
    for record in records:
        if not ID_PATTERN.match(record.id):
            ctx.diags.error(
                record.where,
                f"invalid journey id '{record.id}': ids use a-z, 0-9 and hyphens",
                f"use `{suggest_id(record.id)}`",
            )
            continue
        if record.id in seen:
            ctx.diags.error(
                Location(record.label),
                f"journey '{record.id}' is imported twice",
                f"{seen[record.id]} holds it too; pass one of them",
            )
        seen[record.id] = record.label
    return records


def plan_import(
    config_path: Path, paths: list[Path], options: ImportOptions
) -> tuple[Plan, Diagnostics, SiteConfig]:
    """What the import would write, and its diagnostics (raises ConfigError)."""
    config, config_diags = load_config(config_path)
    ctx, journeys = site_context(config, options)
    ctx.diags.extend(config_diags.items)
    scale = config.importance
    importance = options.importance if options.importance is not None else scale.mid
    if not scale.min <= importance <= scale.max:
        ctx.diags.error(
            Location(""), f"--importance {importance} is outside {scale.min}..{scale.max}"
        )
    records = read_records(paths, ctx, journeys, options, importance)
    for record in records:
        if record.label.endswith((".mmd", ".md")):
            ctx.diags.warning(
                Location(record.label),
                f"Mermaid has no importance: every new touchpoint gets {importance:g}",
                "pass --importance N to choose another (it then applies to every touchpoint)",
            )
    plan = Plan()
    if ctx.diags.has_errors():
        return plan, ctx.diags, config
    content = Path(config.root) / config.content_dir
    for record in records:
        plan_journey(record, content, plan, ctx.diags, options.delete_missing, record.columns)
    plan_stubs(ctx, plan)
    if not ctx.diags.has_errors():
        check_plan(config, plan, ctx.diags)
    return plan, ctx.diags, config


def check_plan(config: SiteConfig, plan: Plan, diags: Diagnostics) -> None:
    """Resolve the site as it would be after the import (planned files read from memory);
    problems in the files the import writes are reported, so nothing is written that
    `check` would refuse."""
    root = Path(config.root)
    content = root / config.content_dir
    found = Diagnostics()
    replaced = {*plan.writes, *plan.deleted}
    sources = [
        s
        for s in load_content(content, root, found, config.max_file_size)
        if s.content_path not in replaced
    ]
    for path, text in plan.writes.items():
        source = classify(content / path, content, root, found)
        if source is not None:
            read_source(source, found, config.max_file_size, raw=text.encode("utf-8"))
            sources.append(source)
    sources.sort(key=lambda s: s.path)
    resolve(config, sources, found)
    touched = {f"{config.content_dir}/{p}" for p in replaced}
    diags.extend(d for d in found.items if d.path in touched)


def apply_plan(config: SiteConfig, plan: Plan) -> None:
    """Write every file (each to a temporary name first), then delete: all or nothing."""
    content = Path(config.root) / config.content_dir
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in plan.writes.items():
            target = content / path
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.import-tmp")
            temporary.write_text(text, "utf-8", newline="\n")
            staged.append((temporary, target))
    except OSError:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    for path in plan.deleted:
        (content / path).unlink(missing_ok=True)
