"""The client of Pagefind's service: pages in from memory, the bundle out as bytes, and
every way the service can fail turned into a ServiceError (never a hang, never a crash)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from cjmsite.search import pagefind as search
from cjmsite.search.service import PagefindService, ServiceError

needs_pagefind = pytest.mark.skipif(not search.pagefind_available(), reason="needs pagefind[bin]")
PAGE = '<html lang="es"><body><main data-pagefind-body><h1>{0}</h1><p>{0}</p></main></body></html>'


def _script(tmp_path: Path, body: str) -> list[str]:
    """A stand-in for the Pagefind binary (it is given `--service`)."""
    path = tmp_path / "fake-pagefind"
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return [str(path)]


@needs_pagefind
def test_pages_sent_from_memory_come_back_as_a_bundle() -> None:
    with PagefindService(search.pagefind_command()) as service:
        index = service.new_index()
        service.add_page(index, "a/index.html", PAGE.format("¿Dónde está el señor Muñoz?"))
        service.add_page(index, "b/index.html", PAGE.format("Reclamación por factura"))
        bundle = service.files(index)
    entry = json.loads(bundle["pagefind/pagefind-entry.json"])
    assert entry["languages"]["es"]["page_count"] == 2
    assert any(name.startswith("pagefind/fragment/") for name in bundle)
    assert "pagefind/pagefind.js" in bundle


@needs_pagefind
def test_the_same_pages_in_the_same_order_make_the_same_bundle() -> None:
    bundles = []
    for _ in range(2):
        with PagefindService(search.pagefind_command()) as service:
            index = service.new_index()
            for n in range(30):
                service.add_page(index, f"p{n:02}/index.html", PAGE.format(f"page {n} words"))
            bundles.append(service.files(index))
    assert bundles[0] == bundles[1]


@needs_pagefind
def test_an_error_answer_is_a_service_error() -> None:
    with PagefindService(search.pagefind_command()) as service:
        service.add_page(99, "a/index.html", PAGE.format("no such index"))
        with pytest.raises(ServiceError, match=r"(?i)index"):
            service.files(99)


def test_a_missing_binary_is_a_service_error(tmp_path: Path) -> None:
    with pytest.raises(ServiceError):
        PagefindService([str(tmp_path / "no-such-pagefind")])


def test_a_service_that_exits_is_a_service_error(tmp_path: Path) -> None:
    service = PagefindService(_script(tmp_path, "exit 3"))
    with service, pytest.raises(ServiceError, match="exit status 3"):
        service.new_index()


def test_a_silent_service_times_out_instead_of_hanging(tmp_path: Path) -> None:
    # prints something that is not an answer, then says nothing
    command = _script(tmp_path, "printf 'not base64 json,'; exec sleep 30")
    service = PagefindService(command, timeout=0.5)
    with service, pytest.raises(ServiceError, match="longer than"):
        service.new_index()


@needs_pagefind
def test_a_bundle_asked_for_frees_its_index() -> None:
    with PagefindService(search.pagefind_command()) as service:
        index = service.new_index()
        service.add_page(index, "a/index.html", PAGE.format("atención"))
        ticket = service.ask_files(index)
        other = service.new_index()  # answered after the bundle and the deletion
        assert "pagefind/pagefind-entry.json" in service.collect(ticket)
        assert other != index
        with pytest.raises(ServiceError, match="deleted"):
            service.files(index)
        assert service._answers == {}  # the deletion's answer is not kept


def test_a_service_that_stops_reading_ends_instead_of_blocking_its_writer(tmp_path) -> None:
    """Pagefind alive but no longer reading its stdin: a write that fills the pipe would
    block for ever; the watchdog ends the service after the timeout and the write fails
    with a ServiceError. close() then returns at once (it no longer flushes first)."""
    import threading
    import time

    service = PagefindService(_script(tmp_path, "exec sleep 60"), timeout=1.0)
    outcome: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(20):  # 20 x 200 KB: far more than a pipe holds
                service.add_page(0, "a.html", "x" * 200_000)
            service.new_index()
        except BaseException as error:  # the outcome is what the test checks
            outcome.append(error)

    writer = threading.Thread(target=write, daemon=True)
    started = time.monotonic()
    writer.start()
    writer.join(timeout=20)
    assert not writer.is_alive(), "the write blocked for ever"
    assert time.monotonic() - started < 15
    assert [type(error) for error in outcome] == [ServiceError]
    assert "stopped reading for 1 s" in str(outcome[0])
    started = time.monotonic()
    service.close()
    assert time.monotonic() - started < 5
