"""Tests of data/site.json (cjmsite.render.site_json) against its JSON Schema in docs/."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cjmsite.analysis import analyse
from cjmsite.model import Department, Page, Persona, Scale, Site
from cjmsite.render.site_json import FORMAT_VERSION, SCHEMA_ID, site_data, site_json
from tests.modelkit import make_config, make_site, tp

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "site-json.schema.json"

SPANISH = "¿Cuánto tarda? Año nuevo, señal débil, pingüino 😀 — «ok»"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _site() -> Site:
    """Two personas, a current/future pair, RACI problems, a decimal scale and Spanish text."""
    care = Department("care", "Care")
    site = make_site(
        {
            "alta": {
                "title": "Alta de fibra",
                "personas": ["ana", "beto"],
                "counterpart": "alta-futura",
                "touchpoints": [
                    tp(
                        "busca",
                        "awareness",
                        10,
                        {"ana": 1, "beto": -1.5},
                        3,
                        channel="web",
                        owners={"sales": ["R", "A"]},
                        pains=(SPANISH,),
                        gains=("Rápido",),
                    ),
                    tp(
                        "llama",
                        "consideration",
                        20,
                        {"ana": -2},
                        4.5,
                        channel="shop",
                        owners={"care": "R", "sales": "C"},
                        contact="indirect",
                        backstage=("Revisión de cobertura",),
                        ideas=[
                            {"title": "Devolver la llamada", "owner": care, "status": "doing"},
                            "Chat en español",
                        ],
                        metrics=[
                            {"name": "CSAT", "value": 3.5, "target": 4},
                            {"name": "Abandono", "value": "46 %", "target": "20 %"},
                        ],
                        evidence=("«No me entendían» — entrevista 3",),
                        storyboard="assets/llama.png",
                        title="Llama al centro ¿y espera?",
                    ),
                    tp("paga", "purchase", 10, 0, 2, owners={"care": "A", "sales": "A"}),
                ],
            },
            "alta-futura": {
                "personas": ["ana"],
                "state": "future",
                "counterpart": "alta",
                "touchpoints": [
                    tp("busca", "awareness", 10, 2, 3, channel="web", owners={"sales": ["R", "A"]})
                ],
            },
        },
        personas=("ana", "beto", "carla"),
        departments=("care", "sales"),
        config=make_config(
            title="Manual de experiencia ¿Qué tal? 😀",
            language="es",
            importance=Scale(1, 5.5),
            description="Cómo nos viven los clientes",
        ),
    )
    personas = dict(site.personas)
    personas["ana"] = Persona(
        id="ana",
        name="Ana Muñoz",
        summary="Autónoma, 34 años",
        quote="¡Quiero fibra ya! 🚀",
        goals=("Contratar sin llamar",),
        channels=(site.channels["web"],),
        photo="assets/ana.jpg",
        body_html="<p>Señora de la montaña</p>",
    )
    pages = {
        "guias/glosario": Page("guias/glosario", "Glosario ñandú", order=2),
        "acerca": Page("acerca", "Acerca de", body_html="<h1>¿Quiénes somos?</h1>"),
    }
    return dataclasses.replace(site, personas=personas, pages=pages)


@pytest.fixture(scope="module")
def site() -> Site:
    return _site()


@pytest.fixture(scope="module")
def text(site: Site) -> str:
    return site_json(site, analyse(site))


@pytest.fixture(scope="module")
def data(text: str) -> dict[str, Any]:
    return json.loads(text)


def _touchpoint(data: dict[str, Any], journey: str, touchpoint: str) -> dict[str, Any]:
    (found,) = [
        t
        for j in data["journeys"]
        if j["id"] == journey
        for s in j["stages"]
        for t in s["touchpoints"]
        if t["id"] == touchpoint
    ]
    return found


# --- schema and format ------------------------------------------------------------------------


def test_output_validates_against_schema(validator, data) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_minimal_site_validates(validator) -> None:
    site = make_site({})
    data = json.loads(site_json(site, analyse(site)))
    validator.validate(data)
    assert data["journeys"] == [] and data["hotspots"] == []


def test_schema_rejects_drift(validator, data) -> None:
    broken = json.loads(json.dumps(data))
    broken["journeys"][0]["stages"][0]["touchpoints"][0]["unknown"] = 1
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(data))
    broken["journeys"][0]["stages"][0]["touchpoints"][0]["channel"] = "Web"
    assert not validator.is_valid(broken)


def test_header_fields(data) -> None:
    assert data["schema"] == SCHEMA_ID
    assert data["version"] == FORMAT_VERSION == 1
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$id"] == SCHEMA_ID
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_config_summary(data) -> None:
    assert data["site"]["title"] == "Manual de experiencia ¿Qué tal? 😀"
    assert data["site"]["language"] == "es"
    assert data["site"]["scales"] == {
        "emotion": {"min": -2, "max": 2, "neutral": 0},
        "importance": {"min": 1, "max": 5.5, "moment_of_truth_from": 4.5},
    }
    assert [s["id"] for s in data["site"]["stages"]] == [
        "awareness",
        "consideration",
        "purchase",
        "retention",
        "advocacy",
    ]
    assert "root" not in data["site"]  # an absolute path would differ between machines


def test_layout_indent_and_trailing_newline(text) -> None:
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.splitlines()[1].startswith('  "')
    assert "\t" not in text


def test_integral_numbers_are_ints(text, data) -> None:
    busca = _touchpoint(data, "alta", "busca")
    assert busca["importance"] == 3 and isinstance(busca["importance"], int)
    assert isinstance(busca["order"], int)
    assert '"neutral": 0\n' in text
    assert ".0," not in text and ".0\n" not in text
    assert _touchpoint(data, "alta", "llama")["importance"] == 4.5


def test_float_noise_is_rounded() -> None:
    site = make_site(
        {"j": {"touchpoints": [tp("t", "awareness", 10, 4.9, 3)]}},
        config=make_config(emotion=Scale(0, 10)),
    )
    data = json.loads(site_json(site, analyse(site)))
    assert _touchpoint(data, "j", "t")["scores"]["ana"]["pain_priority"] == 0.3
    assert data["pain_points"][0]["pain_priority"] == 0.3


# --- determinism ------------------------------------------------------------------------------


def test_deterministic_across_calls_and_rebuilds(site, text) -> None:
    assert site_json(site, analyse(site)) == text
    fresh = _site()
    assert site_json(fresh, analyse(fresh)) == text


def test_independent_of_mapping_insertion_order(site, text) -> None:
    shuffled = dataclasses.replace(
        site,
        personas=dict(reversed(list(site.personas.items()))),
        departments=dict(reversed(list(site.departments.items()))),
        channels=dict(reversed(list(site.channels.items()))),
        journeys=dict(reversed(list(site.journeys.items()))),
        pages=dict(reversed(list(site.pages.items()))),
    )
    assert site_json(shuffled, analyse(shuffled)) == text


def test_object_keys_are_sorted(text) -> None:
    def check(value: Any) -> None:
        if isinstance(value, dict):
            assert list(value) == sorted(value)
            for item in value.values():
                check(item)
        elif isinstance(value, list):
            for item in value:
                check(item)

    check(json.loads(text))


# --- Spanish text -----------------------------------------------------------------------------


def test_spanish_text_is_written_readable(text) -> None:
    for fragment in (
        "¿Cuánto tarda?",
        "señal",
        "pingüino",
        "😀",
        "«ok»",
        "Ana Muñoz",
        "🚀",
        "ñandú",
    ):
        assert fragment in text
    assert not re.search(r"\\u(?!003c|003e|0026)", text)  # only <, > and & are escaped
    text.encode("utf-8")  # no lone surrogates


def test_spanish_text_round_trips(data, site) -> None:
    busca = _touchpoint(data, "alta", "busca")
    assert busca["pains"] == [SPANISH]
    llama = _touchpoint(data, "alta", "llama")
    assert llama["title"] == "Llama al centro ¿y espera?"
    assert llama["evidence"] == ["«No me entendían» — entrevista 3"]
    (ana,) = [p for p in data["personas"] if p["id"] == "ana"]
    assert ana["quote"] == site.personas["ana"].quote == "¡Quiero fibra ya! 🚀"
    assert ana["body_html"] == "<p>Señora de la montaña</p>"


# --- references -------------------------------------------------------------------------------


def test_entities_listed_by_id(data) -> None:
    for kind in ("personas", "departments", "channels", "journeys", "pages"):
        ids = [e["id"] for e in data[kind]]
        assert ids == sorted(ids), kind
    assert [p["id"] for p in data["personas"]] == ["ana", "beto", "carla"]
    assert [p["url"] for p in data["pages"]] == ["acerca/", "guias/glosario/"]


def test_references_are_ids_that_resolve(data) -> None:
    ids = {
        kind: {e["id"] for e in data[kind]}
        for kind in ("personas", "departments", "channels", "journeys")
    }
    tps = {
        (j["id"], t["id"]) for j in data["journeys"] for s in j["stages"] for t in s["touchpoints"]
    }
    for journey in data["journeys"]:
        assert set(journey["personas"]) <= ids["personas"]
        assert set(journey["departments"]) <= ids["departments"]
        assert journey["counterpart"] in ids["journeys"] | {None}
        for stage in journey["stages"]:
            for t in stage["touchpoints"]:
                assert t["journey"] == journey["id"] and t["stage"] == stage["id"]
                assert t["channel"] in ids["channels"] | {None}
                assert set(t["owners"]) <= ids["departments"]
                assert set(t["emotion"]) == set(t["scores"]) == set(journey["personas"])
                assert all(i["owner"] in ids["departments"] | {None} for i in t["ideas"])
    for persona in data["personas"]:
        assert set(persona["channels"]) <= ids["channels"]
        assert set(persona["journeys"]) <= ids["journeys"]
    for department in data["departments"]:
        assert {(r["journey"], r["touchpoint"]) for r in department["touchpoints"]} <= tps
    for channel in data["channels"]:
        for group in channel["stages"]:
            assert {(r["journey"], r["touchpoint"]) for r in group["touchpoints"]} <= tps
    for entry in data["hotspots"] + data["pain_points"]:
        assert (entry["journey"], entry["touchpoint"]) in tps
        assert entry["persona"] in ids["personas"]


def test_specific_references(data) -> None:
    llama = _touchpoint(data, "alta", "llama")
    assert llama["channel"] == "shop"
    assert llama["owners"] == {"care": ["R"], "sales": ["C"]}
    unscored = {"impact": None, "effort": None, "due": None, "kpi": None}
    assert llama["ideas"] == [
        {"title": "Devolver la llamada", "owner": "care", "status": "doing", **unscored},
        {"title": "Chat en español", "owner": None, "status": "proposed", **unscored},
    ]
    assert llama["metrics"] == [
        {"name": "CSAT", "value": 3.5, "target": 4},
        {"name": "Abandono", "value": "46 %", "target": "20 %"},
    ]
    journeys = {j["id"]: j for j in data["journeys"]}
    assert journeys["alta"]["counterpart"] == "alta-futura"
    assert journeys["alta-futura"]["counterpart"] == "alta"
    assert journeys["alta-futura"]["state"] == "future"
    (ana,) = [p for p in data["personas"] if p["id"] == "ana"]
    assert ana["channels"] == ["web"]
    assert ana["journeys"] == ["alta", "alta-futura"]


# --- derived values ---------------------------------------------------------------------------


def test_derived_values_of_a_known_touchpoint(data) -> None:
    llama = _touchpoint(data, "alta", "llama")
    # importance 4.5 on 1..5.5 is a moment of truth (≥ 4.5); ana at -2: pain 4.5 × 2 = 9
    assert llama["emotion"] == {"ana": -2, "beto": None}
    assert llama["scores"] == {
        "ana": {
            "emotion": -2,
            "sentiment": "negative",
            "pain_priority": 9,
            "moment_of_truth": True,
            "pain_point": True,
            "hotspot": True,
        },
        "beto": {
            "emotion": None,
            "sentiment": None,
            "pain_priority": 0,
            "moment_of_truth": True,
            "pain_point": False,
            "hotspot": False,
        },
    }
    assert llama["moment_of_truth"] is True and llama["hotspot"] is True
    assert llama["max_pain_priority"] == 9
    assert llama["raci_problems"] == ["no-accountable"]


def test_derived_values_per_persona(data) -> None:
    busca = _touchpoint(data, "alta", "busca")
    assert busca["scores"]["ana"]["sentiment"] == "positive"
    assert busca["scores"]["beto"]["sentiment"] == "negative"
    assert busca["scores"]["beto"]["pain_priority"] == 4.5
    assert busca["moment_of_truth"] is False and busca["hotspot"] is False
    assert busca["raci_problems"] == []
    paga = _touchpoint(data, "alta", "paga")
    assert paga["raci_problems"] == ["many-accountable", "no-responsible"]
    assert {s["sentiment"] for s in paga["scores"].values()} == {"neutral"}


def test_rankings_match_analysis(site, data) -> None:
    insights = analyse(site)
    assert [(e["journey"], e["touchpoint"], e["persona"]) for e in data["pain_points"]] == [
        (s.journey.id, s.touchpoint.id, s.persona.id) for s in insights.pain_points
    ]
    assert [(e["touchpoint"], e["persona"], e["rank"]) for e in data["pain_points"]] == [
        ("llama", "ana", 1),
        ("busca", "beto", 2),
    ]
    assert data["hotspots"] == [data["pain_points"][0]]
    assert data["hotspots"][0]["hotspot"] is True


def test_rollups(data) -> None:
    departments = {d["id"]: d for d in data["departments"]}
    assert departments["care"]["touchpoints"][0] == {
        "journey": "alta",
        "touchpoint": "llama",
        "letters": ["R"],
    }
    assert departments["care"]["pain_load"] == 9
    assert departments["care"]["hotspot_count"] == 1
    assert departments["sales"]["pain_load"] == 4.5
    channels = {c["id"]: c for c in data["channels"]}
    assert channels["web"]["stages"] == [
        {
            "stage": "awareness",
            "touchpoints": [
                {"journey": "alta", "touchpoint": "busca"},
                {"journey": "alta-futura", "touchpoint": "busca"},
            ],
        }
    ]
    assert channels["web"]["mean_emotion"] == pytest.approx((1 - 1.5 + 2) / 3)
    journeys = {j["id"]: j for j in data["journeys"]}
    assert journeys["alta"]["pain_total"] == 13.5
    assert journeys["alta-futura"]["pain_total"] == 0


def test_site_data_matches_text(site, text) -> None:
    assert site_data(site, analyse(site)) == json.loads(text)
