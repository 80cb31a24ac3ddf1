"""Mermaid `journey` diagrams read back: a `.mmd` file or a Markdown file's first
```` ```mermaid ```` block that holds one."""

from __future__ import annotations

import html
import re
from pathlib import Path

from cjmsite.diagnostics import Location
from cjmsite.interchange.context import Context
from cjmsite.interchange.records import JourneyRecord, TouchpointRecord
from cjmsite.render.mermaid import MERMAID_MAX, MERMAID_MIN, from_mermaid_score
from cjmsite.sources.files import suggest_id

MAX_MERMAID_BYTES = 2_000_000
MAX_LINE_CHARS = 10_000
ENTITY = re.compile(r"#(\d{1,7});|#([a-zA-Z]{2,10});")
FENCE = re.compile(r"^(`{3,}|~{3,})\s*mermaid\s*$")


def decode_entities(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1))
            return chr(code) if 0 < code < 0x110000 else match.group(0)
        return html.unescape(f"&{match.group(2)};")

    return ENTITY.sub(one, text).strip()


def diagram_lines(text: str, is_markdown: bool) -> list[tuple[int, str]]:
    """(line number, text) of the diagram: the whole file, or the fenced block."""
    lines = text.split("\n")
    if not is_markdown:
        return list(enumerate(lines, 1))
    start = None
    for number, line in enumerate(lines, 1):
        if start is None and FENCE.match(line.strip()):
            start, fence = number, line.strip()[:3]
        elif start is not None and line.strip().startswith(fence):
            block = list(enumerate(lines[start : number - 1], start + 1))
            if any(b.strip() == "journey" for _, b in block):
                return block
            start = None
    return []


def read_mermaid(path: Path, shown: str, ctx: Context, importance: float) -> JourneyRecord | None:
    diags = ctx.diags
    try:
        raw = path.read_bytes()[: MAX_MERMAID_BYTES + 1]
    except OSError as error:
        diags.error(Location(shown), f"cannot read the file: {error.strerror or error}")
        return None
    if len(raw) > MAX_MERMAID_BYTES:
        diags.error(Location(shown), f"the file is over {MAX_MERMAID_BYTES:,} bytes")
        return None
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff").replace("\r\n", "\n")
    lines = diagram_lines(text, path.suffix.lower() in (".md", ".markdown"))
    if not any(line.strip() == "journey" for _, line in lines):
        diags.error(
            Location(shown),
            "no Mermaid `journey` diagram found",
            "a .mmd file, or a Markdown file with a ```mermaid block starting `journey`",
        )
        return None
    return parse_lines(lines, shown, ctx, importance)


def parse_lines(
    lines: list[tuple[int, str]], shown: str, ctx: Context, importance: float
) -> JourneyRecord:
    record = JourneyRecord("", {}, label=shown, where=Location(shown))
    stages: dict[str, str] = {}
    personas: list[str] = []
    stage = ""
    for number, line in lines:
        where = Location(shown, number, 1)
        text = line.strip()
        if len(line) > MAX_LINE_CHARS:
            ctx.diags.error(where, f"a line of {len(line):,} characters, over {MAX_LINE_CHARS:,}")
            continue
        if not text or text.startswith("%%") or text == "journey":
            continue
        if text.startswith("title "):
            record.data["title"] = decode_entities(text[6:])
        elif text.startswith("section "):
            name = decode_entities(text[8:])
            stage = ctx_stage(name, stages, ctx)
        else:
            task = parse_task(text, where, ctx, importance, personas)
            if task is not None:
                task.data["stage"] = stage or ctx_stage("-", stages, ctx)
                task.order = (len(record.touchpoints) + 1) * 10
                record.touchpoints.append(task)
    record.data["personas"] = personas
    for tp in record.touchpoints:  # a score every persona shares is one number
        emotion = tp.data["emotion"]
        if isinstance(emotion, dict) and set(emotion) == set(personas):
            tp.data["emotion"] = next(iter(emotion.values()))
    record.data["stages"] = [
        s if stages[s] == ctx.stages.get(s) else {"id": s, "name": stages[s]} for s in stages
    ]
    return record


def ctx_stage(name: str, stages: dict[str, str], ctx: Context) -> str:
    from cjmsite.interchange.context import find_id

    ident = find_id(name, ctx.stages) or suggest_id(name)
    stages.setdefault(ident, ctx.stages.get(ident, name) if find_id(name, ctx.stages) else name)
    return ident


def parse_task(
    text: str, where: Location, ctx: Context, importance: float, personas: list[str]
) -> TouchpointRecord | None:
    title, _, rest = text.partition(":")
    score_text, _, actors = rest.partition(":")
    try:
        score = float(score_text.strip())
    except ValueError:
        ctx.diags.error(where, f"a task without a score: '{text[:80]}'", "write `Task: 3: Actor`")
        return None
    if not MERMAID_MIN <= score <= MERMAID_MAX:
        ctx.diags.error(
            where, f"score {score_text.strip()} is outside {MERMAID_MIN}..{MERMAID_MAX}"
        )
        return None
    ids = []
    for actor in (a for a in actors.split(",") if a.strip()):
        ident = ctx.match("personas", decode_entities(actor), where)
        if ident:
            ids.append(ident)
            if ident not in personas:
                personas.append(ident)
    value = from_mermaid_score(score, ctx.emotion)
    name = decode_entities(title)
    emotion = {p: value for p in ids} if ids else value
    data = {"title": name, "emotion": emotion, "importance": importance}
    return TouchpointRecord(suggest_id(name), 0, data, None, where)
