"""touchpoint.html's sections drawn in Python (render/fragments/touchpoint.py), and
macros.html's scroll_box and idea_head (render/fragments/common.py), write byte for byte
what the template and macros wrote (tests/render/fragment_touchpoint.html,
fragment_macros.html) on hostile and Spanish text; a theme's macro of a piece's name still
wins."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from modelkit import make_config, make_site, tp
from sitekit import fixture_site
from test_fragments import HOSTILE, REPO, environment
from test_fragments_journey import SPANISH

from cjmsite.analysis import analyse
from cjmsite.model import Evidence, Site
from cjmsite.render import render_site
from cjmsite.site.pipeline import load_site

OLD_PAGE = Path(__file__).parent / "fragment_touchpoint.html"
ARTICLE, MARK = '<article class="touchpoint"', " data-old-template"


@pytest.mark.parametrize("name", ["<b>Tabla</b> «ñ»", HOSTILE])
def test_scroll_box_as_a_call_block(name: str) -> None:
    """`{% call m.scroll_box(name) %}` through the old macro and through the fragment."""
    env = environment()
    body = "  <table>{{ x }}</table>\n  "
    old = env.from_string(
        '{% import "old.html" as o with context %}'
        f"{{% call o.scroll_box(n) %}}\n{body}{{% endcall %}}"
    )
    new = env.from_string(f"{{% call fragments.scroll_box(n) %}}\n{body}{{% endcall %}}")
    values = {"n": name, "x": HOSTILE}
    assert new.render(**values) == old.render(**values)
    assert "&lt;b&gt;" in new.render(**values)


@pytest.mark.parametrize("flags", list(itertools.product([True, False], repeat=3)))
def test_idea_head(flags: tuple[bool, bool, bool]) -> None:
    journey, touchpoint, rank = flags
    call = f"idea_head(show_journey={journey}, show_touchpoint={touchpoint}, show_rank={rank})"
    env = environment()
    old = env.from_string('{% import "old.html" as o with context %}{{ o.' + call + " }}")
    new = env.from_string("{{ fragments." + call + " }}")
    assert new.render() == old.render()
    for short in ("idea_head()", "idea_head(False, False)"):
        old = env.from_string('{% import "old.html" as o with context %}{{ o.' + short + " }}")
        assert env.from_string("{{ fragments." + short + " }}").render() == old.render()


def _evidence() -> tuple[Evidence, ...]:
    return (
        Evidence(HOSTILE, source=SPANISH, date="2025-03-14", url="https://x.example/?a=1&b=<2>"),
        Evidence(SPANISH, url="https://x.example/ñ"),
        Evidence("Solo fecha", date="2024-12-01"),
        Evidence(HOSTILE, source=HOSTILE),
        Evidence("Sin nada"),
    )


def _touchpoints() -> list[dict[str, Any]]:
    return [
        tp("ask", "awareness", 10, {"ana": -2, "bo": 1}, 5, owners={"care": ["R", "A"]},
           channel="web", title=HOSTILE, pains=(HOSTILE, SPANISH, " "), gains=(),
           ideas=({"title": SPANISH, "status": "planned", "owner": None},),
           confidence="assumed", evidence=_evidence(), backstage=(HOSTILE, SPANISH),
           storyboard="assets/<a>.svg", body_html="<p>Historia «ñ»</p>",
           waivers={"idea-without-owner": HOSTILE}),
        tp("pay", "awareness", 20, {"ana": 1.5, "bo": -1}, 2, owners={"sales": ["R"]},
           title=SPANISH, metrics=({"name": HOSTILE, "value": 0.5, "target": 2},
                                   {"name": SPANISH, "value": 3, "target": None}),
           gains=(SPANISH,)),
        tp("use", "consideration", 30, {"ana": -1.25}, 4, owners={"sales": "C", "care": "R"},
           channel="shop", title="Use", evidence=(Evidence("Q"),)),
        tp("end", "consideration", 40, {"ana": -2, "bo": -2}, 5, title=SPANISH),
    ]  # fmt: skip


def _model_site(root: Path) -> Site:
    return make_site(
        {"buy": {"personas": ["ana", "bo"], "title": SPANISH, "touchpoints": _touchpoints()},
         "one": {"personas": ["ana"], "touchpoints": [tp("solo", "awareness", 1, 0, 1)]}},
        personas=("ana", "bo"), departments=("care", "sales"),
        config=make_config(root=str(root), title=HOSTILE),
    )  # fmt: skip


def _touchpoint_pages(site: Site) -> dict[str, str]:
    files = render_site(site, analyse(site)).files
    return {
        name: data.decode()
        for name, data in files.items()
        if name.startswith("journeys/") and name.count("/") == 3 and name.endswith(".html")
    }


def _old_and_new(site: Site, root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The touchpoint pages with the default theme, then with the old touchpoint.html."""
    new = _touchpoint_pages(site)
    overrides = root / site.config.theme_overrides
    overrides.mkdir(parents=True, exist_ok=True)
    marked = OLD_PAGE.read_text(encoding="utf-8").replace(ARTICLE, ARTICLE + MARK)
    (overrides / "touchpoint.html").write_text(marked, encoding="utf-8")
    old = _touchpoint_pages(site)
    assert all(MARK in page for page in old.values())  # the old template drew them
    return {name: page.replace(MARK, "") for name, page in old.items()}, new


SHOWN = ("flag-validate", "tp-waivers", "flag-hotspot", "flag-truth", "cite=", "<time datetime",
         "evidence-title", "backstage-title", "ideas-title", "metrics-title", "storyboard",
         'class="quiet">', "pager-prev", "pager-next")  # fmt: skip


def test_touchpoint_pages_of_hostile_and_spanish_text(tmp_path: Path) -> None:
    old, new = _old_and_new(_model_site(tmp_path), tmp_path)
    assert len(new) == 5 and new == old
    shown = "".join(new.values())
    for mark in SHOWN:
        assert mark in shown, mark
    assert "&lt;script&gt;" in shown and "<script>alert" not in shown


@pytest.mark.parametrize("name", ["hostile", "spanish", "minimal"])
def test_touchpoint_pages_of_the_fixture_sites(tmp_path: Path, name: str) -> None:
    config = fixture_site(name, tmp_path / name, base=None)
    site, _ = load_site(config)
    old, new = _old_and_new(site, config.parent)
    assert new and new == old


MINE = {
    "scroll_box": "{% macro scroll_box(name) %}<div class=mine-box>{{ name }}|{{ caller() }}"
    "</div>{% endmacro %}",
    "emotion": "{% macro emotion(value, sentiment) %}<i>feel {{ value }}</i>{% endmacro %}",
    "hotspot_flag": "{% macro hotspot_flag() %}<i>HOT</i>{% endmacro %}",
    "truth_flag": "{% macro truth_flag() %}<i>TRUTH</i>{% endmacro %}",
    "channel_link": "{% macro channel_link(c) %}<i>chan {{ c.name }}</i>{% endmacro %}",
    "dept_link": "{% macro dept_link(d) %}<i>dept {{ d.name }}</i>{% endmacro %}",
    "letters": "{% macro letters(found) %}<i>{{ found | join('+') }}</i>{% endmacro %}",
    "raci_problems": "{% macro raci_problems(check) %}<i>check {{ check.ok }}</i>{% endmacro %}",
    "text_list": "{% macro text_list(title, items, kind, level=4) %}<i>{{ kind }}:"
    "{{ items | length }}</i>{% endmacro %}",
    "idea_head": "{% macro idea_head(show_journey=True, show_touchpoint=True, show_rank=False)"
    " %}<i>head {{ show_journey }}</i>{% endmacro %}",
    "idea_rows": "{% macro idea_rows(found, show_journey=True, show_touchpoint=True, "
    "show_rank=False) %}<i>rows {{ found | length }}</i>{% endmacro %}",
}


MINE_SHOWN = ("<div class=mine-box>", "<i>feel -2</i>", "<i>HOT</i>", "<i>TRUTH</i>",
              "<i>chan Web</i>", "<i>dept Care</i>", "<i>R+A</i>", "<i>check True</i>",
              "<i>pains:3</i>", "<i>gains:0</i>", "<i>head False</i>", "<i>rows 1</i>")  # fmt: skip


def test_a_theme_macro_replacing_a_piece_is_used_by_the_touchpoint_sections(
    tmp_path: Path,
) -> None:
    """An overriding macros.html with its own scroll_box, emotion, flags, links, letters,
    lists and idea rows: the Python sections of touchpoint.html call them by name."""
    macros = (REPO / "themes/default/templates/macros.html").read_text(encoding="utf-8")
    for name, macro in MINE.items():
        line = f"{{% set {name} = fragments.{name} %}}"
        assert line in macros, name
        macros = macros.replace(line, macro)
    overrides = tmp_path / "theme_overrides"
    overrides.mkdir()
    (overrides / "macros.html").write_text(macros, encoding="utf-8")
    page = _touchpoint_pages(_model_site(tmp_path))["journeys/buy/ask/index.html"]
    for shown in MINE_SHOWN:
        assert shown in page, shown
    for default in ('class="scroll-area"', 'class="emotion', "flag-hotspot", 'class="raci '):
        assert default not in page, default
