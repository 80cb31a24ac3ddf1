"""site.json's text, reusing the encoded text of list items that did not change.

`json.dumps(..., indent=2)` runs the standard library's pure-Python encoder (its C
encoder cannot indent before Python 3.14): ~0.5 s for the 20 MB site.json of a
3,000-touchpoint handbook, most of a one-edit rebuild. `indented_json` writes exactly
the bytes `dumps` writes for a dict of lists, but encodes each list item on its own and
takes an item's text from `memo` when an item of the same value was encoded before
(keyed by a digest of its `repr`, which tells apart every JSON-able value).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def dumps(value: Any) -> str:
    """The one format of site.json: UTF-8 text, keys sorted, two-space indent."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)


def indented_json(data: Mapping[str, Any], memo: Mapping[str, str], used: dict[str, str]) -> str:
    """`dumps(data)` for a dict with str keys; the text of every list item encoded here or
    taken from `memo` is put in `used` (the memo of the next build)."""
    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            items = ",\n    ".join(_item(item, memo, used) for item in value)
            text = f"[\n    {items}\n  ]"
        else:
            text = dumps(value).replace("\n", "\n  ")
        parts.append(f"\n  {dumps(key)}: {text}")
    return "{" + ",".join(parts) + "\n}" if parts else "{}"


def _item(value: Any, memo: Mapping[str, str], used: dict[str, str]) -> str:
    """A list item of the top-level dict, as `dumps` indents it there (two levels deep)."""
    key = hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    text = memo.get(key)
    if text is None:
        text = dumps(value).replace("\n", "\n    ")  # strings hold no raw newline
    used[key] = text
    return text
