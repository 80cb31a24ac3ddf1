"""One page: the names a page is rendered with, and its rendering into bytes or a spool file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError

from cjmsite.diagnostics import Diagnostic, Severity
from cjmsite.digests import digest
from cjmsite.model import Site
from cjmsite.render.pages import PageSpec
from cjmsite.render.search_marks import is_indexed, search_filters
from cjmsite.render.theme import STATIC_PREFIX
from cjmsite.urls import linker


@dataclass
class Rendered:
    """The output: site-relative path -> bytes, and what went wrong on the way."""

    files: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    reused: dict[str, Path] = field(default_factory=dict)  # unchanged pages: previous files
    charts: dict[str, str] = field(default_factory=dict)  # charts a worker drew, sent back
    unknown: set[str] = field(default_factory=set)  # UI strings no locale defines
    spooled: dict[str, Path] = field(default_factory=dict)  # pages written to the spool
    digests: dict[str, str] = field(default_factory=dict)  # of the spooled pages' bytes
    notes: dict[str, Any] = field(default_factory=dict)  # what `Hooks.inspect` said of each

    def names(self) -> list[str]:
        """Every output path, rendered or reused."""
        return sorted({*self.files, *self.reused, *self.spooled})

    def on_disk(self) -> dict[str, Path]:
        """Output paths whose bytes are in a file: reused from the last output, or spooled."""
        return {**self.reused, **self.spooled}


def page_values(spec: PageSpec, site: Site, absolute: bool = False) -> dict[str, Any]:
    """Per-page names: the page itself, link makers relative to its folder, search marks."""
    base = site.config.site_url
    folder = spec.folder
    made: dict[str, str] = {}  # a page links to its journey, the nav… more than once
    link = linker(folder)

    def url(target: str) -> str:
        if absolute and base:
            return base + target
        found = made.get(target)
        if found is None:
            found = made[target] = link(target)
        return found

    return {
        "page": spec,
        "url": url,
        "theme_url": lambda name: url(STATIC_PREFIX + name),
        "canonical": (base + spec.url) if base and not absolute else "",
        "indexed": is_indexed(spec.template),
        "search_filters": search_filters(spec.template, spec.values),
        "search_box": not absolute,
    }


def render_page(
    env: Environment,
    spec: PageSpec,
    values: dict[str, Any],
    out: Rendered,
    spool: Path | None = None,
) -> bytes | None:
    """Render one page into `out.files`, or with a `spool` folder into a file there; its
    bytes (None when it failed)."""
    try:
        html = env.get_template(spec.template).render(values)
    except TemplateNotFound as error:
        out.diagnostics.append(
            Diagnostic("", 0, 0, Severity.ERROR, f"the theme has no template `{error.name}`")
        )
        return None
    except TemplateSyntaxError as error:
        out.diagnostics.append(
            Diagnostic(
                error.filename or spec.template,
                error.lineno or 0,
                0,
                Severity.ERROR,
                f"template error: {error.message}",
            )
        )
        return None
    except TemplateError as error:
        out.diagnostics.append(
            Diagnostic(
                spec.template,
                0,
                0,
                Severity.ERROR,
                f"template error on page `{spec.output}`: {error}",
            )
        )
        return None
    data = html.encode("utf-8")
    if spool is None:
        out.files[spec.output] = data
        return data
    path = spool_file(spool, spec.output, data, out)
    if path is None:
        return None
    out.spooled[spec.output], out.digests[spec.output] = path, digest(data)
    return data


def spool_file(spool: Path, rel: str, data: bytes | None, out: Rendered) -> Path | None:
    """`spool/rel`, its folders made (and `data` written there, when given): the spool
    is the new site's tree, so writing the site moves no page. None, with an error in
    `out`, when it cannot be written or `rel` would leave the spool (a content file's
    name is untrusted)."""
    parts = rel.split("/")
    if not rel or any(part in ("", ".", "..") for part in parts):
        message = f"refusing to write {rel}: it would land outside the output folder"
        out.diagnostics.append(Diagnostic(str(spool.parent), 0, 0, Severity.ERROR, message))
        return None
    path = spool.joinpath(*parts)
    try:
        if data is None:
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            _write_making_folders(path, data)
    except OSError as error:  # a full disk, a folder removed under us
        message = f"cannot write the site: {error}"
        out.diagnostics.append(Diagnostic(str(spool.parent), 0, 0, Severity.ERROR, message))
        return None
    return path


def _write_making_folders(path: Path, data: bytes) -> None:
    """Write `data` to `path`, making its folders only when the write finds them missing
    (a cold build writes 3,400 folders' files: one failed open each, not a mkdir per file,
    and no remembered folder that a removed and remade spool would make stale)."""
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
