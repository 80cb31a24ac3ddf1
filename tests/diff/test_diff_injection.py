"""The PR comment cannot be steered by content: hostile titles, names, idea and metric names,
stage names and file names, rendered by markdown-it with GitHub-like rules (tables,
strikethrough, linkify, raw HTML on), add no HTML, comment, link, image, mention, emphasis,
heading or table cell, and cannot break out of a code block."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from sitekit import fixture_site, write_files
from test_diff import git, invoke

from cjmsite.diff.render_markdown import MARKER
from cjmsite.diff.words import ZWJ, markdown_code, markdown_fence, markdown_text

HOSTILE = [
    "<!-- hide the rest", "-->", "<img src=https://evil.example/p.png>", "<details open>",
    "</table></details>", "@someone", "@org/team", "mail ana@evil.example", "**bold** _em_",
    "~~strike~~", "`code`", "```", "~~~", "| cell | break |", "[link](https://evil.example)",
    "![img](https://evil.example/i.png)", "https://evil.example/x", "www.evil.example",
    "<https://evil.example>", "#1 closes", "# Heading", "- item", "1. item", "> quote",
    "&lt;b&gt; &#64;someone", "$x^2$", "[^1]", "line\nbreak ```", "back\\slash\\", "x\u2028y",
    "<script>alert(1)</script>", "===", "a\u0000b\x1bc",
]  # fmt: skip
ALLOWED_HTML = {MARKER, "<br>", "<sub>", "</sub>"}
MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9][A-Za-z0-9-]*")


def gfm() -> MarkdownIt:
    """markdown-it with GitHub's rules as far as they matter here."""
    return MarkdownIt("gfm-like", {"html": True, "linkify": True})


def flat(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out += flat(token.children or [])
    return out


def yaml_text(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def touchpoint(n: int, title: str, idea: str, metric: str, emotion: int, value: int) -> str:
    return (
        f"---\ntitle: {yaml_text(title)}\nstage: awareness\nchannel: web\n"
        f"emotion: {emotion}\nimportance: 5\nowners: {{sales: [R, A], care: I}}\n"
        f"pains: [{yaml_text(title)}]\n"
        f"ideas:\n  - {{title: {yaml_text(idea)}, owner: sales, status: proposed}}\n"
        f"metrics:\n  - {{name: {yaml_text(metric)}, value: {value}}}\n---\nBody {n}.\n"
    )


def hostile_files(head: bool) -> dict[str, str]:
    files = {}
    for n, bad in enumerate(HOSTILE):
        title = bad if head else f"Step {n}"
        text = touchpoint(n, title, bad, bad, -2 if head else 1, 2 if head else 1)
        if head:
            text = text.replace("status: proposed", "status: done")
        files[f"content/journeys/signup/{100 + n}-step-{n}.md"] = text
    names = " ".join(HOSTILE[:6])
    files["content/personas/ana.md"] = f"---\nname: {yaml_text('Ana ' + names)}\n---\nAna.\n"
    files["content/departments/care.md"] = f"---\nname: {yaml_text(HOSTILE[2] + ' @care')}\n---\n"
    journey = "content/journeys/signup/index.md"
    files[journey] = (
        f"---\ntitle: {yaml_text('Sign up ' + HOSTILE[0] + ' @org/team')}\npersonas: [ana]\n"
        "owner: sales\nstages: [awareness, purchase]\n---\nThe journey.\n"
    )
    return files


@pytest.fixture(scope="module")
def comment(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("hostile")
    fixture_site("minimal", root)
    config = root / "cjmsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "stages:\n  - {id: awareness, name: "
        + yaml_text("Aware <b>@stage</b> | x")
        + "}\n"
        + "  - {id: purchase, name: Purchase}\n",
        encoding="utf-8",
    )
    write_files(root, hostile_files(head=False))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    write_files(root, hostile_files(head=True))
    code, out, err = invoke(root, "main")
    assert code == 0, out + err
    return out


def test_no_raw_html_and_one_comment(comment: str) -> None:
    tokens = flat(gfm().parse(comment))
    html = [t.content.strip() for t in tokens if t.type in ("html_inline", "html_block")]
    assert set(html) <= ALLOWED_HTML, sorted(set(html) - ALLOWED_HTML)
    assert comment.count("<!--") == 1 and comment.startswith(MARKER + "\n")
    rendered = gfm().render(comment)
    assert rendered.count("<!--") == 1
    for tag in ("<img", "<details", "<script", "</table></details>", "<b>"):
        assert tag not in rendered


def test_no_mention_link_image_or_emphasis_from_content(comment: str) -> None:
    tokens = flat(gfm().parse(comment))
    types = {t.type for t in tokens}
    assert not types & {"link_open", "image", "em_open", "s_open", "footnote_ref"}
    texts = [t.content for t in tokens if t.type == "text"]
    assert [m for text in texts for m in MENTION.findall(text)] == []
    assert not [text for text in texts if "://" in text or "www." in text]
    strong = [
        tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "strong_open"
    ]  # the tool's own bold labels only
    assert set(strong) <= {"Journey impact:", "New hotspots:", "New pain points:",
                           "Resolved hotspots:", "Resolved pain points:"}, strong  # fmt: skip


def test_tables_headings_and_fences_keep_their_shape(comment: str) -> None:
    tokens = gfm().parse(comment)
    rows = []
    for i, t in enumerate(tokens):
        if t.type == "tr_open":
            j = next(k for k in range(i, len(tokens)) if tokens[k].type == "tr_close")
            rows.append(sum(1 for k in range(i, j) if tokens[k].type in ("th_open", "td_open")))
    assert rows == [6] * (1 + len(HOSTILE))  # the header, then one row per hostile step
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[:2] == ["Handbook", "Journeys"] and len(headings) == 3
    fences = [t for t in tokens if t.type == "fence"]
    assert [t.info for t in fences] == ["mermaid"]
    assert fences[0].content.startswith("---\nconfig:") and "xychart-beta" in fences[0].content
    assert tokens[-1].type == "paragraph_close"  # the chart's note, after the closed fence
    assert not [t for t in tokens if t.type == "blockquote_open"]


def test_hostile_values_still_read_as_written(comment: str) -> None:
    text = unescape(re.sub(r"<[^>]+>", "", gfm().render(comment))).replace(ZWJ, "")
    for bad in ("<!-- hide the rest", "<img src=https://evil.example/p.png>", "@org/team",
                "| cell | break |", "[link](https://evil.example)", "**bold** _em_"):  # fmt: skip
        assert bad in text, bad


def test_a_hostile_file_name_cannot_break_out_of_the_errors_block(tmp_path: Path) -> None:
    fixture_site("minimal", tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    name = "content/pages/x\n```\n<!-- @someone ````.md"
    write_files(tmp_path, {name: "---\ntitle: [\n---\n"})
    code, out, _ = invoke(tmp_path, "main")
    assert code == 3
    tokens = gfm().parse(out)
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1 and fences[0].info == "text"
    runs = [len(run) for run in re.findall(r"`+", fences[0].content)]
    assert len(fences[0].markup) > max(runs) >= 4  # longer than any run in the name
    assert "<!-- @someone ````.md" in fences[0].content and "\n" not in fences[0].content[:-1]
    assert gfm().render(out).count("<!--") == 1  # the marker; the name's is code text


@pytest.mark.parametrize("bad", HOSTILE)
def test_each_escaped_value_renders_as_plain_text(bad: str) -> None:
    rendered = gfm().render(f"- {markdown_text(bad)}\n")
    tokens = flat(gfm().parse(f"| a |\n|---|\n| {markdown_text(bad)} |\n"))
    assert sum(1 for t in tokens if t.type == "td_open") == 1
    assert rendered.startswith("<ul>\n<li>") and rendered.count("<") == 4
    assert "@" not in rendered or f"@{ZWJ}" in rendered


def test_code_spans_and_fences_outlast_backticks() -> None:
    assert markdown_code("a`b") == "``a`b``"
    assert markdown_code("`x`") == "`` `x` ``"
    assert markdown_code("a|b") == "`a\\|b`"
    assert markdown_fence(["```", "x\ny"]) == ["````text", "```", "x y", "````"]
