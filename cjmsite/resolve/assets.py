"""Copied assets: SVG images are documents that can run scripts, so check them first."""

from __future__ import annotations

from pathlib import Path

from cjmsite.diagnostics import Diagnostics
from cjmsite.resolve.svgcheck import MAX_SVG_BYTES, svg_problem
from cjmsite.sources.files import SourceFile

SVG_SUFFIXES = (".svg", ".svgz")


def safe_asset(source: SourceFile, diags: Diagnostics) -> bool:
    """Whether an asset may be copied; an SVG that is not known to be inert is an error
    naming the file and the line (the whole file is read and parsed as XML)."""
    suffix = Path(source.content_path).suffix.lower()
    if suffix not in SVG_SUFFIXES:
        return True
    try:
        with open(source.path, "rb") as handle:
            data = handle.read(MAX_SVG_BYTES + 1)
    except OSError as error:
        diags.error(source.location(), f"cannot read the image: {error.strerror or error}")
        return False
    if len(data) > MAX_SVG_BYTES:
        diags.error(
            source.location(),
            f"the SVG image is over {MAX_SVG_BYTES:,} bytes, too big to be checked",
            "simplify the drawing, or export it as PNG or WebP",
        )
        return False
    problem = svg_problem(data, compressed=suffix == ".svgz")
    if problem is None:
        return True
    diags.error(
        source.location(problem.line, problem.column),
        f"the SVG image is refused: {problem.message}",
        "an SVG is published only with drawing elements: no scripts, event handlers (on…), "
        "foreignObject, links or styles that load from outside; export it again as a "
        "plain SVG, or as PNG",
    )
    return False
