"""Screenshots of both HTML reports in headless Chromium, 1280 px wide, to look at.

    .venv/bin/python benchmarks/screenshots.py --output-dir /tmp/shots

writes the evaluation report (``clickbait evaluate --report``: the held-out corpora
with ``../shared``, the team's test splits without it) and the site summary
(``clickbait report --html``: the saved real pages of ``../shared/pages/real``, else the
example page), then a PNG of the top of each page and of the whole page. It checks that
each screenshot is 1280 px wide and not blank; what they show is for a person to judge:
open the PNGs. Chromium is not part of the project's install (``apt-get install
chromium``); without it the run says so and exits 0 after writing the pages.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 1280
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def browser() -> str | None:
    """The first headless-capable Chromium on the PATH."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def screenshot(page: Path, png: Path, height: int, chrome: str) -> Path:
    """A screenshot of ``page`` in a window ``WIDTH`` x ``height``."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chrome,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{height}",
                f"--screenshot={png}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return png


def check(png: Path) -> list[str]:
    """What is wrong with a screenshot at a glance: its width, or a blank page."""
    from PIL import Image

    with Image.open(png) as image:
        problems = [] if image.width == WIDTH else [f"{png.name}: {image.width} px wide"]
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
        if len(colours) < 16:
            problems.append(f"{png.name}: blank ({len(colours)} colours)")
    return problems


def clickbait(*args: str) -> None:
    command = [sys.executable, "-m", "clickbait.cli", *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some inputs skipped, named on stderr
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")


def write_reports(output: Path, model: str | None) -> dict[str, Path]:
    """Both reports, written by the command line as a person would write them."""
    from clickbait.datasets import shared_dir

    chosen = ["--model", model] if model else []
    clickbait("evaluate", *chosen, "--report", str(output / "evaluation"))
    real = shared_dir() / "pages" / "real"
    pages = str(real) if real.is_dir() else str(ROOT / "data" / "examples")
    sites = output / "sites.html"
    clickbait("report", *chosen, pages, "--html", str(sites), "-q")
    return {"evaluation": output / "evaluation" / "index.html", "sites": sites}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output-dir", type=Path, default=Path(tempfile.mkdtemp()))
    parser.add_argument("--model", default=None, help="a model folder [default: shipped]")
    parser.add_argument("--height", type=int, default=1600, help="of the top-of-page shot")
    options = parser.parse_args()
    options.output_dir.mkdir(parents=True, exist_ok=True)
    pages = write_reports(options.output_dir, options.model)
    chrome = browser()
    if chrome is None:
        print(f"no Chromium on the PATH; the pages are in {options.output_dir}")
        return 0
    problems = []
    for name, page in pages.items():
        for suffix, height in (("top", options.height), ("full", 12_000)):
            png = screenshot(page, options.output_dir / f"{name}-{suffix}.png", height, chrome)
            problems += check(png)
            print(png)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
