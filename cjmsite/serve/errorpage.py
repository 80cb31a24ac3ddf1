"""The page shown instead of the site while the last rebuild failed."""

from __future__ import annotations

from html import escape

from cjmsite.diagnostics import Diagnostic, Severity, escape_controls

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff7f5;color:#1d1d1f}
main{max-width:60rem;margin:0 auto;padding:2rem 1.25rem}
h1{font-size:1.5rem;color:#a3161a;margin:0 0 .5rem}
ol{padding-left:1.25rem}li{margin:0 0 1rem}
code{font:14px/1.4 ui-monospace,monospace;background:#fde8e4;padding:.1rem .3rem;border-radius:3px}
.sev{font-weight:700;text-transform:uppercase;font-size:.8rem;margin:0 .4rem}
.error .sev{color:#a3161a}.warning .sev{color:#7a5200}
.hint{display:block;color:#4a4a4a}.note{color:#4a4a4a}
"""


def _shown(text: str) -> str:
    """HTML-escaped, control and bidi characters written as escapes (as on the terminal)."""
    return escape(escape_controls(text))


def _item(diagnostic: Diagnostic) -> str:
    where = diagnostic.path or "<site>"
    if diagnostic.line:
        where += f":{diagnostic.line}:{max(diagnostic.column, 1)}"
    hint = f'<span class="hint">hint: {_shown(diagnostic.hint)}</span>' if diagnostic.hint else ""
    return (
        f'<li class="{diagnostic.severity.value}"><code>{_shown(where)}</code>'
        f'<span class="sev">{diagnostic.severity.value}</span>'
        f"{_shown(diagnostic.message)}{hint}</li>"
    )


def error_page(diagnostics: list[Diagnostic], livereload: bool) -> bytes:
    """A self-contained HTML page listing the errors first, then the warnings."""
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    warnings = [d for d in diagnostics if d.severity is Severity.WARNING]
    count = f"{len(errors)} error{'' if len(errors) == 1 else 's'}"
    after = (
        "This page turns back into the handbook by itself once the files are fixed."
        if livereload
        else "Reload this page once the files are fixed."
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Build failed: {count} · cjmsite serve</title>",
        f"<style>{STYLE}</style></head><body><main>",
        f"<h1>The handbook cannot be built: {count}</h1>",
        f'<p class="note">{after} The last good build is not shown, so nothing stale '
        "is mistaken for the current content.</p>",
        "<ol>",
        *(_item(d) for d in errors),
        "</ol>",
    ]
    if warnings:
        parts.append(f"<h2>Warnings ({len(warnings)})</h2><ol>")
        parts += [*(_item(d) for d in warnings), "</ol>"]
    parts.append("</main></body></html>\n")
    return "\n".join(parts).encode("utf-8")
