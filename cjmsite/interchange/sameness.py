"""Whether a key's value in a file and the one an import brings mean the same thing
(then the file keeps its own spelling: `r` for `R`, a map for a number, a flow list)."""

from __future__ import annotations

from typing import Any

from cjmsite.interchange.frontmatter_edit import canon

WORDS = ("contact", "confidence", "state", "status")
RACI_ORDER = "RACI"


def _letters(value: Any) -> list[str]:
    found = [str(v).upper() for v in (value if isinstance(value, list) else [value])]
    return sorted(found, key=lambda v: RACI_ORDER.find(v))


def _idea(value: Any) -> Any:
    if not isinstance(value, dict):
        return {"title": value, "status": "proposed"}
    return {
        "status": "proposed",
        **{k: v for k, v in value.items() if v is not None},
        **({"status": str(value["status"]).lower()} if value.get("status") else {}),
    }


def _emotion(value: Any, personas: list[str]) -> Any:
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    return {p: value for p in personas}


def same_value(key: str, old: Any, new: Any, personas: list[str]) -> bool:
    if key in WORDS and isinstance(old, str) and isinstance(new, str):
        return old.lower() == new.lower()
    if key == "owners" and isinstance(old, dict) and isinstance(new, dict):
        return {k: _letters(v) for k, v in old.items()} == {k: _letters(v) for k, v in new.items()}
    if key == "ideas" and isinstance(old, list) and isinstance(new, list):
        return canon([_idea(i) for i in old]) == canon([_idea(i) for i in new])
    if key == "emotion":
        return canon(_emotion(old, personas)) == canon(_emotion(new, personas))
    return canon(old) == canon(new)
