"""site.json encoded item by item with a memo is byte for byte json.dumps' text (the
standard library's, not `dumps`: it is what `dumps` must equal)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjmsite.analysis import analyse
from cjmsite.render.json_text import JsonMemo, Keyed, indented_json
from cjmsite.render.site_json import journey_key, site_data, site_json
from cjmsite.site.pipeline import load_site

REPO = Path(__file__).resolve().parents[2]
SITES = [REPO / "cjmsite.yml"] + [
    REPO / "tests" / "sites" / name / "cjmsite.yml" for name in ("hostile", "spanish")
]


def dumps(value: Any) -> str:
    """site.json's text as the standard library's indenting encoder writes it."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)


@pytest.mark.parametrize("config", SITES, ids=["demo", "hostile", "spanish"])
def test_site_json_is_the_standard_librarys_text(config: Path) -> None:
    site, _ = load_site(config)
    insights = analyse(site)
    assert site_json(site, insights) == _escaped(dumps(site_data(site, insights))) + "\n"


@pytest.mark.parametrize("config", SITES, ids=["demo", "hostile", "spanish"])
def test_the_memo_changes_no_byte(config: Path) -> None:
    site, _ = load_site(config)
    assert site is not None
    insights = analyse(site)
    plain = site_json(site, insights)
    memo: dict[str, str] = {}
    assert site_json(site, insights, memo) == plain  # every item encoded, memo filled
    assert memo and all(isinstance(v, str) for v in memo.values())
    again = dict(memo)
    assert site_json(site, insights, memo) == plain  # every item from the memo
    assert memo == again


def test_an_edited_item_is_encoded_again_and_the_rest_reused() -> None:
    data = {"b": [{"id": "x", "n": 1}, {"id": "y", "n": 2}], "a": "text", "c": [], "d": {"k": [1]}}
    memo: dict[str, str] = {}
    assert indented_json(data, {}, memo) == dumps(data)
    data["b"][1]["n"] = 3
    used: dict[str, str] = {}
    assert indented_json(data, memo, used) == dumps(data)
    assert len(set(used) & set(memo)) == 1  # the unchanged item came from the memo


def test_a_keyed_item_is_made_only_when_the_memo_lacks_its_key() -> None:
    made: list[str] = []

    def make(value: dict) -> Keyed:
        return Keyed(value["id"], lambda: made.append(value["id"]) or value)

    items = [{"id": "x", "n": 1}, {"id": "y", "n": 2}]
    memo: dict[str, str] = {}
    assert indented_json({"b": [make(i) for i in items]}, {}, memo) == dumps({"b": items})
    assert made == ["x", "y"] and set(memo) == {"x", "y"}
    assert indented_json({"b": [make(i) for i in items]}, memo, {}) == dumps({"b": items})
    assert made == ["x", "y"]  # both from the memo


@pytest.mark.parametrize("config", SITES, ids=["demo", "hostile", "spanish"])
def test_journeys_found_by_their_inputs_change_no_byte(config: Path) -> None:
    site, _ = load_site(config)
    insights = analyse(site)
    plain = site_json(site, insights)
    memo = JsonMemo()
    memo.scope, memo.journeys = "scope", {jid: f"files of {jid}" for jid in site.journeys}
    assert site_json(site, insights, memo) == plain
    keys = {journey_key(memo, j) for j in site.journeys.values()}
    assert keys <= set(memo) and None not in keys
    memo.update({key: "stale" for key in keys if key})
    memo.scope = "another scope"  # e.g. the configuration changed: every key is new
    assert site_json(site, insights, memo) == plain


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.slow
@given(st.dictionaries(st.text(), JSON | st.lists(JSON, max_size=5), max_size=6))
def test_any_dict_of_lists_matches_json_dumps(data: dict) -> None:
    memo: dict[str, str] = {}
    assert indented_json(data, {}, memo) == dumps(data)
    assert indented_json(data, memo, {}) == dumps(data)


def test_site_data_is_a_dict_of_lists_and_plain_values() -> None:
    site, _ = load_site(SITES[0])
    data = site_data(site, analyse(site))
    assert all(isinstance(k, str) for k in data)
    assert {k for k, v in data.items() if isinstance(v, list)} >= {"journeys", "hotspots"}


def _escaped(text: str) -> str:
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@pytest.mark.parametrize("config", SITES, ids=["demo", "hostile", "spanish"])
def test_written_in_pieces_it_is_json_dumps_text(config: Path, tmp_path: Path) -> None:
    """site.json streamed into the spool folder (issue 19: never whole in memory) is
    json.dumps' text of the site's data, escaped; its digest is that of its bytes."""
    from cjmsite.digests import digest
    from cjmsite.render import Rendered, _site_json

    site, _ = load_site(config)
    assert site is not None
    insights = analyse(site)
    expected = (_escaped(dumps(site_data(site, insights))) + "\n").encode("utf-8")
    out = Rendered()
    _site_json(site, insights, None, out, tmp_path)
    path = out.spooled["data/site.json"]
    assert path.read_bytes() == expected
    assert out.digests["data/site.json"] == digest(expected)
    in_memory = Rendered()
    memo: dict[str, str] = {}
    _site_json(site, insights, memo, in_memory, None)
    assert in_memory.files["data/site.json"] == expected and memo


def test_a_file_digest_is_the_digest_of_its_bytes(tmp_path: Path) -> None:
    from cjmsite.digests import digest, file_digest

    data = "señal ¿dónde?\n".encode() * 200_000  # larger than one read
    (tmp_path / "f").write_bytes(data)
    assert file_digest(tmp_path / "f") == digest(data)
