"""What an import resolves names against: the site's entities, scales and options."""

from __future__ import annotations

from dataclasses import dataclass, field

from cjmsite.diagnostics import Diagnostics, Location, did_you_mean
from cjmsite.interchange.columns import fold
from cjmsite.interchange.records import Missing
from cjmsite.model import Scale
from cjmsite.sources.files import suggest_id


@dataclass
class Context:
    """Known ids with their names, the scales, and the import's options."""

    personas: dict[str, str]
    departments: dict[str, str]
    channels: dict[str, str]
    stages: dict[str, str]  # the site catalogue
    emotion: Scale
    importance: Scale
    create_missing: bool = False
    channel_kind: str = "online"
    diags: Diagnostics = field(default_factory=Diagnostics)
    missing: Missing = field(default_factory=Missing)

    def match(self, what: str, text: str, where: Location) -> str | None:
        """The id `text` names (an id, a name, or a name's slug) among the known `what`s
        (personas, departments, channels); unknown: a stub id with --create-missing,
        else an error with the nearest known id."""
        known: dict[str, str] = getattr(self, what)
        found = find_id(text, known)
        if found:
            return found
        created: dict[str, str] = getattr(self.missing, what)
        ident = suggest_id(text)
        if self.create_missing:
            created.setdefault(ident, text.strip())
            return ident
        if ident not in created:
            created[ident] = text.strip()
            singular = what[:-1]
            self.diags.error(
                where,
                f"unknown {singular} '{text.strip()}'",
                did_you_mean(text.strip(), known, f"known {what}")
                + " (or import with --create-missing to write a stub)",
            )
        return None


def find_id(text: str, known: dict[str, str]) -> str | None:
    """`text` as an id of `known` (id → name): the id itself, a name, or a slug."""
    value = text.strip()
    if value in known:
        return value
    folded = fold(value)
    for ident, name in known.items():
        if fold(name) == folded or ident == folded:
            return ident
    slug = suggest_id(value)
    return slug if slug in known else None
