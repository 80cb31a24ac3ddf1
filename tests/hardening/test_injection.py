"""Hostile text in every field of every kind: escaped in every output file, never evaluated.

The fixture `tests/sites/hostile` puts `LABEL + " " + PAYLOAD` into every text field (site
title and description, persona, department, channel, page, journey, stage names in the
catalogue and in a journey, touchpoint title, lists, ideas, metrics, evidence) and a
hostile Markdown body (raw HTML, `javascript:` and `data:` links, code spans) into every
body. The site is built with search on and a `site_url` holding `&` and `{{ }}`, then
every output file is read back: HTML pages (inline SVG charts included) with
`html.parser`, the charts again as XML, `sitemap.xml`, `data/site.json` and Pagefind's
compressed fragments and filters.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from sitekit import SITES

from cjmsite.search.pagefind import pagefind_available
from cjmsite.site.pipeline import BuildResult, build
from cjmsite.sources.markdown import drop_unsafe_urls, is_unsafe_url

PAYLOAD = (
    "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'><svg onload=alert(1)>"
    "«{{ 7*7 }}»{% raw %}«RAW»{% endraw %}{%- if true %}«IF»{% endif %}{# c #}"
    "</svg></title></textarea><script>alert(2)</script>"
    " javascript:alert(1) data:text/html,<script>alert(3)</script> ]]><!-- `${x}`"
)
LABELS = (
    "site-title", "site-description", "catalogue-stage-awareness", "catalogue-stage-purchase",
    "persona-name", "persona-summary", "persona-goal", "persona-motivation",
    "persona-frustration", "persona-expectation", "persona-quote", "persona2-name",
    "department-name", "department-lead", "department-contact", "department2-name",
    "channel-name", "page-title", "heading-title", "journey-title", "journey-goal",
    "journey-stage-awareness", "tp-title", "tp-backstage", "tp-pain", "tp-gain",
    "tp-idea-plain", "tp-idea-title", "tp-metric-name", "tp-metric-value", "tp-metric-target",
    "tp-metric2-name", "tp-evidence", "tp2-title", "future-journey-title", "future-tp-title",
    "future-only-tp-title", "body-heading", "body-text",
)  # fmt: skip
SITE_URL = "https://cx.example/h&b/{{7*7}}/"
THEME_SCRIPTS = ("pagefind/pagefind-ui.js", "_theme/search.js", "_theme/layout.js")  # by src
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
URL_ATTRIBUTES |= {"background", "cite", "srcset", "ping", "longdesc", "codebase"}
FOREIGN_TAGS = {"iframe", "object", "embed", "form", "base", "frame", "applet"}
EMPTY_ICON = ("link", "data:,")  # the 404 page's "no favicon": an empty document, no request
PAGEFIND_OWN = re.compile(r"^pagefind/[^/]+\.(js|css)$")


def unsafe(value: str) -> bool:
    """The test's own idea of a script URL: no whitespace or controls anywhere, any case."""
    squeezed = "".join(ch for ch in value if ord(ch) > 32).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:", "file:"))


def evaluated(text: str) -> list[str]:
    """Signs that a payload went through Jinja: 49 between guillemets, a bare «IF» or «RAW»."""
    signs = ["«49»"] if "«49»" in text else []
    for mark, before in (("«IF»", "{%- if true %}"), ("«RAW»", "{% raw %}")):
        signs += [mark for m in re.finditer(mark, text) if not text[: m.start()].endswith(before)]
    return signs


class Page(HTMLParser):
    """Tags with attributes, and all text (attribute values included), of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.text += [v for _, v in attrs if v]

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def html_problems(name: str, html: str, allow_html: bool = False) -> list[str]:
    """Everything executable or script-linked in one HTML document or fragment."""
    page, found = parse(html), []
    scripts = 0
    for tag, attrs in page.tags:
        for key, value in attrs.items():
            if key in URL_ATTRIBUTES and value and unsafe(value) and (tag, value) != EMPTY_ICON:
                found.append(f"{name}: <{tag} {key}={value!r}>")
        if allow_html:
            continue  # raw HTML is trusted then; only the URLs are policed
        loads = [attrs.get(k) for k in ("src", "srcset", "poster", "data")]
        if tag == "link" and attrs.get("rel") != "canonical":
            loads.append(attrs.get("href"))
        for value in loads:
            if (
                value
                and (tag, value) != EMPTY_ICON
                and re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", value, re.I)
            ):
                found.append(f"{name}: <{tag}> loads {value!r} from outside the site")
        if tag == "script":
            src = attrs.get("src") or ""
            scripts += 1
            if not src.endswith(THEME_SCRIPTS) or "://" in src:
                found.append(f"{name}: unknown <script src={src!r}>")
        found += [f"{name}: <{tag} {key}=…>" for key in attrs if key.startswith("on")]
        if tag in FOREIGN_TAGS or (tag == "img" and attrs.get("src") == "x"):
            found.append(f"{name}: hostile <{tag}>")
    if not allow_html:
        raw = len(re.findall(r"<script", html, re.IGNORECASE))
        if raw != scripts:
            found.append(f"{name}: {raw} `<script` in the bytes, {scripts} script tags parsed")
        for fragment in ("<img src=x", "<svg onload", "</svg><script", "</title></textarea>"):
            if fragment in html:
                found.append(f"{name}: raw `{fragment}`")
    found += [f"{name}: evaluated {sign}" for sign in evaluated("".join(page.text))]
    return found


def build_hostile(dest: Path, allow_html: bool = False) -> tuple[BuildResult, dict[str, bytes]]:
    shutil.copytree(SITES / "hostile", dest)
    config = dest / "cjmsite.yml"
    if allow_html:
        config.write_text(config.read_text("utf-8") + "allow_html: true\n", "utf-8")
    result = build(config)
    assert result.written, [d.format() for d in result.diagnostics]
    out = dest / "output"
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    return result, files


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, dict[str, bytes]]:
    return build_hostile(tmp_path_factory.mktemp("hostile") / "site")


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, dict[str, bytes]]:
    return build_hostile(tmp_path_factory.mktemp("hostile-html") / "site", allow_html=True)


def test_fixture_carries_the_payload_in_every_field() -> None:
    text = "".join(p.read_text("utf-8") for p in (SITES / "hostile").rglob("*.*"))
    flat = text.replace("''", "'")  # YAML single quotes double the quote
    for label in LABELS:
        assert f"{label} {PAYLOAD}" in flat, label


def test_every_html_page_is_inert(hostile: tuple[BuildResult, dict[str, bytes]]) -> None:
    _, files = hostile
    pages = {name: data.decode("utf-8") for name, data in files.items() if name.endswith(".html")}
    assert len(pages) >= 19
    problems = [p for name, html in pages.items() for p in html_problems(name, html)]
    assert problems == []


def test_every_field_is_shown_literally(hostile: tuple[BuildResult, dict[str, bytes]]) -> None:
    """Each field's full text comes back, once parsed, exactly as written: escaped, not run."""
    _, files = hostile
    text = "\n".join(
        "".join(parse(data.decode("utf-8")).text)
        for name, data in files.items()
        if name.endswith(".html")
    )
    in_body = PAYLOAD.replace("`", "")  # Markdown makes `${x}` a code span
    missing = [
        label
        for label in LABELS
        if f"{label} {in_body if label.startswith('body-') else PAYLOAD}" not in text
    ]
    assert missing == []
    journey = files["journeys/signup/index.html"].decode("utf-8")
    assert "«{{ 7*7 }}»" in journey
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in journey


def test_charts_are_well_formed_and_escaped(
    hostile: tuple[BuildResult, dict[str, bytes]],
) -> None:
    """Every inline SVG parses as XML on its own: nothing broke out of pygal's labels,
    titles, legends or tooltips."""
    _, files = hostile
    charts = 0
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        for svg in re.findall(r"<svg\b.*?</svg>", data.decode("utf-8"), re.DOTALL):
            root = ET.fromstring(svg)
            if not root.get("id", "").startswith("chart-"):
                continue
            charts += 1
            tags = {node.tag.rpartition("}")[2] for node in root.iter()}
            assert not tags & {"script", "foreignObject", "a", "image", "use"}, name
            for node in root.iter():
                assert not any(key.startswith("on") for key in node.attrib), name
            texts = " ".join(node.text or "" for node in root.iter())
            assert "<script>alert(1)</script>" in texts  # as text, after XML unescaping
            assert not evaluated(texts)
    assert charts >= 6  # journey arcs, compact arcs, persona arcs, the comparison
    persona = files["personas/ana/index.html"].decode("utf-8")
    chart = re.search(r'<svg[^>]*id="chart-signup-ana-arc".*?</svg>', persona, re.DOTALL)
    assert chart is not None
    root = ET.fromstring(chart[0])
    titles = [node.text or "" for node in root.iter("{http://www.w3.org/2000/svg}title")]
    assert any(t.startswith(f"persona-name {PAYLOAD} in journey-title {PAYLOAD}") for t in titles)
    assert any(t.startswith(f"persona-name {PAYLOAD} — tp-title {PAYLOAD}") for t in titles)
    labels = [node.text or "" for node in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any(t.startswith("tp-title <script>") for t in labels)  # x labels, shortened


def test_the_journey_map_curve_and_map_svg_are_escaped(
    hostile: tuple[BuildResult, dict[str, bytes]],
) -> None:
    """The lane grid's own SVG curve (inline) and journeys/<id>/map.svg parse as XML, keep
    every text as text and reference nothing outside themselves."""
    _, files = hostile
    journey = files["journeys/signup/index.html"].decode("utf-8")
    curve = re.search(r'<svg class="curve".*?</svg>', journey, re.DOTALL)
    assert curve is not None
    root = ET.fromstring(curve[0].replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    titles = [node.text or "" for node in root.iter("{http://www.w3.org/2000/svg}title")]
    assert any(t.startswith(f"persona-name {PAYLOAD} — tp-title {PAYLOAD}") for t in titles)
    for name in ("journeys/signup/map.svg", "journeys/signup-future/map.svg"):
        root = ET.fromstring(files[name])
        tags = {node.tag.rpartition("}")[2] for node in root.iter()}
        assert not tags & {"script", "foreignObject", "a", "image", "use"}, name
        for node in root.iter():
            assert not any(key.startswith("on") or "href" in key for key in node.attrib), name
        texts = " ".join(node.text or "" for node in root.iter())
        assert f"tp-title {PAYLOAD}"[:40] in texts or "tp-title <script>" in texts
        assert not evaluated(texts)


def test_sitemap_is_escaped_xml(hostile: tuple[BuildResult, dict[str, bytes]]) -> None:
    _, files = hostile
    data = files["sitemap.xml"]
    assert b"<script" not in data
    assert b"h&amp;b" in data and b"h&b" not in data
    root = ET.fromstring(data)
    locs = [
        node.text or "" for node in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert len(locs) >= 18
    assert all(loc.startswith(SITE_URL) for loc in locs)


def test_site_json_is_inert(hostile: tuple[BuildResult, dict[str, bytes]]) -> None:
    """No raw <, > or & (the file can be pasted into a page), payloads intact as strings,
    and the bodies' HTML as inert as the pages'."""
    _, files = hostile
    data = files["data/site.json"]
    assert not set(data.decode("utf-8")) & set("<>&")
    problems: list[str] = []
    strings: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            if key == "body_html":
                problems.extend(html_problems("site.json body_html", value))
            else:
                strings.append(value)

    walk(json.loads(data))
    assert problems == []
    shown = [s for s in strings if "<script>alert(1)" in s]
    assert shown and all(PAYLOAD in s for s in shown)
    assert "journey-title " + PAYLOAD in strings
    assert "tp-metric-value " + PAYLOAD in strings


@pytest.mark.skipif(not pagefind_available(), reason="pagefind[bin] is not installed")
def test_pagefind_bundle_holds_text_only(hostile: tuple[BuildResult, dict[str, bytes]]) -> None:
    """Fragments store the pages' text (Pagefind escapes < and > when it builds excerpts);
    their URLs are the site's own; no content leaks into Pagefind's scripts."""
    _, files = hostile
    bundle = {name: data for name, data in files.items() if name.startswith("pagefind/")}
    assert any(name.endswith(".pf_fragment") for name in bundle)
    for name, data in bundle.items():
        if PAGEFIND_OWN.match(name):
            assert b"alert(" not in data, name
            continue
        if data[:2] != b"\x1f\x8b":
            continue
        plain = gzip.decompress(data)
        assert plain.startswith(b"pagefind_dcd"), name
        assert "«49»".encode() not in plain, name
        if name.endswith(".pf_fragment"):
            fragment = json.loads(plain[len(b"pagefind_dcd") :])
            assert fragment["url"].startswith("/") and not unsafe(fragment["url"])
            assert not evaluated(fragment["content"])
            title = fragment["meta"]["title"]
            assert "alert(" not in title or PAYLOAD in title


def test_other_files_take_nothing_from_content(
    hostile: tuple[BuildResult, dict[str, bytes]],
) -> None:
    _, files = hostile
    checked = {"sitemap.xml", "data/site.json"}
    for name, data in files.items():
        if name.endswith((".html", "/map.svg")) or name in checked or name.startswith("pagefind/"):
            continue
        if name.endswith("/journey.mmd"):  # titles as Mermaid text, every <, > and & an entity
            assert not {b"<", b">", b"&"} & {bytes([c]) for c in data}, name
            continue
        assert b"alert(" not in data, name


def test_markdown_script_links_are_dropped(hostile: tuple[BuildResult, dict[str, bytes]]) -> None:
    result, files = hostile
    page = files["personas/ana/index.html"].decode("utf-8")
    tags = parse(page).tags
    hrefs = [a.get("href") or "" for tag, a in tags if tag == "a"]
    assert "https://ok.example/" in hrefs
    assert not any(unsafe(h) for h in hrefs)
    assert "&lt;div&gt;&lt;img src=x onerror=alert(6)&gt;" in page  # raw HTML escaped
    assert "[md js](javascript:alert(15))" in page  # not a link: markdown-it refuses it
    messages = [d.message for d in result.diagnostics]
    assert any("`data:image/png;base64" in m and "unsafe scheme" in m for m in messages)


def test_allow_html_passes_html_but_not_script_urls(
    hostile_html: tuple[BuildResult, dict[str, bytes]],
) -> None:
    result, files = hostile_html
    problems = [
        p
        for name, data in files.items()
        if name.endswith(".html")
        for p in html_problems(name, data.decode("utf-8"), allow_html=True)
    ]
    assert problems == []
    page = files["personas/ana/index.html"].decode("utf-8")
    tags = parse(page).tags
    assert ("img", {"src": "x", "onerror": "alert(6)"}) in tags  # raw HTML is let through
    assert ("iframe", {}) in tags and ("form", {}) in tags  # … without its script URLs
    anchors = [a for tag, a in tags if tag == "a"]
    assert {} in anchors and {"href": "https://ok.example/"} in anchors
    assert "<code>&lt;script&gt;alert(24)&lt;/script&gt;</code>" in page  # code stays code
    body = json.loads(files["data/site.json"])["personas"][0]["body_html"]
    assert html_problems("site.json", body, allow_html=True) == []
    dropped = [d.message for d in result.diagnostics if "in raw HTML" in d.message]
    for url in ("javascript:alert(7)", "javascript:alert(8)", "JaVaScRiPt:alert(10)"):
        assert any(url in m for m in dropped), url


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="jav&#x61;script:alert(1)" title="t">x</a>', '<a title="t">x</a>'),
        ('<a href=" JAVASCRIPT:alert(1)">', "<a>"),
        ('<a href="java&#9;script:alert(1)">', "<a>"),
        ('<a href="java\nscript:alert(1)">', "<a>"),
        ("<A HREF=vbscript:msgbox(1)>x</A>", "<a>x</A>"),
        ('<img src="data:image/svg+xml,<svg onload=alert(1)>" alt=a />', '<img alt="a" />'),
        ('<img srcset="a.png 1x, data:image/png,AA 2x">', "<img>"),
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "<svg><a>x</a></svg>"),
        ('<form action="javascript:x"><button formaction="file:///etc">', "<form><button>"),
        ('<object data="data:text/html,x"></object>', "<object></object>"),
        ('<meta http-equiv="refresh" content="0;URL=javascript:x">', '<meta http-equiv="refresh">'),
        ('<a href="https://ok.example/">ok</a>', '<a href="https://ok.example/">ok</a>'),
        ('<a title="javascript: a guide">t</a>', '<a title="javascript: a guide">t</a>'),
        (
            "<p>\n  text\n<a href='javascript:x'\n  class=k>y</a></p>",
            '<p>\n  text\n<a class="k">y</a></p>',
        ),
    ],
)
def test_drop_unsafe_urls(html: str, expected: str) -> None:
    cleaned, dropped = drop_unsafe_urls(html)
    assert cleaned == expected
    assert bool(dropped) == (cleaned != html)


def test_is_unsafe_url() -> None:
    assert is_unsafe_url("\x01 javascript:x") and is_unsafe_url("DATA:text/html,x")
    assert is_unsafe_url("j\ta\nv\rascript:x")
    assert not is_unsafe_url("https://example.com/javascript:x")
    assert not is_unsafe_url("../pages/data.md") and not is_unsafe_url("#data:")
