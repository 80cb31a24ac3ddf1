"""Regenerate the README and docs screenshots of the demo handbook.

Builds the demo (cjmsite.yml + content/) into a temporary folder, serves it at
http://127.0.0.1:PORT/handbook/ (like a GitHub Pages project site), and photographs, with
Debian's Chromium driven by Playwright, the home page and the switch-to-fibre journey (its
top; its map: the lane grid, a timeline on phones; its RACI table): desktop (1280 x 1000)
and mobile (375 x 800, 2x pixels, touch), light and dark (emulated
`prefers-color-scheme`). Viewport-height crops, not full pages. Names:
{home,journey,journey-map,journey-raci}-{desktop,mobile}-{light,dark}.png.

PNGs are then shrunk with pngquant + optipng when installed
(`apt-get install -y pngquant optipng`), else with Pillow's palette quantizer.

    python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browserkit import CHROMIUM, CHROMIUM_ARGS, build_site, serve  # noqa: E402

JOURNEY = "journeys/switch-to-fibre/"
# name -> (page, section to scroll to the top of the viewport, or None for the page top)
SHOTS = {
    "home": ("", None),
    "journey": (JOURNEY, None),
    "journey-map": (JOURNEY, "#map .grid-legend"),  # the lane grid; on phones the timeline
    "journey-raci": (JOURNEY, "#raci"),
}
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 1000}, "device_scale_factor": 1},
    "mobile": {
        "viewport": {"width": 375, "height": 800},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
SCHEMES = ("light", "dark")
SCROLL_TO = """(selector) => {
  const top = document.querySelector(selector).getBoundingClientRect().top;
  window.scrollTo(0, window.scrollY + top - 12);
}"""


def shoot(base_url: str, out: Path) -> list[Path]:
    """Take every page x device x scheme screenshot into `out`; return the files."""
    from playwright.sync_api import sync_playwright

    files = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for device, options in DEVICES.items():
                for scheme in SCHEMES:
                    context = browser.new_context(
                        color_scheme=scheme, reduced_motion="reduce", **options
                    )
                    page = context.new_page()
                    for name, (url, section) in SHOTS.items():
                        page.goto(base_url + url, wait_until="networkidle")
                        page.evaluate("document.fonts.ready")
                        if section:
                            page.evaluate(SCROLL_TO, section)
                        path = out / f"{name}-{device}-{scheme}.png"
                        page.screenshot(path=str(path), animations="disabled", caret="hide")
                        files.append(path)
                    context.close()
        finally:
            browser.close()
    return files


def optimise(path: Path) -> None:
    """Shrink a PNG in place: pngquant + optipng if present, else Pillow quantize."""
    if shutil.which("pngquant"):
        subprocess.run(
            ["pngquant", "--force", "--skip-if-larger", "--strip", "--quality=70-95",
             "--speed=1", "--output", str(path), str(path)],
            check=False,
        )  # fmt: skip
        if shutil.which("optipng"):
            subprocess.run(["optipng", "-quiet", "-o5", "-strip", "all", str(path)], check=True)
        return
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        output = build_site(REPO / "cjmsite.yml", Path(tmp) / "site")
        with serve(output, Path(tmp) / "root") as base_url:
            files = shoot(base_url, args.out)
    for path in files:
        optimise(path)
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}"
              f"  {path.stat().st_size // 1024} KB")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
