"""The development server: the site under its site_url path, live reload, the error page."""

from __future__ import annotations

import contextlib
import mimetypes
import shutil
import signal
import socket
import sys
import tempfile
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

from cjmsite.diagnostics import escape_controls
from cjmsite.serve.errorpage import error_page
from cjmsite.serve.livereload import EVENTS_PATH, inject
from cjmsite.serve.session import Log, ServeSession
from cjmsite.serve.watcher import start_watcher

PING_SECONDS = 15.0
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


DROPPED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    livereload: bool = True
    open_browser: bool = False
    allow_hosts: tuple[str, ...] = ()  # more Host names to answer (`--allow-host`)


def _bracketed(name: str) -> str:
    name = name.strip().lower()
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def allowed_hosts(host: str, port: int, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The `Host` header values the server answers (DNS-rebinding defence).

    The loopback names and the address it listens on, each with its port; and each
    `--allow-host` name bare (behind a proxy on its default port), with the port, or as
    written when written `name:port`.
    """
    names = {"127.0.0.1", "localhost", "[::1]"}
    if host not in ("", "0.0.0.0", "::"):
        names.add(_bracketed(host))
    allowed = {f"{name}:{port}" for name in names}
    for name in extra:
        written = name.strip().lower()
        if written.count(":") == 1 or (written.startswith("[") and "]:" in written):
            allowed.add(written)  # name:port, or [v6]:port
            continue
        bare = _bracketed(written)
        allowed |= {bare, f"{bare}:{port}"}
    return frozenset(allowed)


class Refused(Exception):
    """A request path that could escape the output folder, or is malformed."""


def request_path(raw_path: str) -> str:
    """The path of a request target, query and fragment dropped, still percent-encoded.

    Not urlsplit: it would read `//etc/passwd` as a host name and a path.
    """
    return raw_path.split("?", 1)[0].split("#", 1)[0]


def site_relative(raw_path: str, base: str) -> str | None:
    """The site-relative path of a request, None when outside `base`; Refused when unsafe.

    Refuses (before and after percent-decoding) backslashes, NUL, `.` and `..` segments,
    empty segments (`//`, which could make an absolute path) and non-path targets.
    """
    if not raw_path.startswith("/"):
        raise Refused("not an origin-form path")
    path_part = request_path(raw_path)
    if "\\" in path_part or "%5c" in path_part.lower():
        raise Refused("backslash")
    path = unquote(path_part, errors="strict")
    if "\\" in path or "\x00" in path:
        raise Refused("backslash or NUL")
    segments = path.split("/")[1:]
    if any(s in (".", "..") for s in segments) or any(s == "" for s in segments[:-1]):
        raise Refused("dot or empty segment")
    if not path.startswith(base):
        return None
    return path[len(base) :]


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD only; every response uncached."""

    session: ServeSession
    livereload: bool
    allowed: frozenset[str] = frozenset()  # Host values answered; set once the port is known
    quiet: bool = True
    server_version = "cjmsite-serve"

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_GET(self) -> None:
        self.respond(head=False)

    def respond(self, head: bool) -> None:
        if self.misdirected(head):
            return
        session = self.session
        base = session.base
        try:
            rel = site_relative(self.path, base)
        except (Refused, UnicodeDecodeError):
            self.send_text(HTTPStatus.BAD_REQUEST, "refused: not a path inside the site\n", head)
            return
        path = unquote(request_path(self.path))
        if path == EVENTS_PATH and self.livereload and not head:
            self.events()
            return
        if rel is None:
            if path in ("/", base.rstrip("/")):
                self.redirect(base)
            else:
                self.send_html(HTTPStatus.NOT_FOUND, self.outside_page(base), head)
            return
        root = session.output.resolve()
        try:
            target = (root / rel).resolve() if rel else root
            if not target.is_relative_to(root):
                self.send_text(HTTPStatus.FORBIDDEN, "refused: outside the site\n", head)
                return
            if target.is_dir():
                if rel and not path.endswith("/"):
                    self.redirect(quote(path + "/"))
                    return
                target = target / "index.html"
            is_page = target.suffix == ".html" or not target.exists()
        except OSError:  # e.g. a path segment too long for the file system: no such page
            target, is_page = root / ".no-such-page", True
        session.wait_settled(target.relative_to(root).as_posix())  # a build finishing
        version = session.version
        if session.failed and is_page:
            page = error_page(session.diagnostics, self.livereload)
            self.send_html(HTTPStatus.INTERNAL_SERVER_ERROR, page, head, version)
            return
        try:
            data = target.read_bytes()
            status = HTTPStatus.OK
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            try:
                data, status = (root / "404.html").read_bytes(), HTTPStatus.NOT_FOUND
                target = root / "404.html"
            except OSError:
                self.send_text(HTTPStatus.NOT_FOUND, "not found\n", head)
                return
        except OSError:
            self.send_text(HTTPStatus.NOT_FOUND, "not found\n", head)
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            self.send_html(status, data, head, version)
        else:
            charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("xml") else ""
            self.send_bytes(status, kind + charset, data, head)

    def misdirected(self, head: bool) -> bool:
        """Answer 421 to a Host that is not ours (a page on another name: DNS rebinding)."""
        host = (self.headers.get("Host") or "").strip().lower()
        if host in self.allowed:
            return False
        self.send_text(
            HTTPStatus.MISDIRECTED_REQUEST,
            "misdirected request: this server answers only the address it listens on; "
            "start it with --allow-host NAME to answer another name\n",
            head,
        )
        return True

    # ---- responses ---------------------------------------------------------------

    def send_bytes(self, status: int, kind: str, data: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def send_html(self, status: int, data: bytes, head: bool, version: int | None = None) -> None:
        if self.livereload:
            data = inject(data, self.session.version if version is None else version)
        self.send_bytes(status, "text/html; charset=utf-8", data, head)

    def send_text(self, status: int, text: str, head: bool) -> None:
        self.send_bytes(status, "text/plain; charset=utf-8", text.encode("utf-8"), head)

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()

    @staticmethod
    def outside_page(base: str) -> bytes:
        link = escape(base, quote=True)
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            "<title>Not part of the handbook</title></head><body>"
            f'<p>The handbook is served under <a href="{link}">{escape(base)}</a>, '
            "the path of its site_url, as it will be once published.</p></body></html>\n"
        ).encode()

    def events(self) -> None:
        """Server-sent events: `hello` with the current version, then `reload` on changes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        session = self.session
        seen = session.version
        try:
            self.wfile.write(f"retry: 500\nevent: hello\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            while not session.stopping:
                now = session.wait(seen, PING_SECONDS)
                if session.stopping:
                    break
                message = f"event: reload\ndata: {now}\n\n" if now != seen else ": ping\n\n"
                seen = now
                self.wfile.write(message.encode())
                self.wfile.flush()
        except OSError:  # the tab was closed
            pass
        self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that drops a connection is normal; anything else is one line."""
        error = sys.exc_info()[1]
        if isinstance(error, DROPPED):
            return
        shown = escape_controls(str(error))[:200]
        sys.stderr.write(f"serve: a request failed: {type(error).__name__}: {shown}\n")


def _make_server(host: str, port: int, handler: type[Handler]) -> Server:
    if ":" in host:
        Server.address_family = socket.AF_INET6
    return Server((host, port), handler)


def serve(
    config_path: Path, options: ServeOptions, log: Log, ready: Callable[[str], None] | None = None
) -> None:
    """Build into a private folder, serve it, rebuild on changes; return on Ctrl-C/SIGTERM.

    Raises OSError when the address cannot be bound.
    """
    private = Path(tempfile.mkdtemp(prefix="cjmsite-serve-"))
    session = ServeSession(config_path, private / "site", log)
    handler = type(
        "BoundHandler", (Handler,), {"session": session, "livereload": options.livereload}
    )
    try:
        server = _make_server(options.host, options.port, handler)
    except OSError:
        shutil.rmtree(private, ignore_errors=True)
        raise
    handler.allowed = allowed_hosts(options.host, server.server_address[1], options.allow_hosts)
    previous = signal.getsignal(signal.SIGTERM)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        session.rebuild()
        _thread, stop = start_watcher(session)
        host, port = server.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        url = f"http://{shown}:{port}{quote(session.base)}"
        if options.host not in LOOPBACK:
            log(f"warning: serving on {options.host}: anyone on the network can read the drafts")
        log(f"serving {url} (live reload {'on' if options.livereload else 'off'}); Ctrl-C stops")
        if ready:
            ready(url)
        if options.open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever(poll_interval=0.25)
        stop.set()
    finally:
        session.stop()
        server.server_close()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(private, ignore_errors=True)
    log("stopped")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
