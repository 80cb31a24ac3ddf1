"""Time `cjmsite serve` end to end: save a touchpoint, poll its page until it shows the edit.

    python benchmarks/serve_latency.py [HANDBOOK] [-r 7] [--step-ms N]

Starts a real `cjmsite serve` process on a copy of HANDBOOK (default: a generated 200 x 15
handbook), waits for its first build and search index, then edits one touchpoint `-r`
times each way, one edit at a time:

- narrative: appends a new sentence to the Markdown body, and polls the touchpoint's page
  until the sentence is in it;
- emotion: sets one persona's score in the frontmatter to the other of two values, and
  polls until the page is the one that value gives (learnt in two warm-up edits).

The latency is from just before the file is written to the first response that shows the
edit, loaded as an open page does: on the live-reload event (the watcher, the rebuild's
first pages, the event and the HTTP round trip). Between edits the
script waits until serve has finished the rest of the site and its search index, and
reads serve's CPU time (user + system, with Pagefind's) for each whole edit. It prints
the median, min and max of each, and serve's own timings (pages written ahead, whole
build) from its log.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import Size, generate

LAUNCH = "from cjmsite.commands.serve import serve_command; serve_command()"
SCRIPT = re.compile(rb"<script data-cjmsite-livereload>.*?</script>\n?", re.S)
SCORE = re.compile(r"(?m)^(  persona-\d+: )(-?\d)$")  # one persona's emotion, in a map


class Server:
    """A `cjmsite serve` process and what it logs."""

    def __init__(self, project: Path, extra_env: dict[str, str]) -> None:
        env = {**os.environ, **extra_env, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "--port", "0"],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        self.lines: list[str] = []
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for(r"serving (http://\S+)", 0, 1800)
        match = re.search(r"http://([^:/]+):(\d+)(/\S*)", line)
        assert match, line
        self.host, self.port, self.base = match[1], int(match[2]), match[3]
        self.reloads = Reloads(self)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.arrived:
                self.lines.append(line.rstrip("\n"))
                self.arrived.notify_all()

    def wait_for(self, pattern: str, after: int, timeout: float) -> str:
        """The first log line from line `after` on that matches `pattern`."""
        found: list[str] = []

        def seen() -> bool:
            found[:] = [x for x in self.lines[after:] if re.search(pattern, x)]
            return bool(found)

        with self.arrived:
            if not self.arrived.wait_for(seen, timeout):
                raise TimeoutError(f"no `{pattern}` in {timeout} s:\n" + "\n".join(self.lines))
        return found[0]

    def get(self, path: str) -> bytes:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.request("GET", path)
        body = connection.getresponse().read()
        connection.close()
        return SCRIPT.sub(b"", body)

    def cpu(self) -> float:
        """Seconds of CPU the server and its finished children (Pagefind) used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def children(self) -> list[str]:
        """The processes serve started that still run (Pagefind)."""
        tasks = Path(f"/proc/{self.process.pid}/task")
        found = []
        for task in tasks.iterdir():
            try:
                found += (task / "children").read_text().split()
            except OSError:
                continue
        return found

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def settle(server: Server, after: int) -> None:
    """Wait until the build of an edit ended and serve is idle again (the search index of
    the edit made: no child process, hardly any CPU for half a second)."""
    server.wait_for(r"built in \d+ ms|build failed", after, 120)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        before = server.cpu()
        time.sleep(0.5)
        if not server.children() and server.cpu() - before < 0.02:
            return


class Reloads:
    """The live-reload events, as an open page receives them."""

    def __init__(self, server: Server) -> None:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=600)
        connection.request("GET", "/__cjmsite/events")
        self.response = connection.getresponse()
        self.count = 0
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.response:
            if raw.startswith(b"event: reload"):
                with self.arrived:
                    self.count += 1
                    self.arrived.notify_all()

    def wait(self, seen: int, timeout: float) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: self.count > seen, timeout)


def poll(
    server: Server, reloads: Reloads, seen: int, url: str, shows: bytes | None, page: bytes | None
) -> None:
    """As a browser: wait for a reload event, then load the page; until it contains `shows`
    or is `page` (live-reload script left out)."""
    start = time.perf_counter()
    while time.perf_counter() - start < 60:
        if reloads.wait(seen, 1.0):
            seen = reloads.count
        got = server.get(url)
        if (shows is not None and shows in got) or (page is not None and got == page):
            return
    raise TimeoutError(f"{url} did not show the edit in 60 s")


def timed_edit(
    server: Server, target: Path, text: str, url: str, shows: bytes | None, page: bytes | None
) -> dict:
    """Write `text` to `target`, time the page until it shows the edit, wait for the rest."""
    after, cpu, seen = len(server.lines), server.cpu(), server.reloads.count
    start = time.perf_counter()
    target.write_text(text, encoding="utf-8")
    poll(server, server.reloads, seen, url, shows, page)
    latency = time.perf_counter() - start
    settle(server, after)
    log = "\n".join(server.lines[after:])
    ahead = re.search(r"ahead of the rest in (\d+) ms", log)
    built = re.search(r"built in (\d+) ms", log)
    return {
        "latency": latency,
        "cpu": server.cpu() - cpu,
        "ahead": int(ahead[1]) / 1000 if ahead else None,
        "built": int(built[1]) / 1000 if built else None,
    }


def report(label: str, rounds: list[dict]) -> None:
    def show(key: str) -> str:
        values = [r[key] for r in rounds if r[key] is not None]
        if not values:
            return f"{key} -"
        return (
            f"{key} {statistics.median(values) * 1000:.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )

    print(f"{label}: " + ", ".join(show(k) for k in ("latency", "ahead", "built", "cpu")))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("handbook", type=Path, nargs="?", help="folder holding cjmsite.yml")
    parser.add_argument("--rounds", "-r", type=int, default=7)
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for serve")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="cjmsite-serve-latency-"))
    project = work / "handbook"
    if args.handbook is None:
        generate(project, Size(200, 15))
    else:
        shutil.copytree(args.handbook, project, ignore=shutil.ignore_patterns("output"))
    target = next(
        p
        for p in sorted((project / "content" / "journeys").rglob("*.md"))
        if p.name != "index.md" and SCORE.search(p.read_text(encoding="utf-8"))
    )
    env = dict(item.split("=", 1) for item in args.env)
    env.setdefault("CJMSITE_CACHE_DIR", str(work / "cache"))
    start = time.perf_counter()
    server = Server(project, env)
    try:
        print(f"serve's first build: {time.perf_counter() - start:.1f} s")
        settle(server, 0)
        run_edits(server, project, target, args.rounds)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def run_edits(server: Server, project: Path, target: Path, rounds: int) -> None:
    rel = target.relative_to(project / "content" / "journeys")
    url = f"{server.base}journeys/{rel.parent.as_posix()}/{rel.stem.split('-', 1)[1]}/"
    original = text = target.read_text(encoding="utf-8")
    narrative = []
    for number in range(rounds):
        sentence = f"Edited in round {number}, {time.time_ns()}."
        text += f"\n{sentence}\n"
        narrative.append(timed_edit(server, target, text, url, sentence.encode(), None))
    found = SCORE.search(text)
    assert found is not None
    scores = ("1" if found[2] != "1" else "0", found[2])  # the other value, then this one
    variants = [SCORE.sub(rf"\g<1>{new}", text, count=1) for new in scores]
    pages = []  # the page each score gives, learnt in two warm-up edits
    for variant in variants:
        timed_edit(server, target, variant, url, b"", None)
        pages.append(server.get(url))
    assert pages[0] != pages[1], "the emotion does not show on the touchpoint's page"
    emotion = [
        timed_edit(server, target, variants[n % 2], url, None, pages[n % 2]) for n in range(rounds)
    ]
    report("narrative edit", narrative)
    report("emotion edit", emotion)
    target.write_text(original, encoding="utf-8")


if __name__ == "__main__":
    main()
