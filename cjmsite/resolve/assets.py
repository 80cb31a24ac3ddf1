"""Copied assets: SVG images are documents that can run scripts, so check them first."""

from __future__ import annotations

import re
from pathlib import Path

from cjmsite.diagnostics import Diagnostics
from cjmsite.sources.files import SourceFile

# What makes an SVG active when opened on its own: script elements, event handler
# attributes, javascript: URLs, and foreign HTML that could carry them.
ACTIVE_SVG = re.compile(
    rb"<\s*script\b|\son[a-z]+\s*=|javascript\s*:|<\s*foreignObject\b", re.IGNORECASE
)
MAX_SVG_BYTES = 5_000_000


def safe_asset(source: SourceFile, diags: Diagnostics) -> bool:
    """Whether an asset may be copied; an SVG with scripts is an error naming the file."""
    if Path(source.content_path).suffix.lower() not in (".svg", ".svgz"):
        return True
    try:
        with open(source.path, "rb") as handle:
            data = handle.read(MAX_SVG_BYTES + 1)
    except OSError as error:
        diags.error(source.location(), f"cannot read the image: {error.strerror or error}")
        return False
    found = ACTIVE_SVG.search(data)
    if found is None:
        return True
    line = data.count(b"\n", 0, found.start()) + 1
    diags.error(
        source.location(line, 1),
        "the SVG image contains active content "
        f"(`{found.group().decode('ascii', 'replace').strip()}`), which would run when opened",
        "remove scripts, event handlers (onload=…), javascript: links and foreignObject; "
        "handbooks are published on internal sites",
    )
    return False
