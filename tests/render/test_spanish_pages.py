"""The Spanish fixture as a Spanish CX team reads it: built in a git repository (so pages show
their dates, edit links and stale badges), no page or map.svg shows an English UI string,
doubled quotation marks, or a `None`; and the build warns about nothing."""

from __future__ import annotations

import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from sitekit import fixture_site

from cjmsite.render.locale import flatten, nest_quotes
from cjmsite.site.pipeline import build

pytestmark = pytest.mark.slow  # a git repository and a full Spanish build

LOCALES = Path(__file__).resolve().parents[2] / "themes" / "default" / "locales"
ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


class Visible(HTMLParser):
    """The text a reader sees or hears: text and labelling attributes, without scripts,
    styles and code (rule names are identifiers)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):
            self.hidden += 1
        self.parts += [v for k, v in attrs if k in ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("es")
    config = fixture_site("spanish", root, base=None)
    with config.open("a", encoding="utf-8") as file:
        file.write("repo_url: https://github.com/senal/manual\nstale_after_days: 180\n")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2025-03-01T10:00:00Z",
           "GIT_COMMITTER_DATE": "2025-03-01T10:00:00Z"}  # fmt: skip
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=Ana López", "-c", "user.email=a@example.com",
                  "commit", "-q", "-m", "manual"]):  # fmt: skip
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    result = build(config, output_dir=root / "out", use_cache=False, today="2026-12-04")
    assert result.ok and result.diagnostics == [], [d.format() for d in result.diagnostics]
    found = {}
    for path in sorted((root / "out").rglob("*")):
        if path.suffix in (".html", ".svg") and "pagefind" not in path.parts:
            parser = Visible()
            parser.feed(path.read_text(encoding="utf-8"))
            found[path.relative_to(root / "out").as_posix()] = "\n".join(parser.parts)
    return found


def test_pages_show_dates_edit_links_and_stale_badges_in_spanish(pages) -> None:
    journey = pages["journeys/alta-fibra/index.html"]
    assert "Última actualización:" in journey and "1 de marzo de 2025" in journey
    assert "por Ana López" in journey and "Editar esta página" in journey
    assert "Necesita revisión" in journey
    assert "journeys/alta-fibra/map.svg" in pages


def test_no_english_ui_words_none_or_doubled_quotes(pages) -> None:
    english = flatten(yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8")))
    spanish = flatten(yaml.safe_load((LOCALES / "es.yml").read_text(encoding="utf-8")))
    spanish_text = "\n".join(str(v) for v in spanish.values())
    fragments = {
        fragment.strip(" .,:;()–—-«»“”\"'→#")
        for value in english.values()
        for fragment in re.split(r"\{\w+\}", str(value))
    }
    fragments = {f for f in fragments if len(f) >= 4 and f not in spanish_text}
    words = [rf"(?<!\w){re.escape(f)}(?!\w)" for f in fragments]
    words += [rf"\b{w}\b" for w in (*MONTHS, "None", "none", "null")]
    problems = [(name, w) for name, text in pages.items() for w in words if re.search(w, text)]
    problems += [(name, q) for name, text in pages.items() for q in ("««", "»»") if q in text]
    assert problems == []


def test_quotes_within_a_quoted_value_become_the_inner_pair(pages) -> None:
    journey = pages["journeys/alta-fibra/index.html"]
    assert "Boceto del guion gráfico de «Ve un anuncio en redes “Fibra a 1 Gb”»" in journey
    assert "todo punto crítico tiene una idea: «El presupuesto de tiendas" in journey
    assert nest_quotes("“{t}” {u}", {"t": "a “b”", "u": "“c”"}) == {"t": "a ‘b’", "u": "“c”"}
    assert nest_quotes("«{t}»", {"t": "«x» y"}) == {"t": "“x” y"}


def test_department_and_opportunity_headings_read_naturally(pages) -> None:
    department = pages["departments/ventas/index.html"]
    assert "Puntos de contacto en los que participa" in department
    assert "Ideas a su cargo" in department
    assert "letra suya" not in department and "de las que es propietario" not in department
    assert "Qué hacer con el dolor, por orden de peso." in pages["opportunities/index.html"]


def test_due_measured_and_evidence_dates_are_written_in_spanish(pages) -> None:
    journey = pages["journeys/alta-fibra/index.html"]
    assert "31 de marzo de 2025" in journey  # the NPS's as_of
    assert "30 de junio de 2025" in pages["opportunities/index.html"]  # an idea's due date
    assert "14 de marzo de 2025" in pages["journeys/alta-fibra/ve-anuncio/index.html"]
    iso = [(n, d) for n, t in pages.items() for d in re.findall(r"\b\d{4}-\d\d-\d\d\b", t)]
    assert iso == []
