"""WARC and WET input: one document per page record, damaged records reported, the rest read."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clickbait.cli import EXIT_OK, EXIT_SOME_INPUTS_FAILED, main
from clickbait.pages import Document, PageError, is_warc, read_bytes, read_inputs, read_warc
from clickbait.scoring import score_page, score_sources
from clickbait.teasers import extract

from .warcs import EXAMPLE_PAGE, SCRAPE_TEXT, WIDGETS_PAGE, Record, crawl_records, warc_bytes

PAGE_URIS = [
    "https://news.example/fr/page",
    "https://news.example/en/storm",
    "https://news.example/saved",
]
# The address the French page gives for itself.
CANONICAL = "https://courrier-valmont.example/valmont/budget-2026"


def documents(items: list[Document | PageError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items: list[Document | PageError]) -> list[PageError]:
    return [item for item in items if isinstance(item, PageError)]


@pytest.mark.parametrize("compressed", [True, False])
def test_one_document_per_html_record(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(warc_bytes(crawl_records(), gzip=compressed))
    items = list(read_warc(path))
    assert errors(items) == []
    found = documents(items)
    # request, image, empty redirect, script and warcinfo records are skipped
    assert [d.source for d in found] == PAGE_URIS
    # Each page's url is the address it was fetched from; the one it gives for itself
    # is found with its teasers.
    assert [d.url for d in found] == PAGE_URIS
    assert [extract(d).url for d in found] == [CANONICAL, "", CANONICAL]
    assert {d.kind for d in found} == {"html"}
    # The gzip Content-Encoding of the second response is undone.
    assert "Storm Ivar closes three North Sea ports" in found[1].text


def damage(data: bytes, how: str) -> bytes:
    """The WARC with its last gzip member truncated, or with garbage after its records."""
    if how == "truncated":
        return data[:-40]
    if how == "corrupt":
        last = data.rindex(b"\x1f\x8b\x08")
        return data[: last + 30] + bytes(b ^ 0x5A for b in data[last + 30 : last + 80])
    return data + b"\x1f\x8b\x08\x00 not really gzip " * 4


@pytest.mark.parametrize("how", ["truncated", "corrupt", "garbage"])
def test_damaged_tail_is_one_error_after_the_good_records(tmp_path: Path, how: str) -> None:
    records = [*crawl_records(), Record("response", "https://news.example/last", b"<p>x</p>")]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(damage(warc_bytes(records), how))
    items = list(read_warc(path))
    intact = ["https://news.example/last"] if how == "garbage" else []
    assert [d.source for d in documents(items)] == PAGE_URIS + intact
    [error] = errors(items)
    assert isinstance(items[-1], PageError)
    assert "record at byte" in error.reason
    assert "truncated" in error.reason or "damaged" in error.reason


def test_damaged_record_in_the_middle_does_not_stop_the_rest(tmp_path: Path) -> None:
    good = warc_bytes(crawl_records()[:3])  # warcinfo, request, the French page
    broken = bytearray(warc_bytes([Record("response", "https://news.example/broken", b"<p>")]))
    broken[20:60] = bytes(40)
    rest = warc_bytes(crawl_records()[3:])
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(good + bytes(broken) + rest)
    items = list(read_warc(path))
    assert [d.source for d in documents(items)] == PAGE_URIS
    [error] = errors(items)
    assert error.source == str(path)
    assert f"record at byte {len(good):,}: damaged" in error.reason


def test_an_empty_warc_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    [error] = list(read_warc(path))
    assert isinstance(error, PageError) and error.reason == "empty input"


def test_max_bytes_applies_to_each_record(tmp_path: Path) -> None:
    big = b"<html><body>" + b"<p>filler</p>" * 2000 + b"</body></html>"
    records = [*crawl_records(), Record("response", "https://news.example/big", big)]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(records))
    limit = max(len(EXAMPLE_PAGE.read_bytes()), len(WIDGETS_PAGE.read_bytes())) + 100
    items = list(read_warc(path, max_bytes=limit))
    assert [d.source for d in documents(items)] == PAGE_URIS
    [error] = errors(items)
    assert error.source == "https://news.example/big"
    assert "larger than" in error.reason and "--max-bytes" in error.reason


def test_wet_conversion_records_are_plain_text(tmp_path: Path) -> None:
    text = SCRAPE_TEXT.read_bytes()
    wet = warc_bytes(
        [
            Record("conversion", "https://blog.example/velo", text, "text/plain"),
            Record("conversion", "https://blog.example/empty", b"", "text/plain"),
        ]
    )
    path = tmp_path / "crawl.warc.wet.gz"
    path.write_bytes(wet)
    [document] = documents(list(read_warc(path)))
    assert document.kind == "text" and document.source == "https://blog.example/velo"


def test_warc_files_are_recognised_by_name_or_content(tmp_path: Path) -> None:
    data = warc_bytes(crawl_records()[:1])
    named = tmp_path / "x.warc.gz"
    unnamed = tmp_path / "download-0001"
    page = tmp_path / "page.html"
    for path in (named, unnamed):
        path.write_bytes(data)
    page.write_bytes(EXAMPLE_PAGE.read_bytes())
    assert is_warc(named) and is_warc(unnamed) and not is_warc(page)


def test_read_inputs_mixes_warcs_and_pages_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.warc.gz").write_bytes(warc_bytes(crawl_records()))
    (tmp_path / "b.html").write_bytes(EXAMPLE_PAGE.read_bytes())
    sources = [item.source for item in read_inputs([str(tmp_path)])]
    assert sources == [*PAGE_URIS, str(tmp_path / "b.html")]


def test_scores_from_a_warc_equal_scores_of_the_pages(small_model, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(crawl_records()))
    results = list(score_sources(small_model, [str(path)], batch_size=2))
    assert [r.source for r in results] == PAGE_URIS
    # The address a page gives for itself wins; else the record's URI.
    assert [r.url for r in results] == [CANONICAL, PAGE_URIS[1], CANONICAL]
    expected = [
        score_page(small_model, EXAMPLE_PAGE.read_bytes()),
        score_page(small_model, WIDGETS_PAGE.read_bytes()),
        score_page(small_model, EXAMPLE_PAGE.read_bytes()),
    ]
    for result, scored in zip(results, expected, strict=True):
        assert result.error is None
        assert [s.teaser for s in result.scored] == [s.teaser for s in scored]
        assert [s.score for s in result.scored] == pytest.approx([s.score for s in scored])


def run_score(model_dir: Path, *args: str, stdin: bytes | None = None):
    return CliRunner().invoke(main, ["score", "--model", str(model_dir), *args], input=stdin)


def test_cli_scores_a_warc(small_model_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(crawl_records()))
    result = run_score(small_model_dir, str(path))
    assert result.exit_code == EXIT_OK, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records if r["index"] == 0] == PAGE_URIS
    assert len([r for r in records if r["source"] == PAGE_URIS[0]]) == 5


def test_cli_reports_a_damaged_tail_and_scores_the_rest(small_model_dir: Path, tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(damage(warc_bytes(crawl_records()), "garbage"))
    result = run_score(small_model_dir, str(path))
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    assert f"{path}: record at byte" in result.stderr
    assert "Traceback" not in result.stderr
    assert {json.loads(line)["source"] for line in result.stdout.splitlines()} == set(PAGE_URIS)


def test_cli_reads_a_warc_on_stdin(small_model_dir: Path) -> None:
    result = run_score(small_model_dir, "-", stdin=warc_bytes(crawl_records()))
    assert result.exit_code == EXIT_OK, result.output
    sources = {json.loads(line)["source"] for line in result.stdout.splitlines()}
    assert sources == set(PAGE_URIS)


def test_missing_warc_extra_is_a_clear_error(
    small_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # None in sys.modules makes "import warcio" fail, as if it were not installed.
    for name in [m for m in sys.modules if m.startswith("warcio")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "warcio", None)
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    (tmp_path / "page.html").write_bytes(EXAMPLE_PAGE.read_bytes())
    result = run_score(small_model_dir, str(tmp_path))
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    assert "needs the 'warc' extra" in result.stderr
    assert "pip install 'clickbait[warc]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 5


CRAWL = warc_bytes(crawl_records())


def _page_spans(data: bytes) -> dict[str, tuple[int, int]]:
    """Where each page record lies in a WARC file: its URI, and its first and end bytes."""
    from warcio.archiveiterator import ArchiveIterator

    spans = {}
    records = ArchiveIterator(io.BytesIO(data))
    for record in records:
        record.content_stream().read()
        if record.rec_type in {"response", "resource"}:
            start = records.get_record_offset()
            spans[record.rec_headers.get_header("WARC-Target-URI")] = (
                start,
                start + records.get_record_length(),
            )
    return {uri: spans[uri] for uri in PAGE_URIS}


PAGE_SPANS = _page_spans(CRAWL)
PAGE_TEXTS = {d.source: d.text for d in documents(list(read_warc(io.BytesIO(CRAWL))))}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(0, len(CRAWL)),
    start=st.integers(0, len(CRAWL)),
    noise=st.binary(min_size=1, max_size=64),
)
def test_damage_costs_only_the_records_it_touches(cut: int, start: int, noise: bytes) -> None:
    data = bytearray(CRAWL[:cut] if cut > len(CRAWL) // 2 else CRAWL)
    kept = len(data)  # bytes of the archive left after the cut
    first = min(start, kept)  # the first damaged byte (noise past the end is appended)
    data[start : start + len(noise)] = noise
    items = list(read_warc(io.BytesIO(bytes(data)), source="fuzz.warc.gz"))
    found = {d.source: d.text for d in documents(items)}
    # No page is invented or read twice, and they come in the archive's order.
    assert [d.source for d in documents(items)] == [uri for uri in PAGE_URIS if uri in found]
    # A page whose record the damage did not touch is read, and read whole.
    for uri, (begin, end) in PAGE_SPANS.items():
        if end <= kept and (end <= first or begin >= first + len(noise)):
            assert found.get(uri) == PAGE_TEXTS[uri], uri
    if kept == len(CRAWL) and len(found) < len(PAGE_URIS):  # a page lost to damage is told
        assert errors(items)


def test_a_damaged_gzip_magic_costs_only_the_first_record() -> None:
    data = bytearray(CRAWL)
    data[0] = 0
    items = list(read_warc(io.BytesIO(bytes(data)), source="crawl.warc.gz"))
    assert [d.source for d in documents(items)] == PAGE_URIS
    assert len(errors(items)) == 1


def test_gzip_of_one_record_is_not_read_as_a_page() -> None:
    data = gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n")
    with pytest.raises(PageError, match="WARC"):
        read_bytes(data, "x", "x.html.gz")


@pytest.mark.parametrize("compressed", [True, False])
def test_a_warc_with_binary_records_read_as_one_page_says_it_is_a_warc(compressed: bool) -> None:
    data = warc_bytes(crawl_records(), gzip=compressed)  # holds a PNG record
    with pytest.raises(PageError, match="a WARC archive of many pages: read it with read_warc"):
        read_bytes(data, "x", "x.html")


def _many_pages(count: int) -> list[Record]:
    page = EXAMPLE_PAGE.read_bytes()
    return [Record("response", f"https://news.example/page-{i}", page) for i in range(count)]


def test_damage_inside_a_gzip_member_costs_only_that_record(capfd: pytest.CaptureFixture) -> None:
    # A member whose deflate data breaks off lost every later member, and zlib's
    # messages went to stderr unprefixed.
    import random

    records = _many_pages(15)
    # A page that compresses to more than warcio's first read (16 kB), so that the
    # damage comes after the member's first inflated block.
    words = random.Random(1).choices(["alpha", "beta", "gamma", "delta", "été", "x"], k=60_000)
    big = ("<html><body><p>" + " ".join(f"{w}{i % 997}" for i, w in enumerate(words))).encode()
    records[1] = Record("response", "https://news.example/big", big)
    members = [warc_bytes([record]) for record in records]
    assert len(members[1]) > 3 * 16_384
    damaged = bytearray(members[1])
    middle = len(damaged) // 2
    damaged[middle : middle + 40] = bytes(b ^ 0xA5 for b in damaged[middle : middle + 40])
    data = members[0] + bytes(damaged) + b"".join(members[2:])
    items = list(read_warc(io.BytesIO(data), source="crawl.warc.gz"))
    assert [d.source for d in documents(items)] == [r.uri for i, r in enumerate(records) if i != 1]
    [error] = errors(items)
    assert error.reason.startswith(f"record at byte {len(members[0]):,}: damaged")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_the_cli_names_the_damaged_record_and_nothing_else(
    small_model_dir: Path, tmp_path: Path
) -> None:
    members = [warc_bytes([record]) for record in _many_pages(6)]
    big = "".join(f"<p>mot{i} numéro {i * 7919 % 10007}</p>" for i in range(20_000)).encode()
    members[2] = warc_bytes([Record("response", "https://news.example/big", big)])
    damaged = bytearray(members[2])
    damaged[len(damaged) // 2 :] = bytes(len(damaged) - len(damaged) // 2)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(members[:2]) + bytes(damaged) + b"".join(members[3:]))
    result = run_score(small_model_dir, str(path))
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    lines = result.stderr.splitlines()
    assert all(line.startswith("clickbait: ") for line in lines), lines
    assert sum("damaged" in line for line in lines) == 1
    sources = {json.loads(line)["source"] for line in result.stdout.splitlines()}
    assert len(sources) == 5


PLAIN = warc_bytes(crawl_records(), gzip=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.integers(0, len(PLAIN)), noise=st.binary(min_size=1, max_size=64))
def test_damage_to_an_uncompressed_warc_costs_only_the_records_it_touches(
    start: int, noise: bytes
) -> None:
    spans = _page_spans(PLAIN)
    data = bytearray(PLAIN)
    data[start : start + len(noise)] = noise
    items = list(read_warc(io.BytesIO(bytes(data)), source="fuzz.warc"))
    found: dict[str, str] = {}
    for document in documents(items):
        found.setdefault(document.source, document.text)
    for uri, (begin, end) in spans.items():
        # (A record's end includes the blank lines after it, which damage may also hit.)
        if end + 4 <= start or begin >= start + len(noise):
            assert found.get(uri) == PAGE_TEXTS[uri], uri


@pytest.mark.parametrize("digits", [b"9", b"99999"])
def test_a_wrong_length_in_an_uncompressed_warc_costs_only_its_record(digits: bytes) -> None:
    # A record whose length is too long runs over the next one's start: found again.
    data = PLAIN
    first = data.index(b"Content-Length: ", data.index(b"WARC-Type: response"))
    data = data[: first + 16] + digits + data[first + 16 :]
    items = list(read_warc(io.BytesIO(data), source="crawl.warc"))
    sources = [d.source for d in documents(items)]
    assert sources[-2:] == PAGE_URIS[1:]
    assert errors(items)


def test_a_gzip_bomb_record_is_refused_and_the_rest_read() -> None:
    bomb = Record("response", "https://news.example/bomb", b"<p>" + bytes(30_000_000))
    records = [*crawl_records()[:3], bomb, *crawl_records()[3:]]
    items = list(read_warc(io.BytesIO(warc_bytes(records)), max_bytes=100_000))
    assert [d.source for d in documents(items)] == PAGE_URIS
    [error] = errors(items)
    assert error.source == "https://news.example/bomb" and "larger than" in error.reason


def test_a_damaged_warc_on_a_pipe_is_read_past_the_damage() -> None:
    members = [warc_bytes([record]) for record in _many_pages(4)]
    damaged = bytearray(members[1])
    damaged[30:60] = bytes(30)

    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            return self._data.readinto(buffer)

    pipe = io.BufferedReader(Pipe(members[0] + bytes(damaged) + b"".join(members[2:])))
    assert not pipe.seekable()
    items = list(read_warc(pipe, source="-"))
    assert len(documents(items)) == 3 and len(errors(items)) == 1
