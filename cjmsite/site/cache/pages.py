"""Reused rendering: pages by a fingerprint of what they read (charts: render.figures).

A page's fingerprint hashes the site-wide inputs (configuration, theme files, cjmsite and
library versions, the list of content files, every persona, department, channel and free
page) with the content of the journeys the page shows. A journey's content is the bytes of
every file in its folder, and of its counterpart's folder; for every page but a touchpoint's
own, a touchpoint file counts without its Markdown body when the theme shows bodies only on
their own pages (`touchpoint_bodies_isolated`). So a narrative edit re-renders one page; a
frontmatter edit re-renders
its journey's pages, the pages of the journey's personas and departments, and the pages
that summarise every journey (home, journeys, personas, departments, channels, hotspots);
adding, removing or renaming any file, or editing anything site-wide, re-renders all.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Any

from cjmsite.digests import digest
from cjmsite.model import Journey, Site
from cjmsite.search.shards import shard_size
from cjmsite.site.cache import STAMP

SUMMARY_PAGES = ("index.html", "journeys.html", "personas.html", "departments.html")


def theme_digest(layers: tuple[Path, ...]) -> str:
    """Every file of every theme layer: templates, static files, locales."""
    parts: list[str | bytes] = []
    for layer in layers:
        for folder, dirs, files in os.walk(layer):
            dirs.sort()
            for name in sorted(files):
                path = Path(folder) / name
                try:
                    parts += [str(path), path.read_bytes()]
                except OSError:
                    parts.append(str(path))
    return digest(*parts)


class PageCache:
    """The build manifest of one output folder: what each page was built from.

    `previous` maps each output path to (fingerprint, digest of its bytes, size, mtime_ns)
    of the last build; a page whose fingerprint is unchanged and whose file in the output
    folder still has that size and mtime is taken from there instead of rendered again.
    """

    def __init__(
        self, output: Path, manifest: dict[str, Any] | None = None, owned: bool = False
    ) -> None:
        self.output = Path(output)
        # `owned`: only this process writes the folder (serve's private one), so a page is
        # as the manifest says without a look at its file (3,000 stats a build saved)
        self.owned = owned
        manifest = manifest or {}
        self.previous: dict[str, tuple] = manifest.get("pages", {})
        # shard name -> (key of its pages, its files): shards whose pages did not change
        self.search_shards: dict[str, tuple[str, dict[str, bytes]]] = manifest.get(
            "search_shards", {}
        )
        self.search_marks: dict[str, bool] = manifest.get("search_marks", {})  # by digest
        self.site_key: str = manifest.get("site_key", "")
        self.unknown: set[str] = set(manifest.get("unknown", ()))
        self.current: dict[str, tuple[str, str]] = {}  # output path -> (fingerprint, digest)

    def reuse(self, rel: str, fingerprint: str) -> Path | None:
        """The previous file of this page, when nothing it reads has changed."""
        old = self.previous.get(rel)
        if old is None or old[0] != fingerprint:
            return None
        path = self.output / rel
        if not self.owned:
            try:
                stat = path.stat()
            except OSError:
                return None
            if (stat.st_size, stat.st_mtime_ns) != (old[2], old[3]):
                return None
        self.current[rel] = (old[0], old[1])
        return path

    def record(self, rel: str, fingerprint: str, data: bytes) -> str:
        self.current[rel] = (fingerprint, digest(data))
        return self.current[rel][1]

    def manifest(self) -> dict[str, Any]:
        """The manifest to keep, with the size and mtime of each page as now written."""
        pages = {}
        for rel, (fingerprint, data_digest) in sorted(self.current.items()):
            if self.owned:  # no one else writes the folder: no size and mtime to check
                pages[rel] = (fingerprint, data_digest, 0, 0)
                continue
            try:
                stat = (self.output / rel).stat()
            except OSError:
                continue
            pages[rel] = (fingerprint, data_digest, stat.st_size, stat.st_mtime_ns)
        return {
            "pages": pages,
            "search_shards": self.search_shards,
            "search_marks": self.search_marks,
            "site_key": self.site_key,
            "unknown": sorted(self.unknown),
        }


# Whose `body_html` a template may read: the page's own entity (and, in touchpoint.html,
# its touchpoint `tp`). Any other use, e.g. `next.body_html`, reads another page's body.
_OWN_BODY = re.compile(r"(?<![\w.])(journey|department|channel|persona|chapter)\.body_html\b")
_TP_BODY = re.compile(r"(?<![\w.])tp\.body_html\b")
# `tp` bound to another touchpoint: a loop, set, with, macro or call parameter
_TP_REBOUND = re.compile(
    r"\{%-?\s*(?:for\s[^%]*\btp\b[^%]*\sin\s|set\s+[^%=]*\btp\b|with\s[^%]*\btp\s*="
    r"|macro\s[^%]*\(\s*[^%)]*\btp\b|call\s*\([^%)]*\btp\b)"
)


def touchpoint_bodies_isolated(theme_layers: tuple[Path, ...]) -> bool:
    """Whether a touchpoint's Markdown body can show on its own page only.

    True for the default theme: every `body_html` a theme file reads belongs to the page's
    own journey, department, channel, persona or chapter, or (in touchpoint.html) to its
    touchpoint, and no other file includes touchpoint.html. Then a touchpoint's body counts
    for its own page only, so editing the narrative re-renders that page, not its journey's
    or the summaries. A theme that reads `body_html` any other way (in any file of any
    layer) keeps whole-file fingerprints.
    """
    for layer in theme_layers:
        for path in sorted(p for p in Path(layer).rglob("*") if p.is_file()):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # not a template (an image, a font)
            allowed = len(_OWN_BODY.findall(text))
            if path.name == "touchpoint.html":
                if _TP_REBOUND.search(text):
                    return False
                allowed += len(_TP_BODY.findall(text))
            elif "touchpoint.html" in text:
                return False
            if text.count("body_html") != allowed:
                return False
    return True


def journey_digests(site: Site, table: dict[str, str], kinds: dict[str, str]) -> dict[str, str]:
    """By journey id, a digest of the path and `table` digest of every file in its folder."""
    by_folder: dict[str, list[str]] = {}
    for shown, kind in kinds.items():
        if kind in ("journey", "touchpoint"):
            by_folder.setdefault(posixpath.dirname(shown), []).append(shown)
    return {
        jid: digest(
            *(f"{p}={table.get(p, '')}" for p in sorted(by_folder.get(_folder(journey), ())))
        )
        for jid, journey in site.journeys.items()
    }


def _folder(journey: Journey) -> str:
    return posixpath.dirname(journey.source.path)


def page_fingerprints(
    site: Site,
    specs: list[Any],
    hashes: dict[str, str],
    kinds: dict[str, str],
    site_key: str,
    heads: dict[str, str] | None = None,
) -> tuple[list[str], str]:
    """One fingerprint per spec (see the module docstring), and one of all journeys.

    With `heads` (digests of touchpoint files without their Markdown body, given when
    `touchpoint_bodies_isolated`), a touchpoint's body counts only for its own page.
    """

    def grouped(table: dict[str, str]) -> dict[str, str]:
        owns = journey_digests(site, table, kinds)
        return {
            jid: digest(owns[jid], owns.get(j.counterpart.id, "") if j.counterpart else "")
            for jid, j in site.journeys.items()
        }

    groups = grouped(hashes)
    everything = digest(*(f"{k}={v}" for k, v in sorted(groups.items())))
    shown = grouped({**hashes, **heads}) if heads is not None else groups
    summary = digest(*(f"{k}={v}" for k, v in sorted(shown.items())))
    by_department: dict[str, set[str]] = {}
    for jid, journey in site.journeys.items():
        found = {journey.owner.id} if journey.owner else set()
        for tp in journey.touchpoints:
            found.update(o.department.id for o in tp.owners)
            found.update(i.owner.id for i in tp.ideas if i.owner is not None)
        for department in found:
            by_department.setdefault(department, set()).add(jid)
    out = []
    for spec in specs:
        template, values = spec.template, spec.values
        if template == "touchpoint.html":
            tp = values["tp"]
            parts = [shown[values["journey"].id], hashes.get(tp.source.path, "")]
        elif template in ("journey.html", "map.svg"):  # the map draws its journey alone
            parts = [shown[values["journey"].id]]
        elif template == "persona.html":
            parts = [shown[j.id] for j in values["journeys"]]
        elif template in ("department.html", "department_list.html"):  # and its lists' pages
            ids = by_department.get(values["department"].id, ())
            parts = [f"{jid}={shown[jid]}" for jid in sorted(ids)]
        elif template == "page.html":
            parts = []
        else:
            parts = [summary]
        out.append(digest(site_key, spec.output, spec.template, spec.title, *parts))
    return out, everything


def site_key(site: Site, theme_layers: tuple[Path, ...], hashes: dict, kinds: dict) -> str:
    """The inputs every page reads: config, theme, versions, file list, site-wide entities."""
    shared = sorted(
        f"{p}={hashes.get(p, '')}" for p, k in kinds.items() if k not in ("journey", "touchpoint")
        and k != "asset"
    )  # fmt: skip
    return digest(
        repr(STAMP), repr(site.config), theme_digest(theme_layers), *sorted(kinds), *shared,
        f"search-shard-pages={shard_size()}",
        f"git={getattr(site.history, 'key', '')}",  # issue 15: pages show git dates
    )  # fmt: skip
