"""The default theme's English and Spanish UI strings match key for key: a string added to
one locale only would show English (or a `{placeholder}`) on a Spanish page, or the reverse."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from cjmsite.render.locale import flatten

LOCALES = Path(__file__).resolve().parents[2] / "themes" / "default" / "locales"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def strings(language: str) -> dict[str, object]:
    return flatten(yaml.safe_load((LOCALES / f"{language}.yml").read_text(encoding="utf-8")))


def test_english_and_spanish_have_the_same_keys() -> None:
    english, spanish = strings("en"), strings("es")
    assert sorted(set(english) - set(spanish)) == []
    assert sorted(set(spanish) - set(english)) == []
    assert len(english) > 300


def test_each_string_has_the_same_placeholders_in_both_languages() -> None:
    english, spanish = strings("en"), strings("es")
    mismatched = {
        key: (english[key], spanish[key])
        for key in english
        if set(PLACEHOLDER.findall(str(english[key])))
        != set(PLACEHOLDER.findall(str(spanish.get(key, ""))))
    }
    assert mismatched == {}


def test_spanish_strings_have_their_accents_and_no_doubled_quotes() -> None:
    spanish = " ".join(str(v) for v in strings("es").values())
    unaccented = re.findall(
        r"\b(?:[Ee]dicion|[Rr]evision|[Ii]nformacion|[Aa]ccion|[Aa]ctualizacion|[Pp]agina"
        r"|[Ee]mocion|[Ii]nvestigacion|[Dd]ias|[Uu]ltima)\b",
        spanish,
    )
    assert unaccented == []
    assert "««" not in spanish and "»»" not in spanish
