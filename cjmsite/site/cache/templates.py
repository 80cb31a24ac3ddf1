"""Compiled templates kept between builds: Jinja's bytecode, by template, in the build
cache (the `templates` store; serve keeps it in memory). Jinja compares each template's
source checksum before it uses the bytecode, so an edited template is compiled again."""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class TemplateCode(BytecodeCache):
    """Jinja bytecode by bucket key; `changed` once a template was compiled."""

    def __init__(self, entries: dict[str, Any] | None = None) -> None:
        self.entries: dict[str, bytes] = {
            k: v for k, v in (entries or {}).items() if isinstance(v, bytes)
        }
        self.changed = False

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.entries.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.entries[bucket.key] = bucket.bytecode_to_string()
        self.changed = True
