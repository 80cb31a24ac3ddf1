"""Pages rendered into the spool folder: each at its place in the site (render.one_page)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cjmsite.render.one_page import Rendered, spool_file


def test_a_page_is_written_at_its_place_in_the_spool(tmp_path: Path) -> None:
    out = Rendered()
    data = "¿Dónde está mi pedido? Señal".encode()
    path = spool_file(tmp_path, "journeys/compra/paso-1/index.html", data, out)
    assert path == tmp_path / "journeys" / "compra" / "paso-1" / "index.html"
    assert path.read_bytes() == data and out.diagnostics == []
    again = spool_file(tmp_path, "journeys/compra/paso-2/index.html", b"2", out)
    assert again is not None and again.read_bytes() == b"2"


def test_a_spool_removed_and_made_again_at_the_same_path_is_written(tmp_path: Path) -> None:
    """No folder is remembered as made: a second build in one process (serve, or pytest
    reusing a removed tmp folder's name) may get a spool at the very same path."""
    out = Rendered()
    spool = tmp_path / "spool"
    spool.mkdir()
    assert spool_file(spool, "a/b/index.html", b"x", out) is not None
    shutil.rmtree(spool)
    spool.mkdir()
    path = spool_file(spool, "a/b/index.html", b"y", out)
    assert path is not None and path.read_bytes() == b"y" and out.diagnostics == []
    assert spool_file(spool, "c/site.json", None, out) == spool / "c" / "site.json"
    assert (spool / "c").is_dir()


def test_a_folder_that_cannot_be_made_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    out = Rendered()
    spool = tmp_path / "spool"
    spool.mkdir()
    (spool / "a").write_bytes(b"a file where a folder should be")
    assert spool_file(spool, "a/index.html", b"x", out) is None
    assert spool_file(spool, "a/b/site.json", None, out) is None
    assert ["cannot write the site" in d.message for d in out.diagnostics] == [True, True]


@pytest.mark.parametrize("rel", ["../fuera.html", "/etc/passwd", "a//b.html", "a/./b", "", "a/.."])
def test_a_path_that_would_leave_the_spool_is_refused(tmp_path: Path, rel: str) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    out = Rendered()
    assert spool_file(spool, rel, b"<script>", out) is None
    assert "refusing to write" in out.diagnostics[0].message
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["spool"]
