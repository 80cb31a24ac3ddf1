"""Journeys and their touchpoints: stages, emotions, owners, ideas and the RACI rules.

A mixin of the Resolver (resolve/resolver.py), which holds the shared state: the
validated values per file, the diagnostics and the recorded references.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cjmsite.config import rules
from cjmsite.diagnostics import Suggestions, did_you_mean
from cjmsite.facts import none_defined
from cjmsite.model import (
    Channel,
    Evidence,
    Idea,
    Journey,
    Metric,
    Ownership,
    Persona,
    Stage,
    TagDef,
    Touchpoint,
)
from cjmsite.sources.files import SourceFile

if TYPE_CHECKING:
    from cjmsite.diagnostics import Diagnostics, Location
    from cjmsite.model import SiteConfig, Source
    from cjmsite.resolve.links import LinkIndex

MAX_MISSING_LISTED = 5  # personas named one by one in `emotion leaves out` warnings


class JourneyResolver:
    """Resolves journey folders; mixed into `Resolver`."""

    config: SiteConfig
    diags: Diagnostics
    links: LinkIndex
    values: dict[int, dict[str, Any]]
    invalid: dict[int, set[str]]

    if TYPE_CHECKING:

        def where(self, source: SourceFile, path: tuple = (), key: bool = False) -> Location: ...
        def lookup(
            self, source: SourceFile, kind: str, ident: str, table: dict, path: tuple
        ) -> Any: ...
        def listed_once(
            self, source: SourceFile, key: str, kind: str, items: tuple
        ) -> list[tuple[int, str]]: ...
        def unique(self, sources: list[SourceFile], key: Any, what: str) -> list[SourceFile]: ...
        def body(self, source: SourceFile) -> str: ...
        def origin(self, source: SourceFile) -> Source: ...

    # -- journeys and touchpoints -----------------------------------------------------
    def journey(
        self,
        source: SourceFile,
        files: list[SourceFile],
        personas: dict,
        departments: dict,
        channels: dict,
        broken: bool = False,  # a touchpoint file of the folder could not be read
    ) -> Journey:
        v = self.values[id(source)]
        walkers = self.walkers(source, v, personas)
        owner = (
            self.lookup(source, "department", v["owner"], departments, ("owner",))
            if "owner" in v
            else None
        )
        stage_defs = self.stage_defs(source, v)
        touchpoints = [
            t
            for f in files
            if (t := self.touchpoint(f, source, walkers, stage_defs, departments, channels))
        ]
        journey = Journey(
            id=source.id,
            title=v.get("title", source.id),
            personas=walkers,
            stages=self.stages(source, v, files, stage_defs, touchpoints, broken),
            state=v.get("state", "current"),
            owner=owner,
            goal=v.get("goal", ""),
            metrics=tuple(Metric(**m) for m in v.get("metrics", ())),
            waivers=dict(v.get("waive", {})),
            status=v.get("status"),
            tags=self.journey_tags(source, v),
            reviewed=v.get("reviewed"),
            body_html=self.body(source),
            source=self.origin(source),
        )
        for touchpoint in journey.touchpoints:
            object.__setattr__(touchpoint, "journey", journey)
        return journey

    def walkers(self, source: SourceFile, v: dict, personas: dict) -> tuple[Persona, ...]:
        """The journey's personas, each listed once and known."""
        walkers = tuple(
            p
            for i, ident in self.listed_once(source, "personas", "persona", v.get("personas", ()))
            if (p := self.lookup(source, "persona", ident, personas, ("personas", i)))
        )
        if "personas" in v and not v["personas"]:
            self.diags.error(
                self.where(source, ("personas",)),
                "`personas` lists nobody",
                did_you_mean("", personas, "known persona ids", none_defined("persona")),
            )
        return walkers

    def stages(
        self,
        source: SourceFile,
        v: dict,
        files: list[SourceFile],
        stage_defs: list[tuple[str, str]],
        touchpoints: list[Touchpoint],
        broken: bool,
    ) -> tuple[Stage, ...]:
        """The journey's stages holding their touchpoints in order; empty stages warned."""
        # A touchpoint file that failed validation still counts for its stage, and one
        # whose stage is missing or unknown may belong to any: either way one error does
        # not also produce "empty stage" warnings.
        written_stages = {self.values[id(f)].get("stage") for f in files}
        stage_ids = {s for s, _ in stage_defs}
        # a touchpoint file that could not be read (`broken`) may belong to any stage
        unplaced = not written_stages <= stage_ids or broken
        stages = []
        for index, (stage_id, name) in enumerate(stage_defs):
            held = sorted(
                (t for t in touchpoints if t.stage_id == stage_id), key=lambda t: (t.order, t.id)
            )
            if not held and stage_id not in written_stages and not unplaced:
                self.diags.warning(
                    self.where(source, ("stages", index) if "stages" in v else ()),
                    f"stage `{stage_id}` has no touchpoint",
                    "add a touchpoint with this stage, or list only the stages the journey has",
                )
            stages.append(Stage(stage_id, name, tuple(held)))
        return tuple(stages)

    def journey_tags(self, source: SourceFile, v: dict) -> tuple[TagDef, ...]:
        """The journey's tags from the site's catalogue; an unknown id is reported."""
        catalogue = {t.id: t for t in self.config.tags}
        return tuple(
            t
            for i, ident in self.listed_once(source, "tags", "tag", v.get("tags", ()))
            if (t := self.lookup(source, "tag", ident, catalogue, ("tags", i)))
        )

    def stage_defs(self, source: SourceFile, v: dict) -> list[tuple[str, str]]:
        catalogue = {s.id: s.name for s in self.config.stages}
        if "stages" not in v:
            return list(catalogue.items())
        result: list[tuple[str, str]] = []
        for index, item in enumerate(v["stages"]):
            name = item["name"] or catalogue.get(item["id"])
            if name is None:
                self.diags.error(
                    self.where(source, ("stages", index)),
                    f"stage `{item['id']}` is not in the site's stage catalogue and has no name",
                    did_you_mean(item["id"], catalogue, "catalogue stages")
                    + f"; or write {{id: {item['id']}, name: …}}",
                )
                continue
            if any(s == item["id"] for s, _ in result):
                self.diags.error(
                    self.where(source, ("stages", index)), f"stage `{item['id']}` is listed twice"
                )
                continue
            result.append((item["id"], name))
        return result

    def touchpoint(
        self,
        source: SourceFile,
        journey_source: SourceFile,
        walkers: tuple[Persona, ...],
        stage_defs: list[tuple[str, str]],
        departments: dict,
        channels: dict,
    ) -> Touchpoint | None:
        v = self.values[id(source)]
        # References first, so a touchpoint dropped below still counts as referring to
        # its channel, departments and linked files (no "not referenced" follow-ons).
        channel, owners, ideas = self.touchpoint_references(source, v, departments, channels)
        waivers = {**self.values[id(journey_source)].get("waive", {}), **v.get("waive", {})}
        self.check_ideas(source, v, ideas, waivers)
        body_html = self.body(source)
        stage_ids = [s for s, _ in stage_defs]
        if "stage" in v and v["stage"] not in stage_ids:
            self.diags.error(
                self.where(source, ("stage",)),
                f"unknown stage `{v['stage']}` for journey `{source.journey_id}`",
                did_you_mean(v["stage"], stage_ids, "its stages", none_defined("stage")),
            )
            return None
        if not {"title", "stage", "emotion", "importance"} <= v.keys():
            return None  # a required key is missing or invalid: already reported
        emotion = self.emotion(source, v["emotion"], walkers)
        if "channel" not in v and "channel" not in self.invalid[id(source)]:
            self.diags.warning(
                source.location(),
                "touchpoint has no `channel`",
                did_you_mean("", channels, "known channel ids", none_defined("channel")),
            )
        touchpoint = Touchpoint(
            id=source.id,
            journey_id=source.journey_id,
            title=v["title"],
            stage_id=v["stage"],
            order=v.get("order", source.order),
            importance=v["importance"],
            emotion=emotion,
            channel=channel,
            contact=v.get("contact", "direct"),
            owners=tuple(sorted(owners, key=lambda o: o.department.id)),
            backstage=v.get("backstage", ()),
            pains=v.get("pains", ()),
            gains=v.get("gains", ()),
            ideas=tuple(ideas),
            metrics=tuple(Metric(**m) for m in v.get("metrics", ())),
            storyboard=self.storyboard(source, v),
            evidence=tuple(Evidence(**e) for e in v.get("evidence", ())),
            confidence=v.get("confidence", self.config.default_confidence),
            waivers=dict(v.get("waive", {})),
            body_html=body_html,
            source=self.origin(source),
        )
        self.check_owners(source, v.get("owners"), "owners" in source.data, waivers)
        return touchpoint

    def storyboard(self, source: SourceFile, v: dict) -> str | None:
        """The site path of the touchpoint's storyboard file, None if none or unknown."""
        if "storyboard" not in v:
            return None
        return self.links.file_reference(
            source,
            v["storyboard"],
            lambda: self.where(source, ("storyboard",)),
            self.diags,
            "storyboard",
        )

    def touchpoint_references(
        self, source: SourceFile, v: dict, departments: dict, channels: dict
    ) -> tuple[Channel | None, list[Ownership], list[Idea]]:
        """The touchpoint's channel, owners and ideas, each reference recorded."""
        channel = None
        if "channel" in v:
            channel = self.lookup(source, "channel", v["channel"], channels, ("channel",))
        owners = []
        for dept_id, letters in v.get("owners", {}).items():
            dept = self.lookup(source, "department", dept_id, departments, ("owners", dept_id))
            if dept:
                owners.append(Ownership(dept, letters))
        ideas = []
        for index, idea in enumerate(v.get("ideas", ())):
            owner = None
            if idea["owner"]:
                owner = self.lookup(
                    source, "department", idea["owner"], departments, ("ideas", index, "owner")
                )
            ideas.append(
                Idea(
                    idea["title"], owner, idea["status"], idea["impact"], idea["effort"],
                    idea["due"], idea["kpi"], self.where(source, idea["path"]).line,
                )
            )  # fmt: skip
        return channel, owners, ideas

    def check_ideas(self, source: SourceFile, v: dict, ideas: list[Idea], waivers: dict) -> None:
        """A `kpi` that names no metric of the touchpoint; the `idea-without-owner` rule."""
        metric_names = [m["name"] for m in v.get("metrics", ())]
        for idea, written in zip(ideas, v.get("ideas", ()), strict=False):
            path = written["path"]
            if idea.kpi is not None and idea.kpi not in metric_names:
                self.diags.warning(
                    self.where(source, (*path, "kpi")),
                    f"idea “{idea.title}”: `kpi` names `{idea.kpi}`, "
                    "which is not a metric of this touchpoint",
                    did_you_mean(idea.kpi, metric_names, "its metrics")
                    if metric_names
                    else f"add `metrics: [{{name: {idea.kpi}, value: …}}]`",
                )
            if written["owner"] is None and "idea-without-owner" not in waivers:
                rules.report(
                    self.diags, self.config.rules, "idea-without-owner", self.where(source, path),
                    f"idea “{idea.title}” has no owner",
                    "add `owner: <department id>`, or waive the rule with a reason",
                )  # fmt: skip

    def emotion(
        self, source: SourceFile, value: Any, walkers: tuple[Persona, ...]
    ) -> dict[str, float]:
        ids = [p.id for p in walkers]
        if not isinstance(value, dict):
            return {p: value for p in ids}
        walking, hints = set(ids), None  # a set, and hints prepared once: no K × W scans
        for persona_id in value:
            if persona_id not in walking:
                hints = hints or Suggestions(ids)
                self.diags.error(
                    self.where(source, ("emotion", persona_id), key=True),
                    f"`emotion` names `{persona_id}`, who does not walk this journey",
                    did_you_mean(persona_id, hints, "the journey's personas"),
                )
        if "emotion" in self.invalid[id(source)]:
            ids = []  # a score was invalid and is reported: no "leaves out" warning too
        missing = [persona_id for persona_id in ids if persona_id not in value]
        if len(missing) > MAX_MISSING_LISTED:  # one warning, not one per persona
            shown = ", ".join(f"`{p}`" for p in missing[:MAX_MISSING_LISTED])
            self.diags.warning(
                self.where(source, ("emotion",)),
                f"`emotion` leaves out {len(missing):,} personas ({shown}, …): the arc shows gaps",
                "add `<persona>: <number>` to the map for each",
            )
            missing = []
        for persona_id in missing:
            self.diags.warning(
                self.where(source, ("emotion",)),
                f"`emotion` leaves out persona `{persona_id}`: the arc shows a gap",
                f"add `{persona_id}: <number>` to the map",
            )
        if not ids:  # its scores were invalid: none kept
            return {}
        return {k: s for k, s in value.items() if k in walking}

    def check_owners(
        self, source: SourceFile, owners: dict | None, written: bool, waivers: dict
    ) -> None:
        """RACI rules on the letters as written, so a broken department file adds no noise."""
        levels = self.config.rules
        if not written:
            if "touchpoint-without-owner" not in waivers:
                rules.report(
                    self.diags, levels, "touchpoint-without-owner", source.location(),
                    "touchpoint has no `owners`",
                    "add e.g. `owners: {customer-care: A, sales: R}`",
                )  # fmt: skip
            return
        if "raci" in waivers:
            return
        if owners is None or "owners" in self.invalid[id(source)]:
            return  # the value, or a letter in it, is invalid and already reported
        letters = [letter for held in owners.values() for letter in held]
        accountable = letters.count("A")
        if accountable != 1:
            rules.report(
                self.diags,
                levels,
                "raci",
                self.where(source, ("owners",)),
                f"RACI row has {accountable} `A`: exactly one department must be accountable",
                "mark exactly one department with A",
            )
        if "R" not in letters:
            rules.report(
                self.diags,
                levels,
                "raci",
                self.where(source, ("owners",)),
                "RACI row has no `R`: someone must be responsible",
                "mark at least one department with R",
            )
