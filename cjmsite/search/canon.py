"""Make Pagefind's bundle byte-identical across runs.

Pagefind (checked with 1.5.2) writes the filter index from a Rust hash map, so the order of
the filters in `pagefind.<hash>.pf_meta` and of the values inside each
`filter/<hash>.pf_filter` changes from run to run, and with it the files' hashed names
(upstream: Pagefind/pagefind#638 — fragments are stable since 1.3, filters are not).

`canonical_bundle` decodes those files (gzip of `pagefind_dcd` + CBOR), sorts filters and
values by name, encodes them again, renames them after a hash of their new content and
points `pagefind-entry.json` at the new meta file. The search script only looks files up
by the names the meta file lists, so any stable name works.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from typing import Any

SIGNATURE = b"pagefind_dcd"
_META = re.compile(r"^pagefind/pagefind\.(?P<lang>[^/]+?)_(?P<hash>[0-9a-f]+)\.pf_meta$")
_FILTER = re.compile(r"^pagefind/filter/(?P<name>[^/]+)\.pf_filter$")


def cbor_decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """One CBOR item (integers, byte and text strings, arrays, maps) and the next offset."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"unsupported CBOR item {head:#x} at {at - 1}")
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major == 2:
        return bytes(data[at : at + n]), at + n
    if major == 3:
        return data[at : at + n].decode("utf-8"), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = cbor_decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, at = cbor_decode(data, at)
            mapping[key], at = cbor_decode(data, at)
        return mapping, at
    raise ValueError(f"unsupported CBOR major type {major} at {at - 1}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def cbor_encode(value: Any) -> bytes:
    """Shortest-form CBOR, as Pagefind writes it."""
    if isinstance(value, bool) or value is None:
        raise ValueError("booleans and null are not expected in Pagefind's index")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(v) for v in value)
    if isinstance(value, dict):
        body = b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value.items())
        return _head(5, len(value)) + body
    raise ValueError(f"cannot encode {type(value).__name__}")


def _load(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind index file")
    value, end = cbor_decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise ValueError("trailing bytes in a Pagefind index file")
    return value


def _dump(value: Any) -> bytes:
    return gzip.compress(SIGNATURE + cbor_encode(value), compresslevel=9, mtime=0)


def _digest(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def canonical_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with sorted, stably named filter and meta files (other files unchanged).

    Raises ValueError when the files are not laid out as expected (another Pagefind version).
    """
    metas = [name for name in files if _META.match(name)]
    out = {
        name: data for name, data in files.items() if name not in metas and not _FILTER.match(name)
    }
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    for meta_name in sorted(metas):
        found = _META.match(meta_name)
        assert found is not None
        lang = found["lang"]
        meta = _load(files[meta_name])
        filters = meta[3]
        renamed = []
        for filter_name, old in sorted(filters, key=lambda f: f[0]):
            name, values = _load(files[f"pagefind/filter/{old}.pf_filter"])
            data = _dump([name, sorted(values, key=lambda v: v[0])])
            new = f"{lang}_{_digest(data, 7)}"
            out[f"pagefind/filter/{new}.pf_filter"] = data
            renamed.append([filter_name, new])
        meta[3] = renamed
        data = _dump(meta)
        new_hash = f"{lang}_{_digest(data, 10)}"
        out[f"pagefind/pagefind.{new_hash}.pf_meta"] = data
        language = entry["languages"][lang]
        language["hash"] = new_hash
    out["pagefind/pagefind-entry.json"] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    return dict(sorted(out.items()))
