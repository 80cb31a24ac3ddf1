"""Read a site for export: checked through the pipeline, then each journey's frontmatter
and Markdown exactly as written (the resolved model drops what a round trip needs)."""

from __future__ import annotations

from pathlib import Path

from cjmsite.config.options import load_config
from cjmsite.diagnostics import Diagnostics, Location
from cjmsite.interchange.columns import JOURNEY_KEYS
from cjmsite.interchange.records import JourneyRecord, TouchpointRecord
from cjmsite.interchange.to_content import TOUCHPOINT_KEYS
from cjmsite.model import Site
from cjmsite.site.pipeline import load_site
from cjmsite.sources.files import load_content


def read_site(config_path: Path) -> tuple[Site | None, Diagnostics, dict[str, JourneyRecord]]:
    """The resolved site, its diagnostics, and each journey as records (raises ConfigError)."""
    site, diags = load_site(config_path)
    if site is None or diags.has_errors():
        return None, diags, {}
    config, _ = load_config(config_path)
    root = Path(config.root)
    raw = Diagnostics()
    sources = load_content(root / config.content_dir, root, raw, config.max_file_size)
    records: dict[str, JourneyRecord] = {}
    for source in sources:
        if source.kind == "journey":
            record = records.setdefault(source.id, JourneyRecord(source.id, {}))
            record.data, record.body = dict(source.data), source.body.strip("\n")
            record.where, record.label = Location(source.shown), source.shown
    for source in sources:
        if source.kind == "touchpoint" and source.journey_id in records:
            data = dict(source.data)
            order = data.pop("order", source.order)
            records[source.journey_id].touchpoints.append(
                TouchpointRecord(
                    source.id, order, data, source.body.strip("\n"), Location(source.shown)
                )
            )
    warn_unexported(records, diags)
    for journey_id, record in records.items():
        journey = site.journeys[journey_id]
        ranks = {tp.id: rank for rank, tp in enumerate(journey.touchpoints)}
        record.touchpoints.sort(key=lambda tp: ranks.get(tp.id, len(ranks)))
    return site, diags, records


def warn_unexported(records: dict[str, JourneyRecord], diags: Diagnostics) -> None:
    """A warning for each frontmatter key the spreadsheet layout has no place for."""
    for record in records.values():
        items = [(record.where, record.data, JOURNEY_KEYS)]
        items += [(tp.where, tp.data, TOUCHPOINT_KEYS) for tp in record.touchpoints]
        for where, data, known in items:
            for key in data:
                if key not in known:
                    diags.warning(
                        where, f"key `{key}` is not exported: the layout has no place for it"
                    )
