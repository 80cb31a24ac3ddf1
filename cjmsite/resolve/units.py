"""What a resolve found, part by part, so a later resolve can redo only the parts whose
files changed (the build cache keeps it: cjmsite/site/cache/model.py).

A resolve is made of:

- one `FileFacts` per content file: what checking it against the schema and rendering its
  Markdown body reported, the files its body links to, its headings (anchors);
- the `Shared` part: personas, departments, channels, free pages and assets, which every
  journey may refer to;
- one `Part` per journey folder (`journeys/<id>/`): the journey made from its index.md and
  touchpoint files, what building it reported and what it referred to;
- the site-wide checks, made again on every resolve from the parts: counterparts (each
  journey's pointer to the other one) and the personas, departments and channels nothing
  refers to.

Every diagnostic belongs to exactly one of them, and diagnostics are sorted in one total
order (diagnostics.Diagnostics.sorted), so a resolve that reuses parts reports exactly
what a cold one does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from cjmsite.diagnostics import Diagnostic, Location
from cjmsite.model import Asset, Channel, Department, Journey, Page, Persona, Site

JOURNEY_KINDS = ("journey", "touchpoint")


@dataclass
class FileFacts:
    """One content file as the last resolve saw it."""

    kind: str
    folder: str  # the journey folder of a journey or touchpoint file, else ""
    key: str = ""  # digest of its bytes ("" when unreadable as bytes, or an asset)
    head: str = ""  # digest of a touchpoint's frontmatter alone; else the key
    readable: bool = False
    read: list[Diagnostic] = field(default_factory=list)  # decoding, YAML, size
    checks: list[Diagnostic] = field(default_factory=list)  # the schema's
    body: list[Diagnostic] = field(default_factory=list)  # its Markdown body's links
    linked: frozenset[str] = frozenset()  # content paths its body links to
    anchors: frozenset[str] = frozenset()  # its headings' ids
    title: str | None = None  # a free page's leading heading


@dataclass
class Shared:
    """Personas, departments, channels, free pages and assets."""

    personas: dict[str, Persona] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    assets: tuple[Asset, ...] = ()
    diags: list[Diagnostic] = field(default_factory=list)
    references: dict[str, set[str]] = field(default_factory=dict)  # "persona:ana" -> files


@dataclass
class Part:
    """One journey folder: its journey (None when its index.md is missing or unreadable)."""

    journey: Journey | None = None
    counterpart: tuple[str, Location] | None = None  # the id its index.md names, and where
    diags: list[Diagnostic] = field(default_factory=list)
    references: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class Resolved:
    """A whole resolve: the site and every part it was made from."""

    site: Site
    files: dict[str, FileFacts]  # content path -> facts
    shared: Shared
    parts: dict[str, Part]  # journey folder -> part
    checks: list[Diagnostic] = field(default_factory=list)  # the site-wide checks'

    def diagnostics(self) -> list[Diagnostic]:
        """Everything the resolve reported (reading included), in no particular order."""
        found = [d for f in self.files.values() for d in (*f.read, *f.checks, *f.body)]
        found += self.shared.diags
        found += [d for part in self.parts.values() for d in part.diags]
        return found + self.checks

    def references(self) -> dict[str, set[str]]:
        """Every reference recorded, shared part and journey folders together."""
        merged: dict[str, set[str]] = {k: set(v) for k, v in self.shared.references.items()}
        for part in self.parts.values():
            for key, files in part.references.items():
                merged.setdefault(key, set()).update(files)
        return merged


def journeys_of(parts: dict[str, Part]) -> dict[str, Journey]:
    """The journeys of the parts, by id."""
    found = {p.journey.id: p.journey for p in parts.values() if p.journey is not None}
    return dict(sorted(found.items()))


def keep_objects(old: Journey | None, new: Journey | None) -> bool:
    """Put `new`'s bodies into `old` when `new` was made from the same frontmatter (only
    Markdown bodies changed): the model objects, and the analysis made of them, stay valid.
    False (nothing changed) when the two do not have the same touchpoints."""
    if old is None or new is None or old.id != new.id:
        return False
    pairs = list(zip(old.touchpoints, new.touchpoints, strict=False))
    if len(old.touchpoints) != len(new.touchpoints) or any(a.id != b.id for a, b in pairs):
        return False
    object.__setattr__(old, "body_html", new.body_html)
    for was, now in pairs:
        object.__setattr__(was, "body_html", now.body_html)
    return True


def with_journeys(site: Site, journeys: dict[str, Journey]) -> Site:
    return dataclasses.replace(site, journeys=journeys)
