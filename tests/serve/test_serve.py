"""`cjmsite serve` in a subprocess: pages, live reload, the error page, refused paths."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cjmsite.serve import site_relative
from cjmsite.serve.livereload import inject
from cjmsite.serve.server import Refused
from cjmsite.site.incremental import IncrementalBuilder

pytest.importorskip("watchfiles")

REPO = Path(__file__).resolve().parents[2]
SCAFFOLD = REPO / "cjmsite" / "data" / "scaffold" / "en"
TOUCHPOINT = "content/journeys/first-order/20-compares-plans.md"
LAUNCH = "from cjmsite.commands.serve import serve_command; serve_command()"
TIMEOUT = 15.0


class Served:
    """A `cjmsite serve` subprocess on a free port, and helpers to talk to it."""

    def __init__(self, project: Path, *args: str) -> None:
        # serve's private folder goes under the test's own tmp folder: a server killed before
        # it tidies up (a slow machine) leaves nothing in the system's temporary folder
        private_tmp = project.parent / "serve-tmp"
        private_tmp.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(private_tmp)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "--port", "0", *args],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.url = ""
        found = threading.Event()

        def read() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                self.lines.append(line)
                match = re.search(r"serving (http://\S+)", line)
                if match:
                    self.url = match.group(1)
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(TIMEOUT):
            self.stop()
            pytest.fail("the server did not start:\n" + "".join(self.lines))
        match = re.match(r"http://([^:/]+):(\d+)(/.*)", self.url)
        assert match
        self.host, self.port, self.base = match.group(1), int(match.group(2)), match.group(3)

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        connection.request("GET", path)  # sent as is: no normalisation of `..`
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), body

    def events(self) -> EventStream:
        return EventStream(self.host, self.port)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class EventStream:
    """The server-sent events of the live-reload endpoint, read in a thread."""

    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=60)
        self.connection.request("GET", "/__cjmsite/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        self.events: list[tuple[str, str, float]] = []
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = ""
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    with self.arrived:
                        self.events.append((name, line[6:], time.perf_counter()))
                        self.arrived.notify_all()
        except (OSError, ValueError):
            pass

    def wait_for(self, name: str, count: int = 1, timeout: float = TIMEOUT) -> float:
        """The arrival time of the `count`-th event called `name`."""
        with self.arrived:
            ok = self.arrived.wait_for(
                lambda: sum(e[0] == name for e in self.events) >= count, timeout
            )
        assert ok, f"no {name} event #{count} within {timeout} s: {self.events}"
        return [e for e in self.events if e[0] == name][count - 1][2]

    def close(self) -> None:
        self.connection.close()


def wait_until(check, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(SCAFFOLD, tmp_path / "hb")
    config = tmp_path / "hb" / "cjmsite.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("# site_url: https://your-org", "site_url: https://your-org"), "utf-8"
    )
    return tmp_path / "hb"


@pytest.mark.slow
def test_serve_reload_error_page_and_recovery(project: Path) -> None:
    served = Served(project)
    try:
        assert served.base == "/your-handbook/"
        status, headers, _ = served.get("/")
        assert status == 302 and headers["Location"] == "/your-handbook/"
        status, _, body = served.get("/your-handbook/journeys/first-order/compares-plans/")
        assert status == 200 and b"Compares plans and prices" in body
        assert b"data-cjmsite-livereload" in body
        assert not (project / "output").exists()  # the user's output folder is left alone

        stream = served.events()
        stream.wait_for("hello")
        touchpoint = project / TOUCHPOINT
        original = touchpoint.read_text(encoding="utf-8")
        touchpoint.write_text(original.replace("Compares plans", "Weighs up plans"), "utf-8")
        stream.wait_for("reload", 1)
        status, _, body = served.get("/your-handbook/journeys/first-order/compares-plans/")
        assert status == 200 and b"Weighs up plans and prices" in body

        touchpoint.write_text(original.replace("importance: 4", "importance: [oops"), "utf-8")
        stream.wait_for("reload", 2)
        status, _, body = served.get("/your-handbook/journeys/first-order/compares-plans/")
        assert status == 500
        assert b"cannot be built" in body and TOUCHPOINT.encode() in body
        assert b"data-cjmsite-livereload" in body  # so the page comes back by itself

        touchpoint.write_text(original, "utf-8")
        stream.wait_for("reload", 3)
        status, _, body = served.get("/your-handbook/journeys/first-order/compares-plans/")
        assert status == 200 and b"Compares plans and prices" in body
        stream.close()
    finally:
        served.stop()
    assert served.process.returncode is not None


@pytest.mark.slow
def test_serve_refuses_paths_outside_the_site(project: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("TOP SECRET", "utf-8")
    served = Served(project, "--no-livereload")
    try:
        for path in (
            "/your-handbook/../secret.txt",
            "/your-handbook/%2e%2e/%2e%2e/secret.txt",
            "/your-handbook/%2E%2E%2f%2E%2E%2fsecret.txt",
            "/your-handbook/..%5c..%5csecret.txt",
            "/your-handbook/..\\..\\secret.txt",
            "//etc/passwd",
            "/your-handbook//etc/passwd",
            "/your-handbook/%2fetc%2fpasswd",
            "/../../../../etc/passwd",
        ):
            status, _, body = served.get(path)
            assert status in (400, 403, 404), path
            assert b"TOP SECRET" not in body and b"root:" not in body, path
        for path in ("/your-handbook/" + "a" * 300, "/your-handbook/" + "a/" * 5000):
            status, _, body = served.get(path)  # too long for the file system: a 404, no crash
            assert status in (404, 414), path
        assert not any("Traceback" in line for line in served.lines)
        status, _, body = served.get("/your-handbook/")
        assert status == 200 and b"data-cjmsite-livereload" not in body
        assert served.get("/__cjmsite/events")[0] == 404  # outside the site, no live reload
    finally:
        served.stop()


def test_site_relative_refuses_traversal() -> None:
    assert site_relative("/hb/a/b/?x=1", "/hb/") == "a/b/"
    assert site_relative("/other/", "/hb/") is None
    for bad in ("/hb/../x", "/hb/%2e%2e/x", "/hb/a%5cb", "//etc/passwd", "/hb/a%00", "*"):
        with pytest.raises(Refused):
            site_relative(bad, "/hb/")


def test_inject_puts_the_script_before_the_body_end() -> None:
    html = inject(b"<html><body><p>x</p></body></html>", 7)
    assert html.index(b"var version = 7") < html.index(b"</body>")
    assert inject(b"<p>bare</p>", 1).startswith(b"<p>bare</p><script")


def test_incremental_builder_reparses_only_changed_files(project: Path, tmp_path: Path) -> None:
    builder = IncrementalBuilder(project / "cjmsite.yml", tmp_path / "site")
    cold = builder.build()
    assert cold.result.written and cold.parsed == 8
    again = builder.build()
    assert again.parsed == 0 and again.changed == [] and again.deleted == []
    touchpoint = project / TOUCHPOINT
    touchpoint.write_text(touchpoint.read_text("utf-8").replace("Compares", "Weighs"), "utf-8")
    builder.cache.saved([touchpoint])  # what the watcher saw: only that file is read
    edited = builder.build()
    assert edited.parsed == 1 and builder.cache.model.way == "again"  # its folder only
    assert "journeys/first-order/compares-plans/index.html" in edited.changed
    touchpoint.write_text(touchpoint.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    narrative = builder.build()  # no hint: every file is hashed, the one changed is read
    assert narrative.parsed == 1 and builder.cache.model.way == "narrative"
    assert narrative.changed == ["data/site.json", "journeys/first-order/compares-plans/index.html"]


@pytest.mark.slow
def test_save_to_reload_on_the_demo_handbook(tmp_path: Path) -> None:
    """Measures save → reload event on the demo handbook; prints the median."""
    shutil.copy(REPO / "cjmsite.yml", tmp_path / "cjmsite.yml")
    shutil.copytree(REPO / "content", tmp_path / "content")
    served = Served(tmp_path)
    try:
        stream = served.events()
        stream.wait_for("hello")
        touchpoint = tmp_path / "content/journeys/report-an-outage/10-checks-status-page.md"
        original = touchpoint.read_text(encoding="utf-8")
        times = []
        for n in range(1, 6):
            time.sleep(0.3)
            start = time.perf_counter()
            touchpoint.write_text(original.replace("status page", f"status page {n}"), "utf-8")
            times.append(stream.wait_for("reload", n) - start)
        median = statistics.median(times) * 1000
        print(
            f"save-to-reload on the demo handbook: median {median:.0f} ms, "
            f"runs {[round(t * 1000) for t in times]}"
        )
        assert median < 3000  # a bound for noisy CI machines; the target (300 ms) is reported
    finally:
        served.stop()
