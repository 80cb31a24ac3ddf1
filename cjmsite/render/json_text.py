"""site.json's text, reusing the encoded text of list items that did not change.

`dumps` writes `json.dumps(..., indent=2)`'s text without the standard library's slow
pure-Python encoder (see json_indent). `indented_json` writes exactly the bytes `dumps`
writes for a dict of lists, but encodes each list item on its own and takes an item's
text from `memo` when an item of the same value was encoded before (keyed by a digest of
its `repr`, which tells apart every JSON-able value).

An item can also come `Keyed`: by a digest of what it is made from, given by the build
cache in a `JsonMemo`, so that an unchanged journey's entry is neither made nor hashed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cjmsite.render.json_indent import indented


class JsonMemo(dict[str, str]):
    """The encoded items of the last site.json (see `_item`), with what the build cache
    knows of the inputs: `scope`, a digest of every input the whole site shares (the
    configuration and its date, the git dates, the list of content files, the shared
    entities, the versions); `journeys`, by journey id, a digest of the bytes of every file
    in its folder. Empty: no item is looked up by its inputs."""

    scope: str = ""
    journeys: Mapping[str, str] = {}


@dataclass(frozen=True)
class Keyed:
    """A list item known by `key`, a digest of everything its value is made from: its
    text is taken from the memo by that key, and `make` is called only when it is not
    there."""

    key: str
    make: Callable[[], Any]


def dumps(value: Any) -> str:
    """The one format of site.json: UTF-8 text, keys sorted, two-space indent; byte for
    byte `json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)`,
    errors included."""
    return indented(value)


def indented_json(data: Mapping[str, Any], memo: Mapping[str, str], used: dict[str, str]) -> str:
    """`dumps(data)` for a dict with str keys; the text of every list item encoded here or
    taken from `memo` is put in `used` (the memo of the next build)."""
    return "".join(indented_parts(data, memo, used))


def _same(text: str) -> str:
    return text


def indented_parts(
    data: Mapping[str, Any],
    memo: Mapping[str, str],
    used: dict[str, str] | None,
    escape: Callable[[str], str] = _same,
) -> Iterator[str]:
    """`indented_json` in pieces (a list item at most), so a large file can be written as
    it is encoded; `used` None: keep no memo. Every piece is `escape`d as it is encoded
    (an item taken from the memo was kept escaped: memos are for one `escape` only)."""
    if not data:
        yield "{}"
        return
    for number, key in enumerate(sorted(data)):
        yield escape(("{" if number == 0 else ",") + f"\n  {dumps(key)}: ")
        value = data[key]
        if isinstance(value, list) and value:
            for index, item in enumerate(value):
                yield ("[\n    " if index == 0 else ",\n    ") + _item(item, memo, used, escape)
            yield "\n  ]"
        else:
            yield escape(indented(value, "\n  "))
    yield "\n}"


_ITEM = "\n    "  # a line break and the indent of a list item of the top-level dict


def _item(
    value: Any, memo: Mapping[str, str], used: dict[str, str] | None, escape: Callable[[str], str]
) -> str:
    """A list item of the top-level dict, as `dumps` indents it there (two levels deep)."""
    if isinstance(value, Keyed):
        text = memo.get(value.key)
        if text is None:
            text = escape(indented(value.make(), _ITEM))
        if used is not None:
            used[value.key] = text
        return text
    if used is None and not memo:
        return escape(indented(value, _ITEM))
    key = hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    text = memo.get(key)
    if text is None:
        text = escape(indented(value, _ITEM))
    if used is not None:
        used[key] = text
    return text
