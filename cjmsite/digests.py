"""Short stable hashes of bytes and text: the keys of the build cache and of page manifests."""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest(*parts: bytes | str) -> str:
    """A short stable hash of the parts (each length-prefixed, so boundaries count)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """`digest(data)` of a file's bytes, read in pieces (a file too large to hold twice)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(path.stat().st_size.to_bytes(8, "little"))
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


__all__ = ["digest", "file_digest"]
