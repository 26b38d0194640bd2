"""What a folder holds: the files read, the files skipped (and named when asked for)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import EXIT_OK, main
from clickbait.pages import expand_inputs, read_path

from .warcs import EXAMPLE_PAGE, crawl_records, warc_bytes


def _folder(root: Path) -> Path:
    """A folder of pages as crawls and the team's saved pages look."""
    (root / "pages").mkdir(parents=True)
    (root / "pages" / "a.html").write_bytes(EXAMPLE_PAGE.read_bytes())
    (root / "pages" / "b.html.gz").write_bytes(b"")
    (root / "pages" / "c").write_bytes(EXAMPLE_PAGE.read_bytes())  # no suffix: sniffed
    (root / "pages" / "PROVENANCE.md").write_text("# Where these pages come from\n")
    (root / "pages" / "index.tsv").write_text("file\tsite\na.html\tnews.example\n")
    (root / "pages" / "teasers.csv").write_text("headline\nUn titre assez long\n")
    (root / "pages" / "crawl.warc.gz").write_bytes(warc_bytes(crawl_records()[:3]))
    (root / "pages" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "pages" / ".DS_Store").write_bytes(b"\x00\x00")
    (root / "pages" / ".git").mkdir()
    (root / "pages" / ".git" / "x.html").write_text("<p>x</p>")
    return root / "pages"


def _expanded(inputs: list[str]) -> tuple[list[str], dict[str, str]]:
    skipped: dict[str, str] = {}
    found = list(expand_inputs(inputs, lambda path, why: skipped.setdefault(path, why)))
    return found, skipped


def test_a_folder_holds_pages_tables_and_warcs_and_names_the_rest(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    found, skipped = _expanded([str(folder)])
    names = ["a.html", "b.html.gz", "c", "crawl.warc.gz", "teasers.csv"]
    assert found == [str(folder / name) for name in names]
    assert skipped == {
        str(folder / ".DS_Store"): "hidden",
        str(folder / ".git"): "hidden",
        str(folder / "PROVENANCE.md"): "not a page, table or WARC file by its name",
        str(folder / "index.tsv"): "a table without a 'headline' column",
        str(folder / "logo.png"): "not a page, table or WARC file by its name",
    }


def test_files_given_by_name_are_read_whatever_they_are(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    inputs = [str(folder / "PROVENANCE.md"), str(folder / "index.tsv"), "-"]
    assert _expanded(inputs) == (inputs, {})


def test_linked_folders_are_followed_and_loops_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "real")
    (tmp_path / "top").mkdir()
    (tmp_path / "top" / "linked").symlink_to(folder, target_is_directory=True)
    (folder / "loop").symlink_to(tmp_path / "top", target_is_directory=True)
    found, skipped = _expanded([str(tmp_path / "top")])
    assert str(tmp_path / "top" / "linked" / "a.html") in found
    assert skipped[str(tmp_path / "top" / "linked" / "loop")] == "a link to a folder already read"


def test_a_named_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    os.mkfifo(folder / "pipe.html")
    done: list[tuple[list[str], dict[str, str]]] = []
    worker = threading.Thread(target=lambda: done.append(_expanded([str(folder)])), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert done, "walking the folder hung on the named pipe"
    found, skipped = done[0]
    assert str(folder / "pipe.html") not in found
    assert skipped[str(folder / "pipe.html")] == "not a regular file (a named pipe)"


def test_a_named_pipe_given_by_name_is_read(tmp_path: Path) -> None:
    pipe = tmp_path / "page.html"
    os.mkfifo(pipe)

    def write() -> None:
        with open(pipe, "wb") as handle:
            handle.write(EXAMPLE_PAGE.read_bytes())

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    document = read_path(pipe)
    writer.join(timeout=20)
    assert document.kind == "html"


@pytest.mark.parametrize("command", ["score", "report"])
def test_a_folder_of_pages_with_notes_is_read_whole(
    small_model_dir: Path, tmp_path: Path, command: str
) -> None:
    folder = _folder(tmp_path)
    (folder / "b.html.gz").unlink()
    os.mkfifo(folder / "pipe.html")
    result = CliRunner().invoke(main, [command, "--model", str(small_model_dir), str(folder)])
    assert result.exit_code == EXIT_OK, result.output
    assert "PROVENANCE" not in result.stderr and "index.tsv" not in result.stderr
    shown = CliRunner().invoke(
        main, [command, "--model", str(small_model_dir), "--show-skipped", str(folder)]
    )
    assert shown.exit_code == EXIT_OK, shown.output
    assert f"clickbait: {folder / 'PROVENANCE.md'}: skipped (not a page" in shown.stderr
    assert f"clickbait: {folder / 'index.tsv'}: skipped (a table without" in shown.stderr
    assert f"clickbait: {folder / 'pipe.html'}: skipped (not a regular file" in shown.stderr
