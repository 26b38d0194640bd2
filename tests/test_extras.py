"""Optional dependencies stay optional: not imported by ``import clickbait``, and a
clear message naming the extra when one is missing."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import EXIT_MODEL, main
from clickbait.extras import MissingExtra

OPTIONAL = ("warcio", "scrapy", "twisted", "dask", "distributed", "pyarrow")


def test_import_clickbait_loads_no_optional_dependency() -> None:
    code = (
        "import sys, clickbait, clickbait.cli, clickbait.pages, clickbait.scoring\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({OPTIONAL!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def hide(monkeypatch: pytest.MonkeyPatch, *packages: str) -> None:
    """Make ``import package`` fail, as if it were not installed."""
    for name in list(sys.modules):
        if name.split(".")[0] in packages:
            monkeypatch.setitem(sys.modules, name, None)
    for package in packages:
        monkeypatch.setitem(sys.modules, package, None)


@pytest.mark.parametrize(
    ("module", "missing", "extra"),
    [
        ("clickbait.contrib.dask", "dask", "dask"),
        ("clickbait.contrib.scrapy", "itemadapter", "scrapy"),
    ],
)
def test_contrib_modules_name_their_extra(
    monkeypatch: pytest.MonkeyPatch, module: str, missing: str, extra: str
) -> None:
    hide(monkeypatch, missing)
    monkeypatch.delitem(sys.modules, module, raising=False)
    with pytest.raises(MissingExtra, match=rf"pip install 'clickbait\[{extra}\]'"):
        importlib.import_module(module)


def test_dask_engine_without_dask_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, small_model_dir: Path
) -> None:
    hide(monkeypatch, "dask", "distributed")
    monkeypatch.delitem(sys.modules, "clickbait.contrib.dask", raising=False)
    result = CliRunner().invoke(
        main, ["score", "--model", str(small_model_dir), "--engine", "dask", "page.html"]
    )
    assert result.exit_code == EXIT_MODEL
    assert "needs the 'dask' extra" in result.stderr
    assert "Traceback" not in result.stderr
