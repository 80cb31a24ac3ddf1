"""Short stable hashes of bytes and text: the keys of the build cache and of page manifests."""

from __future__ import annotations

import hashlib


def digest(*parts: bytes | str) -> str:
    """A short stable hash of the parts (each length-prefixed, so boundaries count)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


__all__ = ["digest"]
