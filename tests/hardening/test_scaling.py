"""Bodies built to make a scan quadratic: each is refused (or rendered) in linear time.

Issue 18: 480,000 lines of `a` took 378 s to check, 300,000 × `*a` ran `build` past 120 s.
These are plain tests, not timed assertions: a quadratic scan would make them run for
minutes, which the suite notices.
"""

from __future__ import annotations

from pathlib import Path

from sitekit import fixture_site

from cjmsite import check
from cjmsite.diagnostics import Diagnostic, Suggestions, did_you_mean
from cjmsite.sources.bodylimits import (
    MAX_BODY_LINES,
    MAX_BODY_MARKS,
    MAX_PARAGRAPH_MARKS,
    body_problem,
)
from cjmsite.sources.markdown import (
    drop_unsafe_urls,
    inline_children,
    locate_links,
    make_markdown,
)

TOUCHPOINT = "content/journeys/signup/10-sees-ad.md"
FRONT = (
    "---\ntitle: Sees an ad\nstage: awareness\nchannel: web\nemotion: 1\nimportance: 2\n"
    "owners: {sales: [R, A]}\n---\n"
)
BODY_LINE = FRONT.count("\n") + 1  # the file line of the body's first line


def check_with_body(tmp_path: Path, body: str, config_text: str = "") -> list[Diagnostic]:
    config = fixture_site("minimal", tmp_path, base=None)
    if config_text:
        config.write_text(config_text, encoding="utf-8")
    (tmp_path / TOUCHPOINT).write_text(FRONT + body, encoding="utf-8")
    return [d for d in check(config).diagnostics if d.path == TOUCHPOINT]


def test_half_a_million_lines_are_refused_at_the_limit(tmp_path: Path) -> None:
    big = "title: T\nmax_file_size: 2000000\n"
    (error,) = check_with_body(tmp_path, "a\n" * 500_000, big)
    assert error.severity == "error"
    assert f"over the limit of {MAX_BODY_LINES:,}" in error.message
    assert error.line == BODY_LINE + MAX_BODY_LINES


def test_three_hundred_thousand_delimiters_are_refused(tmp_path: Path) -> None:
    (error,) = check_with_body(tmp_path, "*a" * 300_000)
    assert "markup characters" in error.message and f"{MAX_BODY_MARKS:,}" in error.message
    assert error.line == BODY_LINE and "split" in error.hint


def test_one_dense_paragraph_is_refused_with_its_line(tmp_path: Path) -> None:
    body = "Intro.\n\n" + "[a" * (MAX_PARAGRAPH_MARKS + 1) + "\n\nEnd.\n"
    (error,) = check_with_body(tmp_path, body)
    assert "a paragraph has" in error.message and "delimiters" in error.message
    assert error.line == BODY_LINE + 2


def test_nested_images_and_links_each_count() -> None:
    assert body_problem("![a" * 6_000) is not None  # 12,000 delimiters in one paragraph
    assert body_problem(("![a](b) " * 1_000 + "\n\n") * 6) is None  # 18,000 in 6
    table = "| a | b |\n|---|---|\n" + "| x | y |\n" * 4_000  # 12,000 `|`: linear, allowed
    assert body_problem(table) is None


def test_bodies_within_the_limits_still_render(tmp_path: Path) -> None:
    lines = "\n".join(f"Line {n} with **bold** text.\n" for n in range(4_000))
    assert check_with_body(tmp_path, lines) == []


def test_inline_children_keep_reading_order_with_image_alt_text() -> None:
    tokens = make_markdown().parse("a ![alt *x*](i.png) b\nc [l](t.md)")
    inline = next(t for t in tokens if t.type == "inline")
    seen = [(t.type, t.content, line) for t, line in inline_children(inline)]
    kinds = [kind for kind, _, _ in seen]
    assert kinds.index("image") < kinds.index("em_open") < kinds.index("softbreak")
    assert seen[-1][2] == 1  # the line counts the soft break before it
    assert [c for k, c, _ in seen if k == "text"][:2] == ["a ", "alt "]


def test_many_links_on_one_line_are_located_in_linear_time() -> None:
    body = "[a](b) " * 20_000 + "[r][x] " * 2_000 + "\n\n[x]: /far\n"
    tokens = make_markdown().parse(body)
    locate_links(tokens, body)
    links = [t for b in tokens if b.children for t in b.children if t.type == "link_open"]
    assert links[0].meta["cjm_at"] == (0, 5)  # `(b` found, 1-based column of `b`
    assert links[1].meta["cjm_at"] == (0, 12)
    assert all(t.meta["cjm_at"][0] == 0 for t in links)


def test_broken_anchor_links_against_many_headings(tmp_path: Path) -> None:
    headings = "".join(f"## Heading {n}\n\n" for n in range(3_000))
    links = "".join(f"[x](#missing-{n})\n\n" for n in range(3_000))
    found = check_with_body(tmp_path, headings + links)
    assert len(found) == 3_000 and all("no such heading" in d.message for d in found)


def test_suggestions_are_bounded() -> None:
    assert did_you_mean("x" * 100_000, ["xx", "y"], "ids").startswith("ids:")
    many = Suggestions(f"id-{n}" for n in range(5_000))
    assert many.nearest("ID-42") == "id-42"  # a case-insensitive match, no difflib
    assert did_you_mean("personna", ["persona", "department"]) == "did you mean `persona`?"


def test_unfinished_raw_html_is_escaped_not_rescanned() -> None:
    """html.parser rescans an unclosed construct at every `<` when it closes: 10 s for
    8,000 × `<a x='`. The unfinished rest is now shown as text (allow_html: true)."""
    text = "<p>ok</p>" + "<a x='" * 30_000
    out, dropped = drop_unsafe_urls(text)
    assert out.startswith("<p>ok</p>&lt;a x=&#x27;") and dropped == []
    out, dropped = drop_unsafe_urls('<a href="javascript:x">y</a><div title="' + "z" * 2_000)
    assert out.startswith("<a>y</a>&lt;div") and dropped == ["javascript:x"]
    assert drop_unsafe_urls("<![x <script>") == ("&lt;![x &lt;script&gt;", [])


def test_hostile_raw_html_with_allow_html(tmp_path: Path) -> None:
    body = "<!--\n" + "<a x='" * 8_000 + "\n\n<![x\n\n<div>fine</div>\n"
    config_text = "title: T\nallow_html: true\n"
    assert [d for d in check_with_body(tmp_path, body, config_text) if d.severity == "error"] == []


def test_emotion_maps_against_many_personas_give_one_warning(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    ids = [f"p{n}" for n in range(40)]
    for ident in ids:
        (tmp_path / f"content/personas/{ident}.md").write_text(f"---\nname: {ident}\n---\n")
    journey = tmp_path / "content/journeys/signup/index.md"
    journey.write_text(
        journey.read_text("utf-8").replace("personas: [ana]", f"personas: [ana, {', '.join(ids)}]")
    )
    unknown = ", ".join(f"x{n}: 1" for n in range(2_000))
    (tmp_path / TOUCHPOINT).write_text(
        FRONT.replace("emotion: 1", f"emotion: {{ana: 1, {unknown}}}") + "Body.\n"
    )
    found = [d for d in check(config).diagnostics if d.path == TOUCHPOINT]
    left_out = [d for d in found if "leaves out" in d.message]
    assert len(left_out) == 1 and "leaves out 40 personas" in left_out[0].message
    assert sum("who does not walk this journey" in d.message for d in found) == 2_000
