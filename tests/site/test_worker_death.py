"""A forked worker killed mid-build (the OOM killer, a `kill -9`) never hangs the build.

The pool then sends SIGTERM to its other workers; those inherited the build's SIGTERM
handler (KeyboardInterrupt), which the pool's own code caught, leaving them blocked on a
pipe nobody read and the build waiting forever. Each case runs `cjmsite build` in a child
process with a bound on its time."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sitekit import big_site, needs_posix_signals

# `cjmsite build` with the second share of one pool's work killing its worker
SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from cjmsite.commands.main import main
    from cjmsite.render import workers
    from cjmsite.site.cache import bodies

    pool = sys.argv.pop(1)
    module, name = (workers, "_render_range") if pool == "render" else (bodies, "_read_range")
    real = getattr(module, name)

    mark = sys.argv.pop(1)  # one worker dies: the first to create this file

    def dying(bounds):
        if bounds[0] > 0:
            try:
                os.close(os.open(mark, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                return real(bounds)
            os.kill(os.getpid(), signal.SIGKILL)
        return real(bounds)

    setattr(module, name, dying)
    bodies.MIN_POOL_BODIES = 1
    main()
    """
)


def _build(config: Path, pool: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    mark = config.parent / "killed"
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, pool, str(mark), "build", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,  # the bug: no end at all
        env=env,
    )


@needs_posix_signals
@pytest.mark.parametrize("pool", ["render", "bodies"])
def test_a_killed_worker_never_hangs_the_build(pool: str, tmp_path: Path) -> None:
    config = big_site(tmp_path / "site", steps=260)
    env = {**os.environ, "CJMSITE_JOBS": "2", "CJMSITE_CACHE": "0"}
    before = subprocess.run(
        [sys.executable, "-m", "cjmsite", "build", "--config", str(config)],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert before.returncode == 0, before.stderr
    output = tmp_path / "site" / "output"
    home = (output / "index.html").read_bytes()
    done = _build(config, pool, env)
    assert "Traceback" not in done.stderr, done.stderr
    if pool == "render":  # the pages cannot all be had: a clear failure, the old site kept
        assert done.returncode == 1, done.stderr
        assert "a worker process ended unexpectedly" in done.stderr
        assert (output / "index.html").read_bytes() == home
    else:  # reading the files in a pool only saves time: this process reads them instead
        assert done.returncode == 0, done.stderr
    assert not [p.name for p in (tmp_path / "site").iterdir() if p.name.startswith(".cjmsite")]
