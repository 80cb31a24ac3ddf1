"""Column and key names, in English and in Spanish, and how a header cell is read."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Touchpoint columns in the order an export writes them (emotion:/owner: come in between).
LEADING = ("stage", "order", "id", "title", "channel", "contact", "importance", "confidence")
TRAILING = (
    "pains",
    "gains",
    "backstage",
    "evidence",
    "ideas",
    "metrics",
    "waive",
    "storyboard",
    "narrative",
)
REQUIRED = ("stage", "title", "importance")
LIST_COLUMNS = ("pains", "gains", "backstage")

ALIASES = {
    "stage": ("etapa", "fase"),
    "order": ("orden", "n", "no", "nº", "#"),
    "id": ("identificador",),
    "title": ("título", "titulo", "touchpoint", "punto de contacto", "nombre"),
    "channel": ("canal",),
    "contact": ("contacto",),
    "importance": ("importancia",),
    "confidence": ("confianza",),
    "emotion": ("emoción", "emocion"),
    "owner": ("responsable", "raci", "owners", "responsables"),
    "pains": ("dolores", "puntos de dolor", "pain points", "frustraciones"),
    "gains": ("alegrías", "alegrias", "ganancias", "beneficios"),
    "backstage": ("trastienda", "entre bastidores"),
    "evidence": ("evidencia", "evidencias"),
    "ideas": ("idea", "oportunidades"),
    "metrics": ("métricas", "metricas", "kpis", "kpi"),
    "waive": ("exenciones", "exención", "exencion", "waivers", "waiver"),
    "storyboard": ("boceto", "guion gráfico", "guión gráfico"),
    "narrative": ("narrativa", "narración", "narracion", "descripción", "descripcion", "body"),
    # keys of the journey sheet
    "personas": ("persona",),
    "state": ("estado",),
    "counterpart": ("contraparte",),
    "goal": ("objetivo", "meta"),
    "stages": ("etapas", "fases"),
    "status": ("situación", "situacion"),
    "tags": ("etiquetas",),
    "reviewed": ("revisado", "revisión", "revision"),
}
PREFIXED = ("emotion", "owner")
JOURNEY_KEYS = (
    "id",
    "title",
    "personas",
    "state",
    "counterpart",
    "owner",
    "goal",
    "stages",
    "status",
    "tags",
    "reviewed",
    "metrics",
    "waive",
    "narrative",
)


def fold(text: str) -> str:
    """Lower case, accents dropped, runs of spaces as one: how header names are compared."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare).strip().lower()


_CANONICAL = {fold(name): name for name in {*LEADING, *TRAILING, *ALIASES}}
_CANONICAL.update({fold(alias): name for name, names in ALIASES.items() for alias in names})


@dataclass(frozen=True)
class Header:
    """A header cell understood: `emotion` + `ana`, `title` + "", or unknown (name "")."""

    name: str
    qualifier: str = ""
    text: str = ""  # as written, for messages


def read_header(text: str) -> Header:
    """`Emoción: Ana` → Header("emotion", "Ana"); `Título` → Header("title")."""
    raw = str(text).strip()
    head, sep, tail = raw.partition(":")
    name = _CANONICAL.get(fold(head if sep else raw), "")
    if sep and name in PREFIXED and tail.strip():
        return Header(name, tail.strip(), raw)
    if sep and name not in PREFIXED:
        return Header("", "", raw)
    return Header(name, "", raw)


def is_lane_name(text: str) -> bool:
    """Whether a first-column cell names a lane (a field) of the transposed layout."""
    header = read_header(text)
    return header.name in (*LEADING, *TRAILING, *PREFIXED)
