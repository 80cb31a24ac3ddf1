"""Body link diagnostics point at the line and column the link's target is written on."""

from __future__ import annotations

from pathlib import Path

from sitekit import fixture_site, write_files

from cjmsite import check
from cjmsite.sources.markdown import links_of, locate_links, make_markdown


def diagnostics_of(tmp_path: Path, body: str, allow_html: bool = False) -> list[str]:
    """Check the minimal site with `pages/about.md` replaced by `body`."""
    config = fixture_site("minimal", tmp_path, base=None)
    if allow_html:
        config.write_text("title: Minimal handbook\nallow_html: true\n", encoding="utf-8")
    write_files(tmp_path, {"content/pages/about.md": body})
    return [d.format() for d in check(config).diagnostics]


def places(lines: list[str]) -> list[str]:
    """`line:column` of each diagnostic of pages/about.md."""
    prefix = "content/pages/about.md:"
    return [line[len(prefix) :].split(": ")[0] for line in lines if line.startswith(prefix)]


def test_links_on_lines_one_two_and_four_of_a_paragraph(tmp_path: Path) -> None:
    body = (
        "# About\n"
        "\n"
        "First [one](nope1.md) line\n"
        "second line [two](nope2.md)\n"
        "third line with no link\n"
        "fourth: ![pic](nope4.png)\n"
    )
    lines = diagnostics_of(tmp_path, body)
    assert places(lines) == ["3:13", "4:19", "6:16"]
    assert "`nope2.md`" in lines[1] and "`nope4.png`" in lines[2]


def test_the_reviewers_case(tmp_path: Path) -> None:
    body = (
        "# About\n\nRead [Ana](../personas/ana.md).\nSecond line with [a broken link](nope.md).\n"
    )
    assert places(diagnostics_of(tmp_path, body)) == ["4:34"]


def test_link_in_a_list_item_and_a_table_cell(tmp_path: Path) -> None:
    body = (
        "# About\n"
        "\n"
        "- first item\n"
        "  continues with [list](in-list.md)\n"
        "\n"
        "| a | b |\n"
        "|---|---|\n"
        "| x | [cell](in-cell.md) |\n"
    )
    lines = diagnostics_of(tmp_path, body)
    assert places(lines) == ["4:25", "8:14"]
    assert "`in-list.md`" in lines[0] and "`in-cell.md`" in lines[1]


def test_the_same_link_on_two_lines_is_reported_at_each(tmp_path: Path) -> None:
    body = "# About\n\nSee [x](gone.md) here\nand [x](gone.md) there, [x](gone.md) too.\n"
    assert places(diagnostics_of(tmp_path, body)) == ["3:9", "4:9", "4:29"]


def test_missing_anchor_on_a_later_line(tmp_path: Path) -> None:
    body = "# About\n\n## Deadlines\n\nFirst line\nthen [a heading](#deadline).\n"
    lines = diagnostics_of(tmp_path, body)
    assert places(lines) == ["6:18"]
    assert "no such heading" in lines[0] and "did you mean `deadlines`?" in lines[0]


def test_target_mentioned_as_text_before_the_link(tmp_path: Path) -> None:
    body = "# About\n\nline one\nnope.md is missing: [here](nope.md)\n"
    assert places(diagnostics_of(tmp_path, body)) == ["4:28"]


def test_link_text_over_two_lines_is_placed_at_its_target(tmp_path: Path) -> None:
    body = "# About\n\nA [link whose text\nwraps](wrapped.md) here.\n"
    assert places(diagnostics_of(tmp_path, body)) == ["4:8"]


def test_reference_style_link_is_placed_at_its_bracket(tmp_path: Path) -> None:
    body = "# About\n\nText\nsee [the file][f] now.\n\n[f]: defined.md\n"
    assert places(diagnostics_of(tmp_path, body)) == ["4:5"]


def test_hard_break_counts_as_a_line(tmp_path: Path) -> None:
    body = "# About\n\nline one\\\nline two  \nline [three](three.md)\n"
    assert places(diagnostics_of(tmp_path, body)) == ["5:14"]


def test_unsafe_link_in_raw_html_on_a_later_line(tmp_path: Path) -> None:
    body = '# About\n\nline one\nline <a href="javascript:x()">two</a>\n'
    lines = diagnostics_of(tmp_path, body, allow_html=True)
    assert places(lines) == ["4:1"]
    assert "unsafe scheme" in lines[0]


def test_percent_encoded_target_is_found_as_written() -> None:
    md = make_markdown()
    body = "x\n[a](<my file.md>) [b](café.md)\n"
    tokens = md.parse(body)
    locate_links(tokens, body)
    found = [(link.target, link.line, link.column) for link in links_of(tokens)]
    assert found == [("my%20file.md", 1, 6), ("caf%C3%A9.md", 1, 23)]


def test_links_of_without_locating_counts_line_breaks() -> None:
    tokens = make_markdown().parse("a\nb\n[c](d.md)\n")
    assert [(link.line, link.column) for link in links_of(tokens)] == [(2, 0)]


def test_heading_links_both_ways_whatever_order_files_are_read(tmp_path: Path) -> None:
    """A body is rendered as soon as the headings it links to are known; a link to a file
    read later waits for it. Either way the checks and the URLs are the same."""
    from cjmsite.site.pipeline import build

    config = fixture_site("minimal", tmp_path, base=None)
    write_files(
        tmp_path,
        {
            "content/pages/about.md": "# About\n\n## Scope\n\n"
            "See [her goals](../personas/ana.md#goals) and [gone](../personas/ana.md#nope).\n",
            "content/personas/ana.md": "---\nname: Ana\nchannels: [web]\n---\n## Goals\n\n"
            "Read the [scope](../pages/about.md#scope) and [none](../pages/about.md#none).\n"
            "She walks the [sign-up journey](../journeys/signup/index.md).\n",
        },
    )
    result = build(config, output_dir=tmp_path / "out", use_cache=False)
    lines = [d.format() for d in result.diagnostics]
    assert len(lines) == 2, lines
    assert "content/pages/about.md:5:" in lines[0] and "`#nope`" in lines[0]
    assert "content/personas/ana.md:7:" in lines[1] and "`#none`" in lines[1]
    about = (tmp_path / "out/about/index.html").read_text()
    assert 'href="../personas/ana/index.html#goals"' in about
    ana = (tmp_path / "out/personas/ana/index.html").read_text()
    assert 'href="../../about/index.html#scope"' in ana
