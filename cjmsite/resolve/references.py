"""Site-wide reference checks: counterparts, and entities nothing refers to."""

from __future__ import annotations

from collections.abc import Mapping

from cjmsite.diagnostics import Diagnostics, Location, did_you_mean
from cjmsite.facts import none_defined
from cjmsite.model import Journey
from cjmsite.resolve.units import Shared


def check_counterparts(
    diags: Diagnostics, journeys: Mapping[str, Journey], named: Mapping[str, tuple[str, Location]]
) -> None:
    """Link each journey to its counterpart (`named`: the id its index.md names, and where);
    warn when the pair is not mutual current ↔ future. Every journey's link is set, so a
    journey kept from an earlier resolve points to this resolve's objects."""
    for jid, journey in journeys.items():
        other = _counterpart(diags, jid, journeys, named)
        object.__setattr__(journey, "counterpart", other)
        if other is None:
            continue
        other_id, where = named[jid]
        back = named[other_id][0] if other_id in named else None
        if back != jid:
            diags.warning(
                where,
                f"counterpart is not mutual: `{other_id}` does not name `{jid}` back",
                f"add `counterpart: {jid}` to journeys/{other_id}/index.md",
            )
        if {journey.state, other.state} != {"current", "future"}:
            diags.warning(
                where,
                f"counterpart `{other_id}` should join a current journey with a "
                f"future one, but both are `{journey.state}`"
                if journey.state == other.state
                else f"counterpart states are `{journey.state}` and `{other.state}`",
                "set `state: future` on the planned journey",
            )


def _counterpart(
    diags: Diagnostics,
    jid: str,
    journeys: Mapping[str, Journey],
    named: Mapping[str, tuple[str, Location]],
) -> Journey | None:
    """The journey `jid` names as its counterpart, None (reported) if it names none usable."""
    if jid not in named:
        return None
    other_id, where = named[jid]
    other = journeys.get(other_id)
    if other is None:
        diags.error(
            where,
            f"unknown journey `{other_id}` as counterpart",
            did_you_mean(
                other_id,
                [j for j in journeys if j != jid],
                "known journey ids",
                none_defined("journey"),
            ),
        )
        return None
    if other_id == jid:
        diags.error(
            where,
            "a journey cannot be its own counterpart",
            "name the journey of the other state (current ↔ future)",
        )
        return None
    return other


def check_unreferenced(
    diags: Diagnostics,
    shared: Shared,
    references: Mapping[str, set[str]],
    linked: set[tuple[str, str]],
    readable: bool,
) -> None:
    """Warn about personas, departments and channels that nothing refers to: no
    frontmatter `references` (kind:id -> files) and no body link (`linked`: kind, id).

    Skipped unless every content file could be read (`readable`): the references of one
    that cannot are unknown, and the error that says why is enough.
    """
    if not readable:
        return
    groups: list[tuple[str, Mapping]] = [
        ("persona", shared.personas),
        ("department", shared.departments),
        ("channel", shared.channels),
    ]
    for kind, table in groups:
        for ident, entity in table.items():
            if references.get(f"{kind}:{ident}") or (kind, ident) in linked:
                continue
            shown = entity.source.path
            diags.warning(
                Location(shown, 1, 1),
                f"{kind} `{ident}` ({entity.name}) is not referenced "
                "by any journey, touchpoint or link",
                f"reference it, or remove {shown}",
            )
