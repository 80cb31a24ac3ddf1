"""Site-wide reference checks: counterparts, and entities nothing refers to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from cjmsite.diagnostics import Diagnostics, Location, did_you_mean
from cjmsite.facts import none_defined
from cjmsite.model import Channel, Department, Journey, Persona
from cjmsite.resolve.links import LinkIndex
from cjmsite.sources.files import SourceFile


class Resolver(Protocol):
    """What these checks read of resolve.resolver.Resolver (which calls them: no import back)."""

    diags: Diagnostics
    sources: list[SourceFile]
    links: LinkIndex
    values: dict[int, dict[str, Any]]
    references: Mapping[str, set[str]]

    def where(self, source: SourceFile, path: tuple = (), key: bool = False) -> Location: ...

    def by_kind(self, kind: str) -> list[SourceFile]: ...


def check_counterparts(resolver: Resolver, journeys: dict[str, Journey]) -> None:
    """Link each journey to its counterpart; warn when the pair is not mutual current ↔ future."""
    sources = {s.id: s for s in resolver.by_kind("journey")}
    for jid, journey in journeys.items():
        source = sources[jid]
        other_id = resolver.values[id(source)].get("counterpart")
        if other_id is None:
            continue
        where = resolver.where(source, ("counterpart",))  # counterparts are few
        other = journeys.get(other_id)
        if other is None:
            resolver.diags.error(
                where,
                f"unknown journey `{other_id}` as counterpart",
                did_you_mean(
                    other_id,
                    [j for j in journeys if j != jid],
                    "known journey ids",
                    none_defined("journey"),
                ),
            )
            continue
        if other_id == jid:
            resolver.diags.error(
                where,
                "a journey cannot be its own counterpart",
                "name the journey of the other state (current ↔ future)",
            )
            continue
        object.__setattr__(journey, "counterpart", other)
        back = resolver.values[id(sources[other_id])].get("counterpart")
        if back != jid:
            resolver.diags.warning(
                where,
                f"counterpart is not mutual: `{other_id}` does not name `{jid}` back",
                f"add `counterpart: {jid}` to journeys/{other_id}/index.md",
            )
        if {journey.state, other.state} != {"current", "future"}:
            resolver.diags.warning(
                where,
                f"counterpart `{other_id}` should join a current journey with a "
                f"future one, but both are `{journey.state}`"
                if journey.state == other.state
                else f"counterpart states are `{journey.state}` and `{other.state}`",
                "set `state: future` on the planned journey",
            )


def check_unreferenced(
    resolver: Resolver,
    personas: dict[str, Persona],
    departments: dict[str, Department],
    channels: dict[str, Channel],
) -> None:
    """Warn about personas, departments and channels that nothing refers to.

    Skipped while a content file cannot be read: its references are unknown, and the
    error that says why is enough.
    """
    if any(s.kind != "asset" and not s.readable for s in resolver.sources):
        return
    by_file = {s.content_path: s for s in resolver.sources}
    linked = {(by_file[p].kind, by_file[p].id) for p in resolver.links.linked if p in by_file}
    groups: list[tuple[str, dict]] = [
        ("persona", personas),
        ("department", departments),
        ("channel", channels),
    ]
    for kind, table in groups:
        for ident, entity in table.items():
            if resolver.references.get(f"{kind}:{ident}") or (kind, ident) in linked:
                continue
            source = next(s for s in resolver.by_kind(kind) if s.id == ident)
            resolver.diags.warning(
                source.location(),
                f"{kind} `{ident}` ({entity.name}) is not referenced "
                "by any journey, touchpoint or link",
                f"reference it, or remove {source.shown}",
            )
