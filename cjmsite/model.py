"""The resolved handbook: frozen dataclasses with every reference an object.

Back-references (a touchpoint's journey, a journey's counterpart) are set once
by the resolver after construction; they are excluded from equality and repr so
cycles stay harmless.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from cjmsite.facts import EMOTION_RANGE, IMPORTANCE_RANGE

RaciLetter = Literal["R", "A", "C", "I"]
RACI_LETTERS: tuple[RaciLetter, ...] = ("R", "A", "C", "I")
IDEA_STATUSES = ("proposed", "planned", "doing", "done")
CHANNEL_KINDS = ("online", "offline")
CONTACT_KINDS = ("direct", "indirect")
JOURNEY_STATES = ("current", "future")
CONFIDENCE_LEVELS = ("observed", "assumed")
JOURNEY_STATUSES = ("draft", "validated", "archived")


@dataclass(frozen=True)
class Source:
    """Where an entity was written: project-relative path and frontmatter line."""

    path: str
    line: int = 1


@dataclass(frozen=True)
class Scale:
    """A numeric scale; `mid` is the neutral point."""

    min: float
    max: float

    @property
    def mid(self) -> float:
        return (self.min + self.max) / 2


@dataclass(frozen=True)
class StageDef:
    """A stage of the site catalogue or of a journey: id and display name."""

    id: str
    name: str


@dataclass(frozen=True)
class TagDef:
    """A tag of the site's catalogue: id and display name."""

    id: str
    name: str

    @property
    def url(self) -> str:
        return f"tags/#{self.id}"


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    summary: str = ""
    photo: str | None = None  # site-relative output path of the image
    goals: tuple[str, ...] = ()
    motivations: tuple[str, ...] = ()
    frustrations: tuple[str, ...] = ()
    expectations: tuple[str, ...] = ()
    quote: str = ""
    channels: tuple[Channel, ...] = ()
    body_html: str = ""
    source: Source = field(default=Source(""), compare=False, repr=False)

    @property
    def url(self) -> str:
        return f"personas/{self.id}/"


@dataclass(frozen=True)
class Department:
    id: str
    name: str
    lead: str = ""
    contact: str = ""
    body_html: str = ""
    source: Source = field(default=Source(""), compare=False, repr=False)

    @property
    def url(self) -> str:
        return f"departments/{self.id}/"


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    kind: str  # online | offline
    body_html: str = ""
    source: Source = field(default=Source(""), compare=False, repr=False)

    @property
    def url(self) -> str:
        return f"channels/#{self.id}"


@dataclass(frozen=True)
class Ownership:
    """One department's RACI letters on a touchpoint (canonical order R, A, C, I)."""

    department: Department
    letters: tuple[RaciLetter, ...]


@dataclass(frozen=True)
class Idea:
    """An improvement idea; `impact` and `effort` (1–5) make it scored."""

    title: str
    owner: Department | None = None
    status: str = "proposed"
    impact: int | None = None
    effort: int | None = None
    due: str | None = None  # ISO date, YYYY-MM-DD
    kpi: str | None = None  # the name of a metric of its touchpoint
    line: int = field(default=0, compare=False, repr=False)  # where it is written

    @property
    def scored(self) -> bool:
        return self.impact is not None and self.effort is not None


@dataclass(frozen=True)
class Metric:
    name: str
    value: float | str | None = None
    target: float | str | None = None
    as_of: str | None = None  # journey metrics: the date the value was measured


@dataclass(frozen=True)
class Evidence:
    """A research item: a quote (or plain note) and, optionally, where it comes from."""

    quote: str
    source: str = ""
    date: str | None = None
    url: str | None = None  # http(s) or relative only, checked by the validator

    @property
    def plain(self) -> bool:
        """Written as plain text (no source, date or url)."""
        return not (self.source or self.date or self.url)

    def __str__(self) -> str:
        return self.quote


@dataclass(frozen=True, eq=False)
class Touchpoint:
    id: str
    journey_id: str
    title: str
    stage_id: str
    order: float
    importance: float
    emotion: Mapping[str, float]  # persona id -> score; a persona left out has no value
    channel: Channel | None = None
    contact: str = "direct"
    owners: tuple[Ownership, ...] = ()
    backstage: tuple[str, ...] = ()
    pains: tuple[str, ...] = ()
    gains: tuple[str, ...] = ()
    ideas: tuple[Idea, ...] = ()
    metrics: tuple[Metric, ...] = ()
    storyboard: str | None = None  # site-relative output path of the image
    evidence: tuple[Evidence, ...] = ()
    confidence: str = "observed"  # observed | assumed: how well research backs the emotion
    waivers: Mapping[str, str] = field(default_factory=dict)  # rule name -> reason
    body_html: str = ""
    source: Source = field(default=Source(""), repr=False)
    journey: Journey = field(default=None, repr=False)  # type: ignore[assignment]

    @property
    def url(self) -> str:
        return f"journeys/{self.journey_id}/{self.id}/"

    @property
    def stage_name(self) -> str:
        """Its stage's name in its journey (a journey may name a catalogue stage its own way)."""
        stages = self.journey.stages if self.journey is not None else ()
        return next((s.name for s in stages if s.id == self.stage_id), self.stage_id)

    def letters_for(self, department_id: str) -> tuple[RaciLetter, ...]:
        for ownership in self.owners:
            if ownership.department.id == department_id:
                return ownership.letters
        return ()


@dataclass(frozen=True, eq=False)
class Stage:
    """A stage of one journey with its touchpoints in order."""

    id: str
    name: str
    touchpoints: tuple[Touchpoint, ...] = ()


@dataclass(frozen=True, eq=False)
class Journey:
    id: str
    title: str
    personas: tuple[Persona, ...]
    stages: tuple[Stage, ...]
    state: str = "current"
    owner: Department | None = None
    goal: str = ""
    metrics: tuple[Metric, ...] = ()  # journey health KPIs (NPS, CSAT, …)
    waivers: Mapping[str, str] = field(default_factory=dict)  # rule name -> reason
    status: str | None = None  # draft | validated | archived; None when not said
    tags: tuple[TagDef, ...] = ()
    reviewed: str | None = None  # ISO date of the last review
    body_html: str = ""
    source: Source = field(default=Source(""), repr=False)
    counterpart: Journey | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"journeys/{self.id}/"

    @property
    def archived(self) -> bool:
        return self.status == "archived"

    @property
    def source_paths(self) -> tuple[str, ...]:
        """The files it is made from: its index.md, then its touchpoints'."""
        return (self.source.path, *(tp.source.path for tp in self.touchpoints))

    @property
    def touchpoints(self) -> tuple[Touchpoint, ...]:
        """Every touchpoint in stage order, then in order within its stage."""
        return tuple(tp for stage in self.stages for tp in stage.touchpoints)

    def touchpoint(self, touchpoint_id: str) -> Touchpoint | None:
        for tp in self.touchpoints:
            if tp.id == touchpoint_id:
                return tp
        return None

    @property
    def departments(self) -> tuple[Department, ...]:
        """Departments holding a RACI letter in this journey, by id."""
        found = {o.department.id: o.department for tp in self.touchpoints for o in tp.owners}
        return tuple(found[k] for k in sorted(found))


@dataclass(frozen=True)
class Page:
    """A free handbook chapter from `pages/`."""

    id: str  # path under pages/ without .md, e.g. "guides/glossary"
    title: str
    order: float | None = None
    body_html: str = ""
    source: Source = field(default=Source(""), compare=False, repr=False)

    @property
    def url(self) -> str:
        return f"{self.id}/"


@dataclass(frozen=True)
class Asset:
    """A non-Markdown file under content/, copied to the same relative place."""

    source_path: str  # absolute path on disk
    output_path: str  # site-relative, e.g. "assets/ana.jpg"


@dataclass(frozen=True)
class SiteConfig:
    """Resolved `cjmsite.yml`."""

    title: str
    description: str = ""
    site_url: str = ""
    cname: str = ""  # custom domain (GitHub Pages): written to CNAME when set
    language: str = "en"
    content_dir: str = "content"
    output_dir: str = "output"
    theme: str = "default"
    theme_overrides: str = "theme_overrides"
    allow_html: bool = False
    search: bool = True  # Pagefind index and search box
    print_paper: str = "A3"  # A2 | A3 | A4: the sheet a journey map prints on (landscape)
    max_file_size: int = 1_000_000  # bytes; larger Markdown files are refused
    max_expanded_size: int | None = None  # frontmatter characters after aliases; None: 10 × max
    max_title_length: int = 500  # characters of a one-line text (title, name, idea title…)
    emotion: Scale = Scale(*EMOTION_RANGE)
    importance: Scale = Scale(*IMPORTANCE_RANGE)
    stages: tuple[StageDef, ...] = ()
    default_confidence: str = "observed"  # `defaults.confidence`
    rules: Mapping[str, str] = field(default_factory=dict)  # rule name -> off|warning|error
    tags: tuple[TagDef, ...] = ()  # the tag catalogue
    repo_url: str = ""  # the repository's web address, for "Edit this page" links
    edit_branch: str = "main"
    stale_after_days: int = 180
    today: str = ""  # ISO date of the build ("today" for staleness), set by the pipeline
    root: str = "."  # absolute path of the project root (the config file's folder)

    @property
    def expanded_limit(self) -> int:
        """Characters a file's frontmatter may expand to through YAML aliases."""
        return self.max_expanded_size or 10 * self.max_file_size


@dataclass(frozen=True)
class Site:
    """Everything the renderer sees, keyed and ordered by id."""

    config: SiteConfig
    personas: Mapping[str, Persona]
    departments: Mapping[str, Department]
    channels: Mapping[str, Channel]
    journeys: Mapping[str, Journey]
    pages: Mapping[str, Page]
    assets: tuple[Asset, ...] = ()
    # when each content file last changed (cjmsite.sources.git_dates.GitDates), set by the
    # pipeline after resolving; None when not read
    history: Any = field(default=None, compare=False, repr=False)
