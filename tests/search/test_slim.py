"""The search document: what Pagefind reads of a page (search.slim)."""

from __future__ import annotations

from html.parser import HTMLParser

from cjmsite.search.slim import search_document

PAGE = (
    '<!doctype html>\n<html lang="es">\n<head><title>Señal · Manual</title>'
    '<link rel="stylesheet" href="s.css"></head>\n<body><header><nav>Inicio</nav></header>\n'
    '<main id="main" class="wrap" data-pagefind-body>\n<h1>¿Dónde está mi pedido?</h1>\n'
    "<p>Cuerpo</p>\n<!--search:skip--><div data-pagefind-ignore>rejilla enorme</div>"
    "<ol data-pagefind-ignore>cronología</ol><!--/search:skip-->\n"
    '<div hidden data-pagefind-ignore><span data-pagefind-filter="Etapa">Compra</span></div>\n'
    "</main>\n<footer>Pie</footer></body></html>\n"
).encode()


def test_keeps_the_language_the_body_and_the_filters() -> None:
    doc = search_document(PAGE).decode()
    assert doc.startswith('<!doctype html><html lang="es"><head><meta charset="utf-8"></head>')
    assert "<h1>¿Dónde está mi pedido?</h1>" in doc
    assert '<span data-pagefind-filter="Etapa">Compra</span>' in doc
    assert doc.rstrip().endswith("</main></body></html>")


def test_drops_the_shell_and_the_skipped_regions() -> None:
    doc = search_document(PAGE).decode()
    for gone in ("Inicio", "Pie", "s.css", "rejilla", "cronología", "search:skip"):
        assert gone not in doc


def test_a_page_without_a_body_mark_is_read_whole() -> None:
    page = b'<html lang="en"><body><main><h1>Plain</h1></main></body></html>'
    assert search_document(page) == page


def test_an_unclosed_body_or_skip_mark_keeps_the_text() -> None:
    unclosed = b'<html lang="en"><main data-pagefind-body><h1>Open</h1>'
    assert search_document(unclosed) == unclosed
    open_skip = (
        b'<html lang="en"><main data-pagefind-body><h1>T</h1><!--search:skip--><p>kept</p></main>'
    )
    assert b"<p>kept</p>" in search_document(open_skip)


def test_body_text_that_looks_like_a_mark_is_not_one() -> None:
    page = (
        b'<html lang="en"><main data-pagefind-body><p>&lt;!--search:skip--&gt; and'
        b" data-pagefind-body as text</p></main></html>"
    )
    assert b"as text</p>" in search_document(page)


class _TopLevel(HTMLParser):
    """The elements at the top of a skipped region, and whether text sits between them."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col"})

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.tops, self.loose_text = 0, [], ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.depth == 0:
            self.tops.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            self.loose_text += data.strip()


def _skipped_regions(page: bytes) -> list[bytes]:
    """The regions between skip marks, checked against the rule of search.slim: only
    ignored elements, no filter or metadata in them, the marks paired."""
    import re

    regions = re.findall(rb"<!--search:skip-->(.*?)<!--/search:skip-->", page, re.S)
    assert page.count(b"<!--search:skip-->") == page.count(b"<!--/search:skip-->")
    for region in regions:
        assert b"data-pagefind-filter" not in region and b"data-pagefind-meta" not in region
        tops = _TopLevel()
        tops.feed(region.decode())
        assert tops.tops and tops.loose_text == "", region[:200]
        for tag, attrs in tops.tops:
            assert "data-pagefind-ignore" in attrs, (tag, attrs)
    return regions


def _rendered(tmp_path, journeys: dict, **options) -> dict[str, bytes]:
    from modelkit import make_config, make_site

    from cjmsite.analysis import analyse
    from cjmsite.render import render_site

    site = make_site(journeys, config=make_config(root=str(tmp_path)), **options)
    return render_site(site, analyse(site), jobs=1, search=True).files


def test_a_journeys_search_document_skips_the_maps_data_in_other_forms(tmp_path) -> None:
    """The lane grid, print tiles, timeline, arc data, RACI table, and the ideas and
    metrics gathered from the touchpoints are skipped (each touchpoint's page holds its
    part); the hotspot list, the filters and the page's own text stay."""
    from modelkit import tp

    step = tp(
        "look", "awareness", 10, -2, 5, owners={"care": "R", "sales": "A"},
        ideas=("Aviso por SMS",), metrics=({"name": "Tiempo de espera", "value": 4},),
    )  # fmt: skip
    journey = {"personas": ["ana"], "touchpoints": [step], "title": "Compra señalada"}
    page = _rendered(tmp_path, {"buy": journey})["journeys/buy/index.html"]
    skipped = b"".join(_skipped_regions(page))
    for gone in (b'class="grid-print"', b'class="timeline"', b"raci-table", b"Aviso por SMS"):
        assert gone in skipped and gone in page
    assert b"Tiempo de espera" in skipped
    doc = search_document(page)
    for gone in (b'class="grid-print"', b"raci-table", b"Aviso por SMS", b"<details"):
        assert gone not in doc
    assert b'id="hotspots-title"' in doc and b'href="look/index.html"' in doc  # the hotspot list
    assert "Compra señalada".encode() in doc and b"data-pagefind-filter" in doc


def test_a_touchpoints_search_document_skips_who_feels_and_who_does_not_its_ideas(tmp_path) -> None:
    """The facts, feelings and RACI tables are the journey's data (search filters by
    persona and department), and the pager names the neighbours: all skipped, with
    nothing search needs in them. Pains, ideas and the narrative stay searchable."""
    from modelkit import tp

    steps = [
        tp("look", "awareness", 10, -1, 5, owners={"care": "R", "sales": "A"},
           pains=("Espera larguísima",), ideas=("Aviso por SMS",)),
        tp("pay", "purchase", 20, 1, 2, title="Pago sin sorpresas"),
    ]  # fmt: skip
    files = _rendered(tmp_path, {"buy": {"personas": ["ana"], "touchpoints": steps}})
    page = next(data for name, data in files.items() if name.startswith("journeys/buy/look"))
    skipped = _skipped_regions(page)
    assert len(skipped) == 4
    assert b'class="facts"' in skipped[0] and b"raci-table" in skipped[2]
    assert b'class="pager"' in skipped[3] and b"Pago sin sorpresas" in skipped[3]
    doc = search_document(page)
    assert b"raci-table" not in doc and b"feel-title" in doc  # the heading stays
    assert b"Pago sin sorpresas" not in doc and b'class="facts"' not in doc
    assert b"<caption>Emotion and pain priority per persona</caption>" in page
    assert b"Emotion and pain priority per persona" not in doc
    for kept in ("Espera larguísima", "Aviso por SMS"):
        assert kept.encode() in doc
    assert b"data-pagefind-filter" in doc


def test_a_personas_search_document_keeps_the_journeys_names_not_their_arcs(tmp_path) -> None:
    """A persona's page draws each journey's arc and its data: search skips those (the
    journey's page has them) and keeps the profile and the journeys' names."""
    from modelkit import tp

    journey = {"personas": ["ana"], "touchpoints": [tp("look", "awareness", 10, -1, 5)]}
    journey["title"] = "Renovación del contrato"
    files = _rendered(tmp_path, {"renew": journey})
    page = files["personas/ana/index.html"]
    skipped = b"".join(_skipped_regions(page))
    assert b"<svg" in skipped and b"<details" in skipped
    doc = search_document(page)
    assert b"<svg" not in doc and b"<details" not in doc
    assert "Renovación del contrato".encode() in doc and b"data-pagefind-filter" in doc
