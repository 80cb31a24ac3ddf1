"""Helpers for the import/export tests: a site copied to disk, exported, imported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from cjmsite.analysis import analyse
from cjmsite.diagnostics import Diagnostics
from cjmsite.interchange.exporter import export_site
from cjmsite.interchange.importer import ImportOptions, apply_plan, plan_import
from cjmsite.render.site_json import site_json
from cjmsite.site.pipeline import load_site

ROOT = Path(__file__).resolve().parents[1]
SITES = ROOT / "tests" / "sites"
GIT_FIELDS = {"updated", "last_changed", "stale", "git", "source"}


def copy_site(source: Path, dest: Path) -> Path:
    """The site's config and content (and themes, if it has its own) under `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "cjmsite.yml", dest / "cjmsite.yml")
    shutil.copytree(source / "content", dest / "content")
    if (source / "themes").is_dir():
        shutil.copytree(source / "themes", dest / "themes")
    return dest / "cjmsite.yml"


def without(value: Any, keys: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: without(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [without(v, keys) for v in value]
    return value


def site_data(config: Path) -> dict[str, Any]:
    """data/site.json of the site as a build writes it (it must resolve without errors)."""
    site, diags = load_site(config)
    assert site is not None and not diags.has_errors(), [d.format() for d in diags.errors]
    return without(json.loads(site_json(site, analyse(site))), GIT_FIELDS)


def run_import(config: Path, paths: list[Path], **options: Any) -> Diagnostics:
    """Import; write the plan when there is no error. The diagnostics."""
    plan, diags, site_config = plan_import(config, paths, ImportOptions(**options))
    if not diags.has_errors():
        apply_plan(site_config, plan)
    return diags


def export(config: Path, fmt: str, out: Path, **kw: Any) -> list[Path]:
    diags, written = export_site(
        config, fmt, out, kw.get("journey"), kw.get("dialect", "plain"), kw.get("template", False)
    )
    assert not diags.has_errors(), [d.format() for d in diags.errors]
    return written


def errors(diags: Diagnostics) -> list[str]:
    return [d.format() for d in diags.errors]


def warnings(diags: Diagnostics) -> list[str]:
    return [d.format() for d in diags.warnings]
