"""A client of Pagefind's service mode (`pagefind --service`): pages go in from memory and
the bundle comes back as bytes, with no temporary folder and no second read of the pages.

The protocol is the one Pagefind's own Python and Node wrappers speak (Pagefind 1.x): a
request is base64 of a JSON object `{"message_id", "payload"}` followed by a comma on the
service's stdin; a response is the same on its stdout. The service handles requests one at
a time, in the order they arrive, so pages are numbered in the order they are sent: the same
pages sent in the same order make the same bundle. Requests are sent without waiting for
their answers (a thread reads the answers as they come), so the service indexes while the
caller renders the next pages.

(The `pagefind` package's own client polls its pipe every 0.1 s per answer: 3,000 pages
would take five minutes, hence this one.)
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

TIMEOUT = 300.0  # seconds: the longest a build waits for Pagefind's answers


class ServiceError(Exception):
    """Pagefind failed, answered with an error, or took longer than TIMEOUT."""


@dataclass(frozen=True)
class Ticket:
    """A bundle asked for: the pages added to its index, and the request for its files."""

    added: list[int]
    asked: int


class PagefindService:
    """One `pagefind --service` process; close() it (or use `with`)."""

    def __init__(self, command: list[str], timeout: float = TIMEOUT) -> None:
        self._timeout = timeout
        self._answers: dict[int, dict[str, Any]] = {}
        self._pending: dict[int, list[int]] = {}  # index -> pages added, not yet answered
        self._next = 0
        self._ignored: set[int] = set()  # answers nobody waits for (DeleteIndex)
        self._ended: str | None = None  # why the answers stopped
        self._ready = threading.Condition()
        try:
            self._process = subprocess.Popen(
                [*command, "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as error:
            raise ServiceError(str(error)) from error
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._writes: dict[int, float] = {}  # thread -> when its write to the service began
        self._stalled = False
        self._stopped = threading.Event()
        threading.Thread(target=self._watch, daemon=True).start()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def new_index(self) -> int:
        """A new, empty index in the service; its number."""
        answer = self._wait(self._send({"type": "NewIndex", "config": None}))
        return int(answer["index_id"])

    def add_page(self, index: int, path: str, html: str) -> None:
        """Send a page (its site-relative path gives its URL) to be indexed; not waited for."""
        message = {"type": "AddFile", "index_id": index, "file_path": path, "url": None}
        message["file_contents"] = html
        self._pending.setdefault(index, []).append(self._send(message))

    def files(self, index: int) -> dict[str, bytes]:
        """The index's bundle, `pagefind/<path>` -> bytes, once every page sent is indexed."""
        return self.collect(self.ask_files(index))

    def ask_files(self, index: int) -> Ticket:
        """Ask for the index's bundle and forget the index once it is made (the service
        frees its memory); `collect` the bundle later."""
        added = self._pending.pop(index, [])
        asked = self._send({"type": "GetFiles", "index_id": index})
        self.drop(index)
        return Ticket(added, asked)

    def collect(self, ticket: Ticket) -> dict[str, bytes]:
        """The bundle asked for, once every page of the index is indexed."""
        for sent in ticket.added:
            self._wait(sent)
        answer = self._wait(ticket.asked)
        try:
            return {
                f"pagefind/{item['path']}": base64.b64decode(item["content"])
                for item in answer["files"]
            }
        except (KeyError, TypeError, ValueError) as error:
            raise ServiceError(f"unexpected answer from Pagefind: {error}") from error

    def drop(self, index: int) -> None:
        """Free an index the caller no longer needs (its answers are not waited for)."""
        self._pending.pop(index, None)
        message = self._send({"type": "DeleteIndex", "index_id": index})
        with self._ready:
            if self._answers.pop(message, None) is None:
                self._ignored.add(message)

    def close(self) -> None:
        """Stop the service. It is ended before its stdin is closed: closing flushes what is
        buffered, which would block for ever on a service that no longer reads."""
        self._stopped.set()
        process = self._process
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # pragma: no cover - a stuck process
                process.kill()
                process.wait()
        try:
            if process.stdin is not None:
                process.stdin.close()
        except (OSError, ValueError):  # what was buffered could not go: nobody reads it
            pass
        self._reader.join(timeout=5)
        if process.stdout is not None:
            process.stdout.close()

    def _send(self, payload: dict[str, Any]) -> int:
        self._next += 1
        request = json.dumps({"message_id": self._next, "payload": payload})
        stdin = self._process.stdin
        assert stdin is not None
        try:
            with self._bounded():
                stdin.write(base64.b64encode(request.encode("utf-8")) + b",")
        except (OSError, ValueError) as error:  # the service is gone
            raise self._gone(error) from error
        return self._next

    @contextmanager
    def _bounded(self) -> Iterator[None]:
        """A write to the service that the watchdog ends after the timeout."""
        thread = threading.get_ident()
        self._writes[thread] = time.monotonic()
        try:
            yield
        finally:
            self._writes.pop(thread, None)

    def _watch(self) -> None:
        """End the service when a write to it has waited longer than the timeout (thread):
        a service alive but no longer reading would otherwise block its writer for ever."""
        while not self._stopped.wait(1.0):
            since = min(list(self._writes.values()), default=None)
            if since is not None and time.monotonic() - since > self._timeout:
                self._stalled = True
                self._process.kill()
                return

    def _gone(self, error: Exception) -> ServiceError:
        """Why the service cannot be written to: its exit status, once the reader saw it."""
        if self._stalled:
            return ServiceError(f"Pagefind stopped reading for {self._timeout:.0f} s")
        self._reader.join(timeout=2)
        return ServiceError(self._ended or f"Pagefind stopped: {error}")

    def _wait(self, message: int) -> dict[str, Any]:
        """The answer to a message; ServiceError for an error answer or no answer."""
        stdin = self._process.stdin
        try:
            assert stdin is not None
            with self._bounded():
                stdin.flush()
        except (OSError, ValueError) as error:
            raise self._gone(error) from error
        deadline = time.monotonic() + self._timeout
        with self._ready:
            while message not in self._answers:
                if self._ended is not None:
                    raise ServiceError(self._ended)
                left = deadline - time.monotonic()
                if left <= 0:
                    self._process.kill()
                    raise ServiceError(f"Pagefind took longer than {self._timeout:.0f} s")
                self._ready.wait(left)
            answer = self._answers.pop(message)
        if answer.get("type") == "Error":
            raise ServiceError(str(answer.get("message") or "Pagefind reported an error"))
        return answer

    def _read(self) -> None:
        """Collect the answers (thread): base64 JSON objects, each ended by a comma."""
        stdout = self._process.stdout
        assert stdout is not None
        parts: list[bytes] = []
        try:
            while chunk := stdout.read1(1 << 20):
                end = chunk.find(b",")
                while end >= 0:
                    parts.append(chunk[:end])
                    self._answer(b"".join(parts))
                    parts, chunk = [], chunk[end + 1 :]
                    end = chunk.find(b",")
                parts.append(chunk)
            reason = f"Pagefind stopped (exit status {self._process.wait()})"
        except (OSError, ValueError) as error:
            reason = f"Pagefind's answers could not be read: {error}"
        with self._ready:
            self._ended = reason
            self._ready.notify_all()

    def _answer(self, raw: bytes) -> None:
        try:
            answer = json.loads(base64.b64decode(raw))
            message, payload = answer.get("message_id"), answer["payload"]
        except (ValueError, KeyError, TypeError, AttributeError):
            return  # not an answer (Pagefind printed something else): ignored
        if not isinstance(payload, dict):
            return
        with self._ready:
            if isinstance(message, int) and message in self._ignored:
                self._ignored.discard(message)
            elif isinstance(message, int):
                self._answers[message] = payload
            elif payload.get("type") == "Error":  # a request it could not read: no answer
                self._ended = f"Pagefind could not read a request: {payload.get('message')}"
            self._ready.notify_all()
