"""`serve` answers only its own Host names, and is quiet about dropped connections
(issue 18, item 7): a DNS-rebinding page could otherwise read unpublished drafts, and a
closed tab printed BrokenPipeError tracebacks."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cjmsite.diagnostics import Diagnostic, Severity
from cjmsite.serve.errorpage import error_page
from cjmsite.serve.server import allowed_hosts

REPO = Path(__file__).resolve().parents[2]
LAUNCH = "from cjmsite.commands.serve import serve_command; serve_command()"
TIMEOUT = 15.0


def test_allowed_hosts_name_the_listening_address_with_its_port() -> None:
    allowed = allowed_hosts("127.0.0.1", 8123)
    assert {"127.0.0.1:8123", "localhost:8123", "[::1]:8123"} <= allowed
    assert "127.0.0.1" not in allowed and "evil.example:8123" not in allowed
    assert "10.0.0.5:8123" in allowed_hosts("10.0.0.5", 8123)
    assert "[fe80::1]:80" in allowed_hosts("fe80::1", 80)
    assert allowed_hosts("0.0.0.0", 1) == allowed_hosts("127.0.0.1", 1)  # no wildcard name
    extra = allowed_hosts("0.0.0.0", 8000, ("Phone.Local", "box:9000", "::2"))
    assert {"phone.local", "phone.local:8000", "box:9000", "[::2]", "[::2]:8000"} <= extra
    assert "box" not in extra and "box:8000" not in extra


class Served:
    def __init__(self, project: Path, *args: str) -> None:
        # serve's private folder goes under the test's own tmp folder: a server killed before
        # it tidies up (a slow machine) leaves nothing in the system's temporary folder
        private_tmp = project.parent / "serve-tmp"
        private_tmp.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(private_tmp)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "--port", "0", "--no-livereload", *args],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        found = threading.Event()

        def read() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                self.lines.append(line)
                if re.search(r"serving http://", line):
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(TIMEOUT):
            self.stop()
            pytest.fail("the server did not start:\n" + "".join(self.lines))
        match = re.search(r"serving http://([^:/]+):(\d+)(/\S*)", "".join(self.lines))
        assert match
        self.port, self.base = int(match[2]), match[3]

    def get(self, host: str | None, path: str = "") -> int:
        """The status of a GET sent with exactly this Host header (None: no Host at all)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        connection.putrequest("GET", path or self.base, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        status = connection.getresponse().status
        connection.close()
        return status

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        return "".join(self.lines)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "tests" / "sites" / "minimal", tmp_path / "site")
    big = tmp_path / "site" / "content" / "assets" / "big.bin"
    big.write_bytes(os.urandom(4_000_000))
    return tmp_path / "site"


def test_foreign_host_names_get_421(project: Path) -> None:
    served = Served(project)
    try:
        port = served.port
        assert served.get(f"127.0.0.1:{port}") == 200
        assert served.get(f"LOCALHOST:{port}") == 200
        for host in ("evil.example", f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}",
                     f"localhost.evil.example:{port}", "", None):  # fmt: skip
            assert served.get(host) == 421, host
    finally:
        served.stop()


def test_allow_host_adds_names(project: Path) -> None:
    served = Served(project, "--allow-host", "phone.lan", "--allow-host", "ws.example.dev")
    try:
        assert served.get("phone.lan") == 200
        assert served.get(f"phone.lan:{served.port}") == 200
        assert served.get("ws.example.dev") == 200
        assert served.get("other.lan") == 421
    finally:
        served.stop()


def _drop(port: int, request: bytes) -> None:
    """Send a request and reset the connection before reading the answer."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    sock.sendall(request)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@pytest.mark.slow  # waits for the server to notice
def test_dropped_connections_are_quiet(project: Path) -> None:
    served = Served(project)
    try:
        host = f"127.0.0.1:{served.port}".encode()
        for _ in range(20):
            path = served.base.encode() + b"assets/big.bin"
            _drop(served.port, b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\n\r\n")
        time.sleep(0.5)
        assert served.get(f"127.0.0.1:{served.port}") == 200  # still serving
    finally:
        output = served.stop()
    assert "Traceback" not in output and "BrokenPipe" not in output
    assert "ConnectionReset" not in output


def test_error_page_escapes_control_characters_in_paths() -> None:
    forged = "content/x\ncontent/y.md:1:1: error: forged\u202e.md"
    page = error_page([Diagnostic(forged, 1, 1, Severity.ERROR, "bad\x1b[31m")], False).decode()
    assert "x\\ncontent/y.md:1:1: error: forged\\u202e.md" in page
    assert "\u202e" not in page and "\x1b" not in page and "bad\\x1b[31m" in page
