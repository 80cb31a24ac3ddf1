"""A journey as a Mermaid `journey` diagram (the text GitHub renders natively).

Pure text from the resolved model: the site publishes it at `journeys/<id>/journey.mmd`
and `cjmsite export --format mermaid` writes the same text.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from cjmsite.model import Journey, Scale, Site, Touchpoint

MERMAID_MIN, MERMAID_MAX = 1, 5
# Characters Mermaid's journey grammar gives a meaning to, written as its `#code;` entities;
# and the ones HTML does, so that no tag from content is in the file, whatever renders it.
_ENTITIES = {
    "#": "#35;", ":": "#58;", ";": "#59;", ",": "#44;",
    "<": "#lt;", ">": "#gt;", "&": "#amp;", '"': "#quot;",
}  # fmt: skip
_SPACE = re.compile(r"\s+")
_ESCAPE = str.maketrans({c: e for c, e in _ENTITIES.items() if c != ","})
_ESCAPE_COMMA = str.maketrans(_ENTITIES)


def mermaid_text(value: str, comma: bool = False) -> str:
    """`value` on one line, safe inside a title, section, task or actor name."""
    text = _SPACE.sub(" ", value).strip().translate(_ESCAPE_COMMA if comma else _ESCAPE)
    if text.startswith("%"):  # `%%` at a line's start would make it a comment
        text = "#37;" + text[1:]
    return text or "-"


def to_mermaid_score(value: float, scale: Scale) -> int:
    """`value` of the emotion scale mapped linearly onto 1–5, rounded half away from zero."""
    span = scale.max - scale.min
    mapped = MERMAID_MIN + (value - scale.min) * (MERMAID_MAX - MERMAID_MIN) / span
    rounded = int(Decimal(repr(mapped)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return min(MERMAID_MAX, max(MERMAID_MIN, rounded))


def from_mermaid_score(score: float, scale: Scale) -> float:
    """A Mermaid score 1–5 mapped linearly back onto the emotion scale."""
    value = scale.min + (score - MERMAID_MIN) * (scale.max - scale.min) / (
        MERMAID_MAX - MERMAID_MIN
    )
    return int(value) if float(value).is_integer() else round(value, 6)


def _task(tp: Touchpoint, journey: Journey, scale: Scale) -> str:
    scores = [tp.emotion[p.id] for p in journey.personas if p.id in tp.emotion]
    mean = sum(scores) / len(scores) if scores else scale.mid
    actors = ", ".join(
        mermaid_text(p.name, comma=True) for p in journey.personas if p.id in tp.emotion
    )
    line = f"      {mermaid_text(tp.title)}: {to_mermaid_score(mean, scale)}"
    return f"{line}: {actors}" if actors else line


def journey_mermaid(journey: Journey, scale: Scale) -> str:
    """The Mermaid `journey` diagram of one journey: a section per stage, a task per
    touchpoint scored by the mean emotion of its personas, the personas as actors."""
    lines = ["journey", f"    title {mermaid_text(journey.title)}"]
    for stage in journey.stages:
        lines.append(f"    section {mermaid_text(stage.name)}")
        lines.extend(_task(tp, journey, scale) for tp in stage.touchpoints)
    return "\n".join(lines) + "\n"


def mermaid_files(site: Site) -> dict[str, bytes]:
    """`journeys/<id>/journey.mmd` for every journey of the site."""
    return {
        f"journeys/{journey.id}/journey.mmd": journey_mermaid(journey, site.config.emotion).encode(
            "utf-8"
        )
        for journey in site.journeys.values()
    }
