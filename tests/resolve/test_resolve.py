"""The resolver on the Spanish fixture: every reference an object, text kept exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import fixture_site, write_files

from cjmsite import check
from cjmsite.analysis import analyse
from cjmsite.model import Site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    result = check(fixture_site("spanish", tmp_path_factory.mktemp("es"), base=None))
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.site is not None
    return result.site


def test_config_and_stages(site: Site) -> None:
    assert site.config.language == "es"
    assert site.config.title == "Manual de experiencia del cliente — Señal Óptima"
    assert [s.name for s in site.config.stages][1] == "Consideración"


def test_journey_references_are_objects(site: Site) -> None:
    journey = site.journeys["alta-fibra"]
    assert [p.name for p in journey.personas] == ["Ana García Muñoz"]
    assert journey.owner is site.departments["ventas"]
    assert [(s.id, s.name) for s in journey.stages] == [
        ("descubrimiento", "Descubrimiento"),
        ("compra", "Compra"),
        ("instalacion", "Instalación"),
    ]
    assert [t.id for t in journey.touchpoints] == ["ve-anuncio", "firma-en-tienda", "instalacion"]
    assert all(t.journey is journey for t in journey.touchpoints)


def test_touchpoint_fields(site: Site) -> None:
    tp = site.journeys["alta-fibra"].touchpoint("ve-anuncio")
    assert tp is not None
    assert tp.title == "Ve un anuncio en redes «Fibra a 1 Gb»"
    assert tp.order == 10
    assert tp.channel is site.channels["web"]
    assert tp.contact == "indirect"
    assert tp.emotion == {"ana-garcia": 0.5}
    assert tp.letters_for("ventas") == ("R", "A")  # lower case in the file, canonical here
    assert tp.letters_for("atencion-al-cliente") == ("I",)
    assert tp.ideas[0].title == "Mostrar el precio final con IVA"
    assert tp.ideas[0].status == "proposed"
    assert tp.ideas[1].owner is site.departments["ventas"]
    assert tp.ideas[1].status == "planned"
    assert tp.metrics[0].value == "1,8 %"
    assert tp.pains == ("El precio no incluye el router — ¡sorpresa!",)
    assert [str(e) for e in tp.evidence] == [
        "«No entendí qué incluía» — entrevista n.º 4",
        "¿El router se paga aparte?",
    ]
    assert tp.evidence[0].plain and not tp.evidence[1].plain
    assert tp.evidence[1].url == "https://investigacion.example.com/encuestas/marzo"
    assert tp.confidence == "assumed"
    assert tp.waivers == {
        "idea-without-owner": "La primera idea es de todo el equipo | sin dueño único"
    }


def test_words_are_canonical(site: Site) -> None:
    assert site.channels["tienda"].kind == "offline"


def test_persona_photo_and_channels(site: Site) -> None:
    ana = site.personas["ana-garcia"]
    assert ana.photo == "assets/ana.svg"
    assert [c.id for c in ana.channels] == ["web", "tienda"]
    assert ana.quote == "¿Por qué nadie me dice cuándo viene el técnico?"
    assert "😤" in ana.frustrations[0]


def test_body_links_are_rewritten_and_anchors_kept(site: Site) -> None:
    ana = site.personas["ana-garcia"]
    assert 'href="../../guia/index.html#plazos-de-pago"' in ana.body_html
    tp = site.journeys["alta-fibra"].touchpoint("ve-anuncio")
    assert tp is not None
    assert 'href="../firma-en-tienda/index.html"' in tp.body_html


def test_heading_ids_are_slugs_without_accents(site: Site) -> None:
    journey = site.journeys["alta-fibra"]
    assert 'id="por-que-este-recorrido"' in journey.body_html


def test_page_title_and_assets(site: Site) -> None:
    assert site.pages["guia"].title == "Guía de facturación"
    assert [a.output_path for a in site.assets] == ["assets/ana.svg"]


def test_analysis_on_spanish_site(site: Site) -> None:
    insights = analyse(site)
    journey = site.journeys["alta-fibra"]
    hot = insights.hotspots_of(journey)
    assert [(s.touchpoint.id, s.persona.id) for s in hot] == [("firma-en-tienda", "ana-garcia")]
    assert hot[0].pain_priority == 7.5


def test_raw_html_is_escaped_unless_allowed(tmp_path: Path) -> None:
    files = {
        "cjmsite.yml": "title: T\n",
        "content/pages/x.md": "# X\n\n<script>alert(1)</script>\n",
    }
    result = check(write_files(tmp_path / "a", files) / "cjmsite.yml")
    assert result.site is not None
    html = result.site.pages["x"].body_html
    assert "<script>" not in html and "&lt;script&gt;" in html
    files["cjmsite.yml"] = "title: T\nallow_html: true\n"
    result = check(write_files(tmp_path / "b", files) / "cjmsite.yml")
    assert result.site is not None
    assert "<script>alert(1)</script>" in result.site.pages["x"].body_html


def test_javascript_links_are_dropped(tmp_path: Path) -> None:
    files = {
        "cjmsite.yml": "title: T\n",
        "content/pages/x.md": "# X\n\n[go](javascript:alert(1))\n",
    }
    result = check(write_files(tmp_path, files) / "cjmsite.yml")
    assert result.site is not None
    assert 'href="javascript' not in result.site.pages["x"].body_html


def minimal_check(tmp_path: Path, files: dict[str, str]) -> tuple[list[str], Site | None]:
    """Check the minimal fixture with `files` laid over it."""
    config = fixture_site("minimal", tmp_path, base=None)
    write_files(tmp_path, files)
    result = check(config)
    return [d.format() for d in result.diagnostics], result.site


JOURNEY = "content/journeys/signup/index.md"
STORE_VISIT = "content/journeys/signup/20-visits-store.md"


def test_a_persona_listed_twice_walks_once(tmp_path: Path) -> None:
    index = "---\ntitle: Sign up\npersonas: [7, ana, ana]\nowner: sales\n---\n"
    lines, site = minimal_check(tmp_path, {JOURNEY: index})
    assert lines[-1] == (
        f"{JOURNEY}:3:20: error: persona `ana` is listed twice in `personas` "
        "(list each persona once)"
    )  # at the repeat in the file, past the invalid item
    assert site is not None
    journey = site.journeys["signup"]
    assert [p.id for p in journey.personas] == ["ana"]
    hot = analyse(site).hotspots_of(journey)
    assert [(s.touchpoint.id, s.persona.id) for s in hot] == [("visits-store", "ana")]


def test_a_channel_listed_twice_in_a_persona_is_kept_once(tmp_path: Path) -> None:
    persona = "---\nname: Ana\nchannels: [web, store, web]\n---\n"
    lines, site = minimal_check(tmp_path, {"content/personas/ana.md": persona})
    assert lines == [
        "content/personas/ana.md:3:24: error: channel `web` is listed twice in `channels` "
        "(list each channel once)"
    ]
    assert site is not None
    assert [c.id for c in site.personas["ana"].channels] == ["web", "store"]


def test_a_touchpoint_missing_a_key_still_refers_to_its_channel_and_owners(
    tmp_path: Path,
) -> None:
    touchpoint = "---\ntitle: Visits\nstage: purchase\nchannel: store\nowners: {care: A}\n---\n"
    lines, _ = minimal_check(tmp_path, {STORE_VISIT: touchpoint})
    assert len(lines) == 2, lines  # no "not referenced" or "no touchpoint" warnings
    assert all(": error: required key `" in line for line in lines), lines


def test_an_unplaced_touchpoint_still_refers_to_what_it_links(tmp_path: Path) -> None:
    touchpoint = (
        "---\ntitle: Visits\nstage: later\nchannel: web\nemotion: 1\nimportance: 2\n"
        "owners: {sales: [R, A]}\n---\nAt the [store](../../channels/store.md), "
        "ideas by [care](../../departments/care.md).\n"
    )
    lines, _ = minimal_check(tmp_path, {STORE_VISIT: touchpoint})
    assert len(lines) == 1 and "unknown stage `later`" in lines[0], lines


def test_touchpoints_of_a_journey_without_index_still_refer(tmp_path: Path) -> None:
    touchpoint = (
        "---\ntitle: Calls\nstage: purchase\nchannel: phone\nemotion: 1\nimportance: 2\n"
        "owners: {it: [R, A]}\n---\n"
    )
    files = {
        "content/journeys/other/10-calls.md": touchpoint,
        "content/channels/phone.md": "---\nname: Phone\nkind: offline\n---\n",
        "content/departments/it.md": "---\nname: IT\n---\n",
    }
    lines, _ = minimal_check(tmp_path, files)
    assert lines == [
        "content/journeys/other/10-calls.md:1:1: error: journey folder `other` has no "
        "index.md (create content/journeys/other/index.md with title and personas)"
    ]


def test_no_channel_warning_when_the_channel_value_is_invalid(tmp_path: Path) -> None:
    touchpoint = (
        "---\ntitle: Visits\nstage: purchase\nchannel: [store]\nemotion: 1\nimportance: 2\n"
        "owners: {care: R, sales: A}\n---\n"
    )
    lines, _ = minimal_check(tmp_path, {STORE_VISIT: touchpoint})
    assert any(": error: `channel` must be" in line for line in lines), lines
    assert not any("has no `channel`" in line for line in lines), lines


@pytest.mark.parametrize(
    ("kind", "folder", "frontmatter"),
    [
        ("department", "departments", "owner: atencion"),
        ("persona", "personas", "personas: [lucia]"),
        ("channel", "channels", "channel: tienda"),
    ],
)
def test_a_reference_to_a_kind_with_no_file_says_none_is_defined(
    tmp_path: Path, kind: str, folder: str, frontmatter: str
) -> None:
    key = frontmatter.split(":")[0]
    step = "title: Ve un anuncio\nstage: awareness\nemotion: 1\nimportance: 2\n"
    if key == "channel":
        step += frontmatter + "\n"
    journey = "title: Alta\nstages: [awareness]\n"
    journey += frontmatter + "\n" if key != "channel" else "personas: [ana]\n"
    files = {
        "cjmsite.yml": "title: Manual\n",
        "content/personas/ana.md": "---\nname: Ana\n---\n",
        "content/journeys/alta/index.md": f"---\n{journey}---\n",
        "content/journeys/alta/10-ve-anuncio.md": f"---\n{step}---\n",
    }
    if kind == "persona":
        del files["content/personas/ana.md"]
    config = write_files(tmp_path, files) / "cjmsite.yml"
    lines = [d.format() for d in check(config).diagnostics]
    wanted = f"no {kind} is defined yet (add one under content/{folder}/)"
    assert any(f"unknown {kind}" in line and wanted in line for line in lines), lines
    assert not any("values)" in line for line in lines), lines


def test_a_touchpoint_without_channel_when_none_exists_says_where_to_add_one(
    tmp_path: Path,
) -> None:
    files = {
        "cjmsite.yml": "title: Manual\n",
        "content/personas/ana.md": "---\nname: Ana\n---\n",
        "content/journeys/alta/index.md": "---\ntitle: Alta\npersonas: [ana]\n---\n",
        "content/journeys/alta/10-ve.md": "---\ntitle: Ve\nstage: awareness\n"
        "emotion: 1\nimportance: 2\n---\n",
    }
    lines = [d.format() for d in check(write_files(tmp_path, files) / "cjmsite.yml").diagnostics]
    assert any(
        "touchpoint has no `channel`" in line
        and "no channel is defined yet (add one under content/channels/)" in line
        for line in lines
    ), lines
