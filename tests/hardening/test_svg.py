"""SVG assets judged by an XML parser with an allowlist (issue 18, item 3).

Each bypass of the old byte regex listed in the issue is here, with variants; so are
drawings as Inkscape and Illustrator write them, which must still pass.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from sitekit import fixture_site

from cjmsite import check
from cjmsite.resolve.svgcheck import MAX_SVG_BYTES, svg_problem

NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

JPEG = PNG.replace("png", "jpeg", 1)

INKSCAPE = f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="persona-ana.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   {XLINK} {NS} xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" bordercolor="#666666"
     inkscape:showpageshadow="2" inkscape:zoom="0.74" inkscape:current-layer="layer1" />
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="linearGradient1">
      <stop style="stop-color:#e06c00;stop-opacity:1" offset="0" id="stop1" />
      <stop style="stop-color:#e06c00;stop-opacity:0" offset="1" id="stop2" />
    </linearGradient>
    <linearGradient xlink:href="#linearGradient1" id="linearGradient3" x1="10" y1="10"
       x2="90" y2="90" gradientUnits="userSpaceOnUse" />
    <filter style="color-interpolation-filters:sRGB" id="filter1" x="-0.1" y="-0.1"
       width="1.2" height="1.2"><feGaussianBlur stdDeviation="1.5" id="feGaussianBlur1" />
    </filter>
  </defs>
  <metadata id="metadata1"><rdf:RDF><cc:Work rdf:about="">
    <dc:title>Ana, cliente de la tienda — «viaje»</dc:title>
    <cc:license rdf:resource="http://creativecommons.org/licenses/by-sa/4.0/" />
  </cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Capa 1" inkscape:groupmode="layer" id="layer1">
    <path style="fill:url(#linearGradient3);stroke:#000000;stroke-width:0.26;filter:url(#filter1)"
       d="m 20,20 h 60 v 60 h -60 z" id="rect1" sodipodi:nodetypes="ccccc" />
    <text xml:space="preserve" style="font-size:8px;font-family:sans-serif" x="25" y="60"
       id="text1"><tspan sodipodi:role="line" id="tspan1" x="25" y="60">¿Compra?</tspan></text>
    <image width="10" height="10" preserveAspectRatio="none" xlink:href="{PNG}" id="image1"
       x="5" y="5" />
  </g>
</svg>
"""

ILLUSTRATOR = f"""<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 16.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
    <!ENTITY ns_extend "http://ns.adobe.com/Extensibility/1.0/">
    <!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">
    <!ENTITY ns_graphs "http://ns.adobe.com/Graphs/1.0/">
    <!ENTITY ns_vars "http://ns.adobe.com/Variables/1.0/">
    <!ENTITY ns_sfw "http://ns.adobe.com/SaveForWeb/1.0/">
]>
<svg version="1.1" id="Capa_1" xmlns:x="&ns_extend;" xmlns:i="&ns_ai;"
     xmlns:graph="&ns_graphs;" {NS} {XLINK} x="0px" y="0px" width="100px" height="100px"
     viewBox="0 0 100 100" enable-background="new 0 0 100 100" xml:space="preserve">
<switch>
    <foreignObject requiredExtensions="&ns_ai;" x="0" y="0" width="1" height="1">
        <i:pgfRef xlink:href="#adobe_illustrator_pgf"></i:pgfRef>
    </foreignObject>
    <g i:extraneous="self">
        <style type="text/css">.st0{{fill:#1D71B8;}} .st1{{fill:url(#SVGID_1_);}}</style>
        <linearGradient id="SVGID_1_" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="100"
            y2="100"><stop offset="0" style="stop-color:#FFFFFF"/></linearGradient>
        <rect data-name="Fondo" class="st0" width="100" height="100"/>
        <circle class="st1" cx="50" cy="50" r="30"/>
        <image overflow="visible" width="1" height="1" xlink:href="{JPEG}"/>
    </g>
</switch>
<i:pgf id="adobe_illustrator_pgf"><![CDATA[eJzs3UmPJMl5H/C7v0U==]]></i:pgf>
</svg>
"""

# Illustrator wraps its private data in a foreignObject; modern exports drop it. The
# allowlist refuses foreignObject everywhere, so the test drawing uses today's export.
_FOREIGN = slice(ILLUSTRATOR.index("    <foreignObject"), ILLUSTRATOR.index("    <g i:extraneous"))
ILLUSTRATOR_CC = (
    ILLUSTRATOR.replace(ILLUSTRATOR[_FOREIGN], "").replace("<switch>", "").replace("</switch>", "")
)


def svg(body: str, head: str = "") -> bytes:
    return f'{head}<svg {NS} {XLINK} width="10" height="10">{body}</svg>'.encode()


PADDING = "<!-- " + "x" * (5_000_001) + " -->"

BYPASSES: dict[str, bytes] = {
    "svg: prefix script": (
        b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script>'
        b"</svg:svg>"
    ),
    "xhtml namespace script": svg(
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'
    ),
    "UTF-16 with BOM": (
        '<?xml version="1.0" encoding="UTF-16"?>' + svg("<script>alert(1)</script>").decode()
    ).encode("utf-16"),
    "UTF-16 big-endian": svg("<script>alert(1)</script>").decode().encode("utf-16-be"),
    "script after 5 MB": svg(PADDING + "<script>alert(1)</script>"),
    "javascript&#58; href": svg('<a href="javascript&#58;alert(1)"><text>x</text></a>'),
    "svg:foreignObject": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg">'
        b"<svg:foreignObject><div>x</div></svg:foreignObject></svg>"
    ),
    "animate values javascript&#x3a;": svg(
        '<a><animate attributeName="href" values="#a;javascript&#x3a;alert(1)"/><text>x</text></a>'
    ),
    "set to javascript": svg('<a><set attributeName="href" to=" JavaScript:alert(1)"/></a>'),
    "animate from data html": svg(
        '<a><animate attributeName="href" from="data:text/html,x" to="#b"/></a>'
    ),
    "set an event handler": svg('<set attributeName="onclick" to="alert(1)"/>'),
    "onload": svg('<circle r="1" onload="alert(1)"/>'),
    "ONLOAD upper case": svg('<circle r="1" ONLOAD="alert(1)"/>'),
    "onbegin on animate": svg('<animate attributeName="x" onbegin="alert(1)"/>'),
    "xlink:href javascript with tab": svg('<a xlink:href="java\tscript:alert(1)"><text/></a>'),
    "entity-encoded scheme": svg('<a href="&#106;avascript:alert(1)"><text/></a>'),
    "data: html image": svg('<image href="data:text/html;base64,PHNjcmlwdD4="/>'),
    "data: svg image": svg('<image href="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"/>'),
    "external image": svg('<image href="https://tracker.example/p.png"/>'),
    "protocol-relative image": svg('<image href="//tracker.example/p.png"/>'),
    "external use": svg('<use href="http://evil.example/sprite.svg#a"/>'),
    "feImage outside": svg('<filter><feImage href="https://evil.example/x.png"/></filter>'),
    "xml:base script": svg('<a xml:base="javascript:alert(1)//" href="x"><text/></a>'),
    "style attribute url": svg('<rect style="fill:url(https://evil.example/x)"/>'),
    "fill attribute url": svg('<rect fill="url(http://evil.example/#x)"/>'),
    "css escaped url": svg('<rect style="fill:u\\72l(https://evil.example/x)"/>'),
    "style @import": svg("<style>@import 'https://evil.example/x.css';</style>"),
    "style @import split by comment": svg("<style>@im/**/port url(x.css);</style>"),
    "style url outside": svg("<style>rect{background:url(https://evil.example/x)}</style>"),
    "style image-set": svg('<style>rect{fill:image-set("https://evil.example/x" 1x)}</style>'),
    "style in CDATA": svg("<style><![CDATA[@import url(//evil.example/x.css);]]></style>"),
    "xml-stylesheet": b'<?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?>'
    + svg(""),
    "external entity": b'<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    + svg("<text>&e;</text>"),
    "entity with markup": b'<!DOCTYPE svg [<!ENTITY e "&#60;script&#62;x&#60;/script&#62;">]>'
    + svg("&e;"),
    "billion laughs": b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    + svg("<text>&b;</text>"),
    "xinclude": svg('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'),
    "iframe in svg namespace": svg('<iframe src="x"/>'),
    "svg tiny handler": svg('<handler type="application/ecmascript">alert(1)</handler>'),
    "no namespace": b"<svg><script>alert(1)</script></svg>",
    "unknown attribute": svg('<rect formaction="x"/>'),
    "not XML": b"\x89PNG\r\n\x1a\n",
    "unknown encoding": b'<?xml version="1.0" encoding="UTF-7"?>' + svg(""),
    "truncated": svg("<g>")[:-6],
}


@pytest.mark.parametrize("name", sorted(BYPASSES))
def test_every_bypass_is_refused(name: str) -> None:
    problem = svg_problem(BYPASSES[name])
    assert problem is not None, name
    assert problem.line >= 1


@pytest.mark.parametrize("name", sorted(BYPASSES))
def test_gzipped_bypasses_are_refused_too(name: str) -> None:
    assert svg_problem(gzip.compress(BYPASSES[name], mtime=0), compressed=True) is not None


DRAWINGS = {
    "inkscape": INKSCAPE.encode(),
    "illustrator": ILLUSTRATOR_CC.encode(),
    "latin-1": INKSCAPE.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode(
        "latin-1", "xmlcharrefreplace"
    ),
    "utf-16": INKSCAPE.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
    "plain": svg('<circle cx="5" cy="5" r="4" fill="#c00"/>'),
    "webp and gif images": svg(
        '<image href="data:image/webp;base64,UklGRg=="/><image href="data:image/gif,GIF89a"/>'
    ),
    "local references": svg(
        '<defs><clipPath id="c"><rect width="5" height="5"/></clipPath></defs>'
        '<use href="#c"/><use xlink:href="icons.svg#star"/><image href="ana.png"/>'
        '<rect clip-path="url(#c)" style="mask:url( \'#m\' )" transform="rotate(45)"/>'
    ),
    "animation": svg(
        '<rect width="1" height="1"><animate attributeName="x" values="0;5;0" dur="2s"'
        ' repeatCount="indefinite"/><set attributeName="fill" to="red" begin="1s"/></rect>'
    ),
}


@pytest.mark.parametrize("name", sorted(DRAWINGS))
def test_real_drawings_pass(name: str) -> None:
    assert svg_problem(DRAWINGS[name]) is None
    assert svg_problem(gzip.compress(DRAWINGS[name]), compressed=True) is None


def test_old_illustrator_exports_with_foreign_object_are_refused_with_a_reason() -> None:
    problem = svg_problem(ILLUSTRATOR.encode())
    assert problem is not None and "<foreignObject>" in problem.message


def test_a_decompression_bomb_is_capped() -> None:
    bomb = gzip.compress(svg("<!-- " + " " * (MAX_SVG_BYTES + 10) + " -->"), mtime=0)
    assert len(bomb) < 100_000
    problem = svg_problem(bomb, compressed=True)
    assert problem is not None and "decompresses to more than" in problem.message
    damaged = svg_problem(b"\x1f\x8b\x08\x00garbage", compressed=True)
    assert damaged is not None and "damaged" in damaged.message


def test_positions_point_at_the_element() -> None:
    problem = svg_problem(svg('\n\n   <svg:script xmlns:svg="http://www.w3.org/2000/svg"/>'))
    assert problem is not None and (problem.line, problem.column) == (3, 4)
    assert "<script>" in problem.message


ASSETS = {
    "content/assets/prefix.svg": BYPASSES["svg: prefix script"],
    "content/assets/late.svg": BYPASSES["script after 5 MB"],
    "content/assets/zipped.svgz": gzip.compress(BYPASSES["onload"], mtime=0),
    "content/assets/utf16.svg": BYPASSES["UTF-16 with BOM"],
    "content/assets/inkscape.svg": DRAWINGS["inkscape"],
    "content/assets/illustrator.svg": DRAWINGS["illustrator"],
    "content/assets/zipped-ok.svgz": gzip.compress(DRAWINGS["inkscape"], mtime=0),
}


def test_check_names_each_refused_file_and_keeps_the_good_ones(tmp_path: Path) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    for name, data in ASSETS.items():
        (tmp_path / name).write_bytes(data)
    errors = {d.path: d for d in check(config).diagnostics if d.severity == "error"}
    assert sorted(errors) == [
        "content/assets/late.svg",
        "content/assets/prefix.svg",
        "content/assets/utf16.svg",
        "content/assets/zipped.svgz",
    ]
    assert all(d.message.startswith("the SVG image is refused: ") for d in errors.values())
    assert errors["content/assets/late.svg"].line == 1
