"""Both HTML reports load in a real browser: headless Chromium takes a 1280 px
screenshot of each, which is not blank. Chromium is not part of the project's install:
without it these tests are skipped. ``benchmarks/screenshots.py`` takes the same
screenshots of the reports on the real corpora, for a person to look at."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import main

from .conftest import FIXTURES

EXAMPLE_PAGE = FIXTURES.parent.parent / "data" / "examples" / "page-fr.html"
SCRIPT = Path(__file__).parent.parent / "benchmarks" / "screenshots.py"


def shots():
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shots().browser() is None, reason="needs Chromium (apt-get install chromium)"
    ),
]


def test_both_reports_in_a_browser(small_model_dir: Path, tmp_path: Path) -> None:
    module = shots()
    runner = CliRunner()
    model = ["--model", str(small_model_dir)]
    labelled = tmp_path / "labelled.csv"
    labelled.write_text(
        "headline,label,lang\n"
        + "".join(
            f"Ce fruit numéro {i} que vous mangez abîme vos artères,filler,fr\n" for i in range(6)
        )
        + "".join(f"Le Sénat adopte le texte numéro {i} mardi soir,news,fr\n" for i in range(6))
    )
    done = runner.invoke(
        main, ["evaluate", *model, str(labelled), "--report", str(tmp_path / "eval")]
    )
    assert done.exit_code == 0, done.output
    done = runner.invoke(
        main, ["report", *model, str(EXAMPLE_PAGE), "--html", str(tmp_path / "s.html")]
    )
    assert done.exit_code == 0, done.output
    chrome = module.browser()
    for page in (tmp_path / "eval" / "index.html", tmp_path / "s.html"):
        png = module.screenshot(page, tmp_path / f"{page.stem}.png", 1200, chrome)
        assert module.check(png) == []
