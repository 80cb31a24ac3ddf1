"""Full-text search: index the rendered pages with Pagefind and add its bundle to the output.

Pagefind writes into the folder it indexes, so the pages are copied into a private
temporary folder, indexed there, and the bundle (`pagefind/...`) is read back as bytes.
The build's atomic swap then writes it with everything else. Pagefind's output depends
only on the pages it reads (no time stamps, no random names), so two builds of the same
content are byte-identical.

Which pages are indexed and with which filters is decided by the templates:
`data-pagefind-body` on journey, touchpoint, persona, department and free pages, and one
`data-pagefind-filter` element per value (see `search_filters`).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Severity
from .search_canon import canonical_bundle

BUNDLE = "pagefind"
INDEXED_TEMPLATES = ("journey.html", "touchpoint.html", "persona.html", "department.html")
FILTERS = ("journey", "persona", "department", "stage", "channel")
TIMEOUT = 300


def search_enabled(config: Any) -> bool:
    """`search: false` in cjmsite.yml turns search off; it is on by default."""
    return config.search


def pagefind_available() -> bool:
    """Whether `python -m pagefind` can run: the PyPI package `pagefind[bin]`."""
    return (
        importlib.util.find_spec("pagefind") is not None
        and importlib.util.find_spec("pagefind_bin") is not None
    )


def is_indexed(template: str) -> bool:
    """Pages that search finds: journeys, touchpoints, personas, departments, free pages."""
    return template in INDEXED_TEMPLATES or template == "page.html"


def search_filters(template: str, values: Mapping[str, Any]) -> list[tuple]:
    """(filter, value) pairs of one page, in a fixed order; names from `FILTERS`."""
    pairs: list[tuple[str, str]] = []
    journey = values.get("journey")
    if template == "touchpoint.html":
        tp = values["tp"]
        pairs.append(("journey", journey.title))
        pairs += [("persona", p.name) for p in journey.personas]
        departments = {role.department.id: role.department.name for role in tp.owners}
        pairs += [("department", name) for _, name in sorted(departments.items())]
        pairs.append(("stage", tp.stage_name))
        if tp.channel is not None:
            pairs.append(("channel", tp.channel.name))
    elif template == "journey.html":
        pairs.append(("journey", journey.title))
        pairs += [("persona", p.name) for p in journey.personas]
        if journey.owner is not None:
            pairs.append(("department", journey.owner.name))
        pairs += [("stage", s.name) for s in journey.stages if s.touchpoints]
        channels = {tp.channel.id: tp.channel.name for tp in journey.touchpoints if tp.channel}
        pairs += [("channel", name) for _, name in sorted(channels.items())]
    elif template == "persona.html":
        pairs.append(("persona", values["persona"].name))
        pairs += [("journey", j.title) for j in values.get("journeys", ())]
    elif template == "department.html":
        pairs.append(("department", values["department"].name))
    seen: set[tuple[str, str]] = set()
    return [p for p in pairs if not (p in seen or seen.add(p))]


def _warning(message: str, hint: str = "") -> Diagnostic:
    return Diagnostic("cjmsite.yml", 0, 0, Severity.WARNING, message, hint)


def search_status(config: Any) -> tuple[bool, list[Diagnostic]]:
    """Whether the site gets search; a warning when it is on but Pagefind is missing."""
    if not search_enabled(config):
        return False, []
    if pagefind_available():
        return True, []
    return False, [
        _warning(
            "search is on but Pagefind is not installed: the site has no search",
            "pip install 'pagefind[bin]', or set `search: false` in cjmsite.yml",
        )
    ]


def index_site(files: Mapping[str, bytes]) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Run Pagefind over the HTML pages of `files`; return its bundle as `pagefind/...` files.

    When Pagefind fails, the site is built without the index and a warning says so.
    """
    with tempfile.TemporaryDirectory(prefix="cjmsite-search-") as tmp:
        site = Path(tmp) / "site"
        for name, data in files.items():
            if name.endswith(".html") and name != "404.html":
                path = site / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
        try:
            run = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return {}, [_warning(f"Pagefind could not index the site: {error}")]
        bundle = site / BUNDLE
        if run.returncode != 0 or not bundle.is_dir():
            detail = (run.stderr or run.stdout).strip().splitlines()
            reason = detail[-1] if detail else f"exit status {run.returncode}"
            return {}, [_warning(f"Pagefind could not index the site: {reason}")]
        out = {
            f"{BUNDLE}/{path.relative_to(bundle).as_posix()}": path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        }
    try:
        return canonical_bundle(out), []
    except (ValueError, KeyError, IndexError, TypeError, OSError) as error:
        problem = f"the search index may differ between builds (unexpected Pagefind files: {error})"
        return out, [_warning(problem)]
