"""The wheel carries the theme: a non-editable install builds a site with no themes/ folder.

The wheel goes into a fresh venv with `--no-deps`; its dependencies come from the
environment running the tests (a `.pth` file puts that environment's site-packages after
the venv's own), never from the base interpreter and never from the network.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from sitekit import fixture_site

REPO = Path(__file__).resolve().parents[2]


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "-q", "-w", dist, REPO)  # fmt: skip
    (found,) = dist.glob("cjmsite-*.whl")
    return found


@pytest.mark.slow
def test_wheel_contains_theme(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "cjmsite/themes/default/templates/base.html" in names
    assert "cjmsite/themes/default/locales/es.yml" in names
    assert any(n.startswith("cjmsite/themes/default/static/") for n in names)


@pytest.mark.slow
def test_installed_wheel_builds_without_a_themes_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    # plain path lines: the running environment's own .pth files (the editable install of
    # this checkout among them) are not processed, so `cjmsite` can only come from the wheel
    (Path(purelib.stdout.strip()) / "running-environment.pth").write_text(
        "\n".join(sorted(ours)) + "\n", encoding="utf-8"
    )
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)
    site = tmp_path / "handbook"
    fixture_site("minimal", site)
    assert not (site / "themes").exists()
    where = run(python, "-c", "import cjmsite; print(cjmsite.__file__)", cwd=site)
    assert str(venv) in where.stdout
    run(python, "-m", "cjmsite", "build", cwd=site)
    page = (site / "output/journeys/signup/index.html").read_text(encoding="utf-8")
    assert "Sign up" in page
    assert (site / "output/_theme").is_dir()
