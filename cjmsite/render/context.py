"""Values the templates show that are not in the model: faces, stage names, comparisons."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from cjmsite.analysis import Insights, sentiment
from cjmsite.analysis.ideas import Opportunity
from cjmsite.facts import SHOWN_DIGITS
from cjmsite.model import Idea, Journey, Metric, Page, Persona, Site, Touchpoint
from cjmsite.render.locale import Locale

FACES = {"negative": "☹", "neutral": "•", "positive": "☺"}


@dataclass(frozen=True)
class Change:
    """A touchpoint that differs between the current and the future journey."""

    id: str
    kind: str  # added | removed | changed
    current: Touchpoint | None
    future: Touchpoint | None
    emotion: tuple[tuple[Persona, float | None, float | None], ...] = ()
    importance: tuple[float, float] | None = None


def face(sentiment: str | None) -> str:
    """A sign for a sentiment, shown next to the number (never colour alone)."""
    return FACES.get(sentiment or "", "")


def sentiment_of(emotion: float | None, neutral: float) -> str | None:
    """The analysis' sentiment of an emotion as it is shown (a mean of −0.004 reads "0",
    and its face is neutral, not negative), or None where there is no emotion (a gap)."""
    return None if emotion is None else sentiment(round(emotion, SHOWN_DIGITS), neutral)


def stage_names(site: Site) -> dict[str, str]:
    """Every stage id's display name: the site catalogue, then the journeys' own stages."""
    names = {s.id: s.name for s in site.config.stages}
    for journey in site.journeys.values():
        for stage in journey.stages:
            names.setdefault(stage.id, stage.name)
    return names


def nav_pages(site: Site) -> list[Page]:
    """Free pages in navigation order: by `order` (unordered last), then title, then id."""
    return sorted(
        site.pages.values(),
        key=lambda p: (p.order is None, p.order or 0, p.title.lower(), p.id),
    )


def current_and_future(journey: Journey) -> tuple[Journey, Journey] | None:
    """The pair to compare, current first; None without a counterpart."""
    other = journey.counterpart
    if other is None:
        return None
    if journey.state == "future" and other.state != "future":
        return other, journey
    return journey, other


def counterpart_changes(current: Journey, future: Journey) -> list[Change]:
    """Touchpoints paired by id: added in the future, removed from today, or changed."""
    before = {tp.id: tp for tp in current.touchpoints}
    after = {tp.id: tp for tp in future.touchpoints}
    changes: list[Change] = []
    for tp in future.touchpoints:
        if tp.id not in before:
            changes.append(Change(tp.id, "added", None, tp))
    for tp in current.touchpoints:
        if tp.id not in after:
            changes.append(Change(tp.id, "removed", tp, None))
            continue
        new = after[tp.id]
        people = {p.id: p for p in (*current.personas, *future.personas)}
        emotion = tuple(
            (people[pid], tp.emotion.get(pid), new.emotion.get(pid))
            for pid in sorted(people)
            if tp.emotion.get(pid) != new.emotion.get(pid)
        )
        importance = (tp.importance, new.importance) if tp.importance != new.importance else None
        if emotion or importance:
            changes.append(Change(tp.id, "changed", tp, new, emotion, importance))
    order = {"added": 0, "changed": 1, "removed": 2}
    return sorted(changes, key=lambda c: order[c.kind])  # stable: journey order within


def ideas_of(journey: Journey) -> list[tuple[Touchpoint, Idea]]:
    return [(tp, idea) for tp in journey.touchpoints for idea in tp.ideas]


def opportunities_of(insights: Insights, journey: Journey) -> tuple[Opportunity, ...]:
    """A journey's ideas, scored ones by rank first."""
    found = insights.opportunities
    return found.of_journey(journey) if found else ()


def ideas_owned(insights: Insights, department_id: str) -> tuple[Opportunity, ...]:
    found = insights.opportunities
    return found.owned_by(department_id) if found else ()


def metrics_of(journey: Journey) -> list[tuple[Touchpoint, Metric]]:
    return [(tp, metric) for tp in journey.touchpoints for metric in tp.metrics]


def has_backstage(journey: Journey) -> bool:
    return any(tp.backstage for tp in journey.touchpoints)


def neighbours(tp: Touchpoint) -> tuple[Touchpoint | None, Touchpoint | None]:
    """The previous and next touchpoints of the same journey."""
    order = list(tp.journey.touchpoints)
    index = next(i for i, other in enumerate(order) if other is tp)
    previous = order[index - 1] if index > 0 else None
    following = order[index + 1] if index + 1 < len(order) else None
    return previous, following


def journeys_of(site: Site, persona: Persona) -> list[Journey]:
    return [
        j for _, j in sorted(site.journeys.items()) if any(p.id == persona.id for p in j.personas)
    ]


def journeys_with_channel(site: Site, channel_id: str) -> int:
    return sum(
        1
        for j in site.journeys.values()
        if any(tp.channel is not None and tp.channel.id == channel_id for tp in j.touchpoints)
    )


def persona_mean(insights: Insights, journey: Journey, persona: Persona) -> float | None:
    values = [
        s.emotion
        for tp in journey.touchpoints
        for s in insights.scores_for(tp)
        if s.persona.id == persona.id and s.emotion is not None
    ]
    return sum(values) / len(values) if values else None


SEARCH_STRINGS = (
    "placeholder", "clear_search", "load_more", "search_label", "filters_label",
    "zero_results", "many_results", "one_result", "alt_search", "search_suggestion", "searching",
)  # fmt: skip


def search_strings(locale: Locale) -> dict[str, str]:
    """Pagefind UI's words from the locale's `search.ui.*` keys (the rest stay Pagefind's)."""
    return {
        key: str(locale.strings[f"search.ui.{key}"])
        for key in SEARCH_STRINGS
        if f"search.ui.{key}" in locale.strings
    }


_HEADING_TAG = re.compile(r"<(/?)h([3-6])(?=[\s>])")


def lift_headings(html: str) -> Markup:
    """A body whose top headings are h3 (Markdown `##`, demoted below the page's h2
    sections) placed directly under the page's h1: every heading one level up."""
    text = str(html)
    if "<h2" in text or "<h3" not in text:
        return Markup(text)
    return Markup(_HEADING_TAG.sub(lambda m: f"<{m[1]}h{int(m[2]) - 1}", text))


_HEADING_ID = re.compile(r'(<h[1-6] id=")([^"]*)"')
_LOCAL_HREF = re.compile(r'href="#([^"]*)"')


def scope_ids(html: str, prefix: str) -> Markup:
    """A body shown beside others on one page (the channels page) with its heading ids,
    and its own links to them, prefixed: two bodies with the same heading would otherwise
    give the page one id twice."""
    text, prefix = str(html), str(escape(prefix))
    ids = {match[2] for match in _HEADING_ID.finditer(text)}
    if not ids:
        return Markup(text)
    text = _HEADING_ID.sub(lambda m: f'{m[1]}{prefix}-{m[2]}"', text)
    return Markup(
        _LOCAL_HREF.sub(
            lambda m: f'href="#{prefix}-{m[1]}"' if m[1] in ids else m[0],
            text,
        )
    )
