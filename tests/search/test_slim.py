"""The search document: what Pagefind reads of a page (search.slim)."""

from __future__ import annotations

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


def test_the_default_theme_skips_only_ignored_regions(tmp_path) -> None:
    """The journey page's skipped regions (grid, print tiles, timeline) hold no filter or
    metadata, and their marks pair up; the search document keeps the page's text."""
    import re

    from modelkit import make_config, make_site, tp

    from cjmsite.analysis import analyse
    from cjmsite.render import render_site

    site = make_site(
        {"buy": {"personas": ["ana"], "touchpoints": [tp("look", "awareness", 10, -1, 5)]}},
        personas=("ana",),
        config=make_config(root=str(tmp_path)),
    )
    page = render_site(site, analyse(site), jobs=1, search=True).files["journeys/buy/index.html"]
    skipped = re.findall(rb"<!--search:skip-->(.*?)<!--/search:skip-->", page, re.S)
    assert skipped and page.count(b"<!--search:skip-->") == page.count(b"<!--/search:skip-->")
    for region in skipped:
        assert b"data-pagefind-filter" not in region and b"data-pagefind-meta" not in region
        assert b'class="grid-print"' in region or b'class="timeline"' in region
    doc = search_document(page)
    assert b"data-pagefind-body" in doc and b'class="grid-print"' not in doc
    assert b"data-pagefind-filter" in doc


def test_a_touchpoints_search_document_skips_who_feels_and_who_does_not_its_ideas(tmp_path) -> None:
    """The feelings and RACI tables are the journey's data (search filters by persona and
    department); they are skipped, with nothing search needs in them. Pains, ideas and the
    narrative stay searchable."""
    import re

    from modelkit import make_config, make_site, tp

    from cjmsite.analysis import analyse
    from cjmsite.render import render_site

    step = tp(
        "look", "awareness", 10, -1, 5, owners={"care": "R", "sales": "A"},
        pains=("Espera larguísima",), ideas=("Aviso por SMS",),
    )  # fmt: skip
    site = make_site(
        {"buy": {"personas": ["ana"], "touchpoints": [step]}},
        personas=("ana",),
        config=make_config(root=str(tmp_path)),
    )
    files = render_site(site, analyse(site), jobs=1, search=True).files
    page = next(data for name, data in files.items() if name.startswith("journeys/buy/look"))
    skipped = re.findall(rb"<!--search:skip-->(.*?)<!--/search:skip-->", page, re.S)
    assert len(skipped) == 2
    assert b"raci-table" in skipped[1] and b"raci-table" in page
    for region in skipped:
        assert b"data-pagefind-filter" not in region and b"data-pagefind-meta" not in region
        assert region.startswith(b"<div data-pagefind-ignore>")
    doc = search_document(page)
    assert b"raci-table" not in doc and b"feel-title" in doc  # the heading stays
    assert b"<caption>Emotion and pain priority per persona</caption>" in page
    assert b"Emotion and pain priority per persona" not in doc
    for kept in ("Espera larguísima", "Aviso por SMS"):
        assert kept.encode() in doc
    assert b"data-pagefind-filter" in doc
