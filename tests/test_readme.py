"""The README's Python examples run as written, so the documentation cannot rot.

Every ```python block of a section in RUNNABLE runs, in order, in one namespace per
section, in an empty working folder, with ``$CLICKBAIT_MODEL`` pointing at the small
test model (the examples load "the shipped model"). A section whose examples are
complete programs (inputs defined in the blocks, or made by :func:`prepare`) belongs
in RUNNABLE.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .warcs import crawl_records, warc_bytes

README = Path(__file__).parent.parent / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
RUNNABLE = ("Python", "At scale")


def python_blocks() -> dict[str, list[str]]:
    """Section title -> its python code blocks, for every section that has some."""
    sections: dict[str, list[str]] = {}
    for section in re.split(r"^## ", README.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
        title = section.split("\n", 1)[0].strip()
        blocks = BLOCK.findall(section)
        if blocks:
            sections[title] = blocks
    return sections


def prepare(title: str, folder: Path) -> None:
    """What a section's examples take as given, such as a folder of WARC files."""
    if title == "At scale":
        (folder / "crawl").mkdir()
        (folder / "crawl" / "a.warc.gz").write_bytes(warc_bytes(crawl_records()))
        (folder / "crawl" / "b.warc.gz").write_bytes(warc_bytes(crawl_records()[2:5]))


def test_the_documented_sections_have_examples() -> None:
    sections = python_blocks()
    assert len(sections["Python"]) >= 5
    assert any("to_parquet" in block for block in sections["At scale"])


@pytest.mark.docs
@pytest.mark.parametrize("title", RUNNABLE)
def test_readme_examples_run(
    title: str,
    small_model_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CLICKBAIT_MODEL", str(small_model_dir))
    monkeypatch.chdir(tmp_path)
    prepare(title, tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    for number, block in enumerate(python_blocks()[title], 1):
        code = compile(block, f"README.md ## {title}, python block {number}", "exec")
        exec(code, namespace)
    printed = capsys.readouterr().out
    if title == "Python":
        assert "https://news.example/storm" in printed
        assert "{'filler':" in printed
    if title == "At scale":
        assert (tmp_path / "scores").is_dir()
        assert "not scored" not in printed
