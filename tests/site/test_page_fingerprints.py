"""Page fingerprints of the split lists (issue 19): a department's list pages follow the
journeys of that department, like its page, and no others."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import fixture_site, write_files

from cjmsite.analysis import analyse
from cjmsite.render import pages, summaries
from cjmsite.render.pages import site_pages
from cjmsite.site.cache.pages import page_fingerprints
from cjmsite.site.pipeline import load_site

LEGAL_ONLY = {
    "content/departments/legal.md": "---\nname: Legal\n---\n",
    "content/journeys/contract/index.md": (
        "---\ntitle: Contract\npersonas: [ana]\nstages: [awareness, purchase]\n---\n"
    ),
    **{
        f"content/journeys/contract/{n}0-clause-{n}.md": (
            f"---\ntitle: Clause {n}\nstage: purchase\nemotion: -1\nimportance: 5\n"
            "owners: {legal: [R, A]}\n---\n"
        )
        for n in range(1, 5)
    },
}


def test_a_departments_list_pages_follow_its_own_journeys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = fixture_site("minimal", tmp_path, base=None)
    write_files(tmp_path, LEGAL_ONLY)
    monkeypatch.setattr(summaries, "INLINE_ROWS", 1)
    monkeypatch.setattr(summaries, "PREVIEW_ROWS", 1)
    monkeypatch.setattr(pages, "ROWS_PER_PAGE", 1)
    site, _ = load_site(config)
    specs = site_pages(site, analyse(site))
    kinds = {j.source.path: "journey" for j in site.journeys.values()}
    kinds |= {tp.source.path: "touchpoint" for j in site.journeys.values() for tp in j.touchpoints}
    hashes = dict.fromkeys(kinds, "before")
    signup = site.journeys["signup"].touchpoints[0].source.path
    before, _ = page_fingerprints(site, specs, hashes, kinds, "site")
    after, _ = page_fingerprints(site, specs, {**hashes, signup: "after"}, kinds, "site")
    changed = {
        spec.output
        for spec, old, new in zip(specs, before, after, strict=True)
        if spec.template in ("department.html", "department_list.html") and old != new
    }
    lists = {s.output for s in specs if s.template == "department_list.html"}
    legal = {name for name in lists if name.startswith("departments/legal/")}
    assert "departments/legal/touchpoints/page/2/index.html" in legal
    assert "departments/sales/touchpoints/page/2/index.html" in lists
    assert changed == {
        s.output
        for s in specs
        if s.template in ("department.html", "department_list.html")
        and not s.output.startswith("departments/legal/")
    }
