"""Every path the build generates, from one function, so content can never supply one.

A content file is copied to the same place in the output; one at a generated path would
replace, or stand in for, what the build writes: `content/CNAME` would take over the
custom domain when `cname` is unset, `content/sitemap.xml` or `journeys/x/index.html`
would publish what no one reviewed as such. The set is computed from the page specs
(render/pages.py), so a new page is covered without a change here, plus the fixed files
and folders below and the files written beside each journey's page.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from cjmsite.analysis import Insights
from cjmsite.diagnostics import Diagnostic, Severity, relative_path
from cjmsite.model import Site
from cjmsite.render.pages import PageSpec, site_pages
from cjmsite.render.upkeep import page_sources

# written at the root whether or not today's configuration asks for them (sitemap.xml
# needs site_url, CNAME needs cname): content may not supply them either way
FIXED_FILES = ("404.html", "sitemap.xml", "CNAME", ".nojekyll")
# folders the build owns entirely
GENERATED_FOLDERS = ("data", "pagefind", "_theme")
# written beside each journey's page, journeys/<id>/<name> (the journey map exports)
JOURNEY_FILES = ("map.svg", "journey.mmd")


def _entity_pages(site: Site) -> set[str]:
    """The pages known from the model alone (when other errors left no insights)."""
    entities = [*site.journeys.values(), *site.personas.values(), *site.departments.values()]
    entities += [tp for journey in site.journeys.values() for tp in journey.touchpoints]
    entities += list(site.pages.values())
    return {"index.html"} | {f"{entity.url}index.html" for entity in entities}


def generated_paths(
    site: Site, insights: Insights | None, specs: list[PageSpec] | None = None
) -> set[str]:
    """Site-relative paths of every file the build writes outside GENERATED_FOLDERS.

    From the page specs (`specs`, else made here); without `insights` (a check that already
    found errors), from the model's pages, so the fixed names are still guarded and
    reported at once.
    """
    if insights is None:
        paths = _entity_pages(site)
    else:
        paths = {spec.output for spec in specs or site_pages(site, insights)}
    paths.update(FIXED_FILES)
    for journey in site.journeys.values():
        paths.update(posixpath.join(journey.url, name) for name in JOURNEY_FILES)
    return paths


def _folders(paths: set[str]) -> set[str]:
    """Every folder a generated file lies in."""
    folders = set(GENERATED_FOLDERS)
    for path in paths:
        parent = posixpath.dirname(path)
        while parent and parent not in folders:
            folders.add(parent)
            parent = posixpath.dirname(parent)
    return folders


def _clash(output: str, files: dict[str, str], folders: dict[str, str]) -> str | None:
    """What generated path a content file at `output` would replace or stand in for.

    Compared without case: on macOS and Windows `CNAME` and `cname` are one file.
    """
    key = output.casefold()
    if key in files:
        return f"the generated file `{files[key]}`"
    if key in folders:
        return f"the generated folder `{folders[key]}/`"
    parts = key.split("/")
    for depth in range(1, len(parts)):
        ancestor = "/".join(parts[:depth])
        if ancestor in files:
            return f"the generated file `{files[ancestor]}`"
        if depth == 1 and ancestor in {f.casefold() for f in GENERATED_FOLDERS}:
            return f"the generated folder `{folders[ancestor]}/`"
    return None


def _repeated_pages(specs: list[PageSpec]) -> list[Diagnostic]:
    """An error for each page of content at the address of a page the build makes of a long
    list: journey `page` would put its touchpoint `2` at journeys/page/2/, the second page
    of the journeys list (render/paging.py)."""
    first: dict[str, PageSpec] = {}
    problems = []
    for spec in specs:
        other = first.setdefault(spec.output, spec)
        if other is spec:
            continue
        sources = [page_sources(s.template, s.values)[1] for s in (other, spec)]
        problems.append(
            Diagnostic(
                next((path for path in sources if path), ""), 0, 0, Severity.ERROR,
                f"this page would be published as `{spec.output}`, where the build also "
                "writes a page of a long list",
                "rename the journey folder or the touchpoint file",
            )
        )  # fmt: skip
    return problems


def generated_conflicts(
    site: Site, insights: Insights | None, specs: list[PageSpec] | None = None
) -> list[Diagnostic]:
    """An error for each content file at a path the build generates, naming both; and for
    each page of content at the address of a list's page. `specs`: the page specs, when the
    caller listed them already."""
    if specs is None:
        specs = site_pages(site, insights) if insights is not None else []
    if not site.assets:  # only a content file that is not Markdown is copied to its own path
        return _repeated_pages(specs)
    generated = generated_paths(site, insights, specs)
    files = {path.casefold(): path for path in generated}
    folders = {folder.casefold(): folder for folder in _folders(generated)}
    root = Path(site.config.root)
    problems = []
    for asset in site.assets:
        clash = _clash(asset.output_path, files, folders)
        if clash is None:
            continue
        shown = relative_path(Path(asset.source_path), root)
        problems.append(
            Diagnostic(
                shown, 0, 0, Severity.ERROR,
                f"this content file would be published as `{asset.output_path}`, "
                f"in the place of {clash}",
                "rename or move it (e.g. under assets/); the build writes that path itself",
            )
        )  # fmt: skip
    return problems + _repeated_pages(specs)
