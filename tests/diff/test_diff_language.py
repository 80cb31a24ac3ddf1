"""`cjmsite diff` speaks the handbook's language: a Spanish handbook (tests/sites/spanish) in a
git repository with two commits gets a Spanish comment and page, with Spanish numbers; the
JSON stays language-neutral."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from sitekit import fixture_site
from test_diff import git, invoke

from cjmsite.diff.render_markdown import MARKER

LOCALES = Path(__file__).resolve().parents[2] / "themes" / "default" / "locales"
AD = "content/journeys/alta-fibra/10-ve-anuncio.md"
SHOP = "content/journeys/alta-fibra/20-firma-en-tienda.md"
# English words of the reports that must not appear in a Spanish one
ENGLISH = ["Journey", "journey", "hotspot", "Hotspot", "emotion", "Emotion", "before", "after",
           "worse", "better", "pain", "Touchpoint", "Change", "Compared", "Handbook", "Mixed",
           "target", "metric", "reordered", "moved", "renamed", "added", "removed"]  # fmt: skip


@pytest.fixture(scope="module")
def spanish_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main: the Spanish fixture; `cambio`: an advert that now hurts (a new hotspot), a
    queue that got shorter (a resolved one), a metric with decimals, another owner."""
    root = tmp_path_factory.mktemp("es")
    fixture_site("spanish", root, base=None)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "switch", "-q", "-c", "cambio")
    edits = {
        AD: [("emotion: 0.5", "emotion: -1.5"), ("importance: 2", "importance: 4")],
        SHOP: [("emotion: -1.5", "emotion: 0.5"), ("value: 30,", "value: 12.5,")],
        "content/journeys/alta-fibra/index.md": [("owner: ventas", "owner: atencion-al-cliente")],
    }
    for name, pairs in edits.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "cambio")
    return root


@pytest.fixture(scope="module")
def labelled_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main: the Spanish fixture; `etiquetas`: fields whose names and values are words of
    the handbook (journey status and review date, contact, confidence, a waiver's reason)."""
    root = tmp_path_factory.mktemp("es-labels")
    fixture_site("spanish", root, base=None)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "switch", "-q", "-c", "etiquetas")
    edits = {
        AD: [("contact: indirect", "contact: direct"),
             ("confidence: assumed", "confidence: observed"),
             ('"La primera idea', '"Otra idea'), ("impact: 4, effort: 2", "impact: 5, effort: 2")],
        "content/journeys/alta-fibra/index.md": [
            ("owner: ventas", "owner: ventas\nstatus: validated\nreviewed: 2026-11-30")],
    }  # fmt: skip
    for name, pairs in edits.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "etiquetas")
    return root


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_spanish_field_names_and_values_are_the_handbooks_words(labelled_repo, fmt) -> None:
    code, out, _ = invoke(labelled_repo, "--format", fmt, "main", "etiquetas")
    assert code == 0, out
    text = re.sub(r"<[^>]+>", "", re.sub(r"<style\b.*?</style>", "", out, flags=re.S))
    for line in ("Estado: – → Validado", "Fecha de revisión: – → 2026-11-30",
                 "Contacto: Indirecto → Directo", "Confianza: Supuesta → Observada",
                 "Reglas dispensadas: edita idea-without-owner",
                 "idea «Anuncio con el precio del router» puntuada de nuevo: impacto 4 → 5, "
                 "esfuerzo 2"):  # fmt: skip
        assert line in text.replace("`", ""), line
    for raw in ("validated", "reviewed", "indirect", "assumed", "observed", "confidence",
                "exentas", "{'", "None"):  # fmt: skip
        assert raw not in text, raw


def test_every_diff_string_exists_in_english_and_spanish() -> None:
    def keys(name: str) -> set[str]:
        def walk(node: object, prefix: str) -> set[str]:
            if isinstance(node, dict):
                return {k for key, v in node.items() for k in walk(v, f"{prefix}.{key}")}
            return {prefix}

        data = yaml.safe_load((LOCALES / f"{name}.yml").read_text(encoding="utf-8"))
        return walk(data["diff"], "diff")

    assert keys("en") == keys("es")
    assert len(keys("en")) > 80


def test_spanish_markdown_comment(spanish_repo: Path) -> None:
    code, out, _ = invoke(spanish_repo, "main", "cambio")
    assert code == 0, out
    assert out.startswith(MARKER + "\n**Impacto en los recorridos:** Resultado mixto: ")
    assert "1 punto crítico nuevo, 1 emoción más baja, 1 punto crítico resuelto" in out
    assert "<sub>Comparación de main (" in out and "→ cambio" in out
    assert "## Recorridos" in out
    assert "- Propietario: ventas → atencion\\-al\\-cliente" not in out  # ids are not prose
    assert "- Propietario: ventas → atencion-al-cliente" in out  # the journey page's word
    assert "| Punto de contacto | Etapa | Emoción | Importancia | RACI | Cambio |" in out
    assert "Ana García Muñoz: 0,5 → -1,5 ▼ peor" in out
    assert "Ana García Muñoz: -1,5 → 0,5 ▲ mejor" in out
    assert "métrica Tiempo de espera: 30 \\(objetivo: 10\\)" not in out
    assert "métrica Tiempo de espera: 30 (objetivo: 10) → 12,5 (objetivo: 10)" in out
    assert "punto crítico nuevo (Ana García Muñoz)" in out
    assert "**Puntos críticos nuevos:**" in out and "**Puntos críticos resueltos:**" in out
    assert "prioridad de dolor" in out
    assert 'title "Darse de alta en la fibra: emoción antes y después"' in out
    assert 'y-axis "Emoción" -2 --> 2' in out
    assert "<sub>Emoción media de las personas: en gris, antes; en azul, después.</sub>" in out
    prose = re.sub(r"```mermaid.*?```", "", out, flags=re.S)
    assert [w for w in ENGLISH if re.search(rf"\b{w}\b", prose)] == []


def test_spanish_html_page(spanish_repo: Path) -> None:
    code, out, _ = invoke(spanish_repo, "--format", "html", "main", "cambio")
    assert code == 0
    assert '<html lang="es">' in out
    assert "<title>Cambios en los recorridos: main (" in out
    assert "<th>Punto de contacto</th><th>Etapa</th>" in out
    assert "<h3>Puntos críticos nuevos</h3>" in out
    assert "Ana García Muñoz antes" in out and "Ana García Muñoz después" in out
    assert "emoción antes y después" in out
    assert "0,5 → -1,5 ▼ peor" in out
    text = re.sub(r"<svg.*?</svg>", "", out, flags=re.S)
    text = re.sub(r"<[^>]+>|<style>.*?</style>", " ", text, flags=re.S)
    assert [w for w in ENGLISH if re.search(rf"\b{w}\b", text)] == []


def test_json_stays_language_neutral(spanish_repo: Path) -> None:
    code, out, _ = invoke(spanish_repo, "--format", "json", "main", "cambio")
    assert code == 0
    data = json.loads(out)
    assert data["verdict"].startswith("Mixed: 1 new hotspot")
    metric = data["journeys"][0]["touchpoints"][1]["metrics"][0]
    assert metric["after"] == {"value": 12.5, "target": 10}
