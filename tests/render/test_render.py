"""The renderer and the default theme: pages, escaping, links, locales, overrides."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from modelkit import make_config, make_site, tp

from cjmsite.analysis import analyse
from cjmsite.diagnostics import Severity
from cjmsite.render import render_site
from cjmsite.render.locale import Locale

EVIL = "<script>alert(1)</script> {{ 7 * 7 }}"


def handbook(tmp_path: Path, **config):
    """Two journeys (a current/future pair) with two personas and three departments."""
    site = make_site(
        {
            "buy": {
                "personas": ["ana", "ben"],
                "counterpart": "buy-next",
                "touchpoints": [
                    tp(
                        "search",
                        "awareness",
                        10,
                        -1.5,
                        5,
                        channel="web",
                        owners={"care": "R", "sales": "A"},
                        pains=["Slow results"],
                        gains=["Clear prices"],
                        backstage=["Index the catalogue"],
                        ideas=[{"title": "Faster search", "status": "doing"}],
                        metrics=[{"name": "CSAT", "value": 3.5, "target": "4"}],
                    ),
                    tp(
                        "compare",
                        "consideration",
                        10,
                        {"ana": 0.5, "ben": -1},
                        2,
                        channel="web",
                        owners={"sales": ["R", "A"], "it": "C"},
                    ),
                    tp(
                        "pay",
                        "purchase",
                        10,
                        {"ana": 1, "ben": -2},
                        4,
                        channel="shop",
                        owners={"care": ["R", "A"], "sales": "A"},
                        title=EVIL,
                    ),
                    tp("call", "retention", 10, -0.5, 5, channel="shop", owners={"it": "I"}),
                ],
            },
            "buy-next": {
                "personas": ["ana"],
                "state": "future",
                "counterpart": "buy",
                "touchpoints": [
                    tp(
                        "search",
                        "awareness",
                        10,
                        1,
                        5,
                        channel="web",
                        owners={"care": "R", "sales": "A"},
                    ),
                    tp("chat", "purchase", 10, 1.5, 3, channel="web", owners={"care": ["R", "A"]}),
                ],
            },
        },
        personas=("ana", "ben"),
        departments=("care", "it", "sales"),
        config=make_config(root=str(tmp_path), **config),
    )
    return site, analyse(site)


@pytest.fixture
def rendered(tmp_path):
    site, insights = handbook(tmp_path)
    return render_site(site, insights), site, insights


def html(result, path: str) -> str:
    return result.files[path].decode("utf-8")


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "link" and values.get("rel") == "canonical":
            return
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append((tag, values[name]))


def parse(text: str) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(text)
    return collector


def test_every_page_kind_is_rendered(rendered):
    result, _, _ = rendered
    for path in (
        "index.html",
        "journeys/index.html",
        "journeys/buy/index.html",
        "journeys/buy/pay/index.html",
        "personas/index.html",
        "personas/ana/index.html",
        "departments/index.html",
        "departments/care/index.html",
        "channels/index.html",
        "hotspots/index.html",
        "404.html",
        ".nojekyll",
        "_theme/style.css",
    ):
        assert path in result.files, path
    assert result.files[".nojekyll"] == b""
    assert "sitemap.xml" not in result.files
    assert result.diagnostics == []  # every UI string the templates use is defined


def test_raci_cells_of_a_known_touchpoint(rendered):
    result, _, _ = rendered
    page = html(result, "journeys/buy/index.html")
    row = re.search(r'<tr id="raci-pay".*?</tr>', page, re.S).group(0)
    cells = dict(re.findall(r'<td class="letters" data-department="([a-z-]+)">(.*?)</td>', row))
    assert {dept: text_of(value) for dept, value in cells.items()} == {
        "care": "R A",
        "it": "",
        "sales": "A",
    }
    assert 'class="row-problem"' in row  # two A's break the rule
    assert "more than one A" in text_of(row)
    ok_row = re.search(r'<tr id="raci-search".*?</tr>', page, re.S).group(0)
    assert "row-problem" not in ok_row
    assert "Accountable" in page  # the legend


def test_journey_page_sections_in_order(rendered):
    result, _, _ = rendered
    page = html(result, "journeys/buy/index.html")
    order = [
        page.index(f'id="{name}"')
        for name in ("map", "hotspots", "raci", "ideas", "metrics", "compare")
    ]
    assert order == sorted(order)
    assert "<svg" in page
    assert "☹" in page and "−1.5" in page
    head = re.search(
        r'<th scope="col" class="tp tp-hot" data-touchpoint="search">.*?</th>', page, re.S
    )
    assert head and "Hotspot" in text_of(head.group(0))
    assert 'data-lane="backstage"' in page  # the backstage lane of the grid
    compare = page[page.index('id="compare"') :]
    assert "Added" in compare and "Removed" in compare and "Changed" in compare


def test_hotspot_order_on_the_hotspots_page(rendered):
    result, _, insights = rendered
    page = html(result, "hotspots/index.html")
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">', body)
    expected = [
        posixpath.relpath(s.touchpoint.url + "index.html", "hotspots") for s in insights.pain_points
    ]
    assert rows == expected
    assert len(rows) == len(insights.pain_points) > len(insights.hotspots) > 0
    flagged = [bool(re.search("row-hotspot", r)) for r in re.findall(r"<tr[^>]*>", body)]
    assert flagged == [s.is_hotspot for s in insights.pain_points]


def test_raw_script_in_titles_is_escaped_everywhere(rendered):
    result, _, _ = rendered
    seen = 0
    for path, data in result.files.items():
        if not path.endswith((".html", ".xml")):
            continue
        text = data.decode("utf-8")
        assert "<script>" not in text, path
        if "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7 * 7 }}" in text:
            seen += 1
    assert seen >= 5  # journey, touchpoint, hotspots, department, channels pages …


def test_every_link_is_relative_and_resolves(rendered):
    result, _, _ = rendered
    pages = {p: parse(d.decode("utf-8")) for p, d in result.files.items() if p.endswith(".html")}
    for path, collector in pages.items():
        for tag, link in collector.links:
            if link == "data:,":  # the 404 page's empty icon: no request at any depth
                continue
            assert not re.match(r"^[a-z][a-z0-9+.-]*:|^/", link), (path, link)
            target, _, fragment = link.partition("#")
            if posixpath.basename(posixpath.dirname(target)) == "pagefind":
                continue  # the search stage's bundle, made after render (tests/search)
            if not target:
                resolved = path
            else:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in result.files, (path, tag, link)
            if fragment and resolved in pages:
                assert fragment in pages[resolved].ids, (path, link)


def test_rendering_is_deterministic(tmp_path):
    first = render_site(*handbook(tmp_path))
    second = render_site(*handbook(tmp_path))
    assert first.files == second.files
    assert list(first.files) == sorted(first.files)


def test_spanish_locale_and_decimal_comma(tmp_path):
    result = render_site(*handbook(tmp_path, language="es"))
    assert result.diagnostics == []
    home = html(result, "index.html")
    assert '<html lang="es">' in home
    for word in ("Recorridos", "Departamentos", "Canales", "Puntos críticos"):
        assert word in home
    journey = html(result, "journeys/buy/index.html")
    assert "Puntos de contacto" in journey and "Importancia" in journey and "Emoción" in journey
    assert "−1,5" in journey and "−1.5" not in text_of(re.sub(r"<svg.*?</svg>", "", journey))
    assert "Aprobador" in journey


def test_missing_locale_key_falls_back_to_english_with_one_warning(tmp_path):
    theme = tmp_path / "mytheme"
    (theme / "locales").mkdir(parents=True)
    (theme / "locales" / "fr.yml").write_text("nav:\n  home: Accueil\n", encoding="utf-8")
    result = render_site(*handbook(tmp_path, language="fr", theme="./mytheme"))
    warnings = [d for d in result.diagnostics if d.severity is Severity.WARNING]
    assert len(warnings) == 1 and "fr" in warnings[0].message
    home = html(result, "index.html")
    assert "Accueil" in home and "Journeys" in home


def test_unknown_language_is_english_with_a_warning(tmp_path):
    result = render_site(*handbook(tmp_path, language="de"))
    assert len(result.diagnostics) == 1
    assert "Journeys" in html(result, "index.html")


def test_unknown_theme_is_an_error(tmp_path):
    result = render_site(*handbook(tmp_path, theme="nope"))
    assert any(d.severity is Severity.ERROR for d in result.diagnostics)


def test_sitemap_only_with_site_url(tmp_path):
    result = render_site(*handbook(tmp_path, site_url="https://example.org/cx/"))
    sitemap = html(result, "sitemap.xml")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locs == sorted(locs)
    assert "https://example.org/cx/" in locs
    assert "https://example.org/cx/journeys/buy/pay/" in locs
    assert not any("404" in loc for loc in locs)
    missing = html(result, "404.html")
    assert 'href="https://example.org/cx/journeys/"' in missing
    assert "<style>" in missing and "_theme/style.css" not in missing
    assert '<link rel="canonical" href="https://example.org/cx/journeys/buy/">' in html(
        result, "journeys/buy/index.html"
    )


def test_theme_overrides_replace_a_template(tmp_path):
    overrides = tmp_path / "theme_overrides"
    overrides.mkdir()
    (overrides / "hotspots.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>OVERRIDDEN</h1>{% endblock %}',
        encoding="utf-8",
    )
    (overrides / "static").mkdir()
    (overrides / "static" / "extra.css").write_text("body{}", encoding="utf-8")
    result = render_site(*handbook(tmp_path))
    assert "OVERRIDDEN" in html(result, "hotspots/index.html")
    assert "OVERRIDDEN" not in html(result, "index.html")
    assert result.files["_theme/extra.css"] == b"body{}"


def test_an_override_extends_the_theme_template(tmp_path):
    overrides = tmp_path / "theme_overrides"
    overrides.mkdir()
    (overrides / "journey.html").write_text(
        '{% extends "theme/journey.html" %}{% block raci %}<p>NO RACI</p>{% endblock %}',
        encoding="utf-8",
    )
    result = render_site(*handbook(tmp_path))
    page = html(result, "journeys/buy/index.html")
    assert "NO RACI" in page and 'id="raci"' not in page and 'id="map"' in page


def test_department_page_lists_hotspots_first(rendered):
    result, _, insights = rendered
    page = html(result, "departments/care/index.html")
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    titles = [text_of(t) for t in re.findall(r'<th scope="row">(.*?)</th>', body)]
    expected = [t.title for t in insights.departments["care"].touchpoints]
    assert [t.replace("&lt;", "<").replace("&gt;", ">") for t in titles] == expected


def test_channels_matrix_rows_are_anchored(rendered):
    result, _, _ = rendered
    page = html(result, "channels/index.html")
    assert '<tr id="web">' in page and '<tr id="shop">' in page
    assert "Online" in page and "Offline" in page


def test_numbers_by_locale():
    english = Locale("en", {}, {"number.decimal": "."})
    spanish = Locale("es", {"number.decimal": ","}, {"number.decimal": "."})
    assert english.number(-1.5) == "−1.5"
    assert spanish.number(0.5) == "0,5"
    assert english.number(2.0) == "2"
    assert english.number(1, sign=True) == "+1"
    assert english.number(-0.0001) == "0"
    assert english.number("46 %") == "46 %"
    assert english.number(None) == "–"


def test_spanish_charts_write_decimal_commas_and_real_minus(tmp_path):
    journey = html(render_site(*handbook(tmp_path, language="es")), "journeys/buy/index.html")
    words = " ".join(re.findall(r"<(?:text|title|desc)[^>]*>([^<]*)<", journey))
    assert "negativo" in words or "negativa" in words
    assert not re.search(r"\d\.\d", words), words
    assert not re.search(r"(?<![\w-])-\d", words), words


def test_every_english_ui_string_has_a_spanish_translation():
    import yaml

    from cjmsite.render.locale import flatten

    locales = Path(__file__).resolve().parents[2] / "themes" / "default" / "locales"
    english = flatten(yaml.safe_load((locales / "en.yml").read_text(encoding="utf-8")))
    spanish = flatten(yaml.safe_load((locales / "es.yml").read_text(encoding="utf-8")))
    assert sorted(set(english) - set(spanish)) == []
    assert spanish["number.decimal"] == ","


def test_body_headings_are_lifted_under_the_page_title():
    from cjmsite.render.context import lift_headings

    body = '<h3 id="a">A</h3><p>x</p><h4 id="b">B</h4>'
    assert lift_headings(body) == '<h2 id="a">A</h2><p>x</p><h3 id="b">B</h3>'
    assert lift_headings("<h2>kept</h2><h3>as is</h3>") == "<h2>kept</h2><h3>as is</h3>"


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 hotspot", "2 hotspots"),
        ("es", "1 punto crítico", "2 puntos críticos"),
    ],
)
def test_counts_take_the_plural_form_of_the_language(tmp_path, language, one, two):
    from cjmsite.render.locale import load_locale
    from cjmsite.render.theme import load_theme

    theme, _ = load_theme("default", "theme_overrides", tmp_path)
    locale, problems = load_locale(theme, language, tmp_path)
    assert problems == []
    assert locale.t("count.hotspots", n=1) == one
    assert locale.t("count.hotspots", n=2) == two
    assert locale.tn("count.hotspots", 0) == two.replace("2", "0")
    for key in ("home.top_hotspots_caption", "hotspots.caption", "home.stat.pain_points"):
        singular, plural = locale.t(key, n=1), locale.t(key, n=2)
        assert singular != plural and "{" not in singular + plural
        assert "1" not in plural and "2" not in singular
    assert locale.unknown == set()


def test_plural_categories_and_fallbacks():
    from cjmsite.render.locale import plural_category

    assert [plural_category("en", n) for n in (0, 1, 2)] == ["other", "one", "other"]
    spanish = [plural_category("es-MX", n) for n in (0, 1, 2, 1.5)]
    assert spanish == ["other", "one", "other", "other"]
    assert [plural_category("fr", n) for n in (0, 1, 2)] == ["one", "one", "other"]
    assert [plural_category("ru", n) for n in (1, 3, 5, 11, 21)] == [
        "one", "few", "many", "many", "one",
    ]  # fmt: skip
    assert plural_category("ja", 1) == "other"
    forms = {"n.one": "{n} thing", "n.other": "{n} things"}
    japanese = Locale("ja", {"n.other": "{n} 件"}, forms)
    assert japanese.t("n", n=1) == "1 件"
    english = Locale("en", {}, forms)
    assert english.t("n") == "{n} things"  # no count: the `other` form, unfilled
    assert english.t("n.few", n=3) == "n.few" and english.unknown == {"n.few"}


@pytest.mark.parametrize(
    ("language", "card", "captions"),
    [
        (
            "en",
            "Current · 2 touchpoints · 1 hotspot",
            ("The hotspot where improvement starts", "1 pain point"),
        ),
        (
            "es",
            "2 puntos de contacto · 1 punto crítico",
            ("El punto crítico donde empieza la mejora", "1 punto de dolor"),
        ),
    ],
)
def test_built_pages_agree_counts_with_nouns(tmp_path, language, card, captions):
    from sitekit import fixture_site

    from cjmsite.site.pipeline import build

    config = fixture_site("minimal", tmp_path)  # one journey: 2 touchpoints, 1 hotspot
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^language:.*\n", "", text) + f"language: {language}\n")
    assert build(config).written
    out = tmp_path / "output"
    raw_home = (out / "index.html").read_text(encoding="utf-8")
    home = text_of(raw_home)
    ranked = (out / "hotspots" / "index.html").read_text(encoding="utf-8")
    assert card in home and captions[0] in home
    assert f"<caption>{captions[1]}</caption>" in ranked
    assert not re.search(r"\b1 (hotspots|pain points|puntos)\b|Los 1|The 1", home + ranked)
    stats = dict(
        re.findall(r'stat-number">(\d+)</span> <span class="stat-label">([^<]+)<', raw_home)[:2]
    )
    journey, touchpoints = (
        ("Journey", "Touchpoints") if language == "en" else ("Recorrido", "Puntos de contacto")
    )
    assert stats == {"1": journey, "2": touchpoints}
