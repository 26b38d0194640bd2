from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait.pages import (
    PageError,
    decode,
    expand_inputs,
    read_bytes,
    read_path,
    read_table,
)
from clickbait.pages.tables import TABLE_HEAD_BYTES

FRENCH = "Santé : le symptôme visible sur la jambe, révélé à l'été"
PAGE = "<html><head>{meta}</head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ('<meta charset="utf-8">', "utf-8"),
        ("", "utf-8"),
        ('<meta charset="iso-8859-1">', "latin-1"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
        ("", "cp1252"),  # undeclared windows-1252
        ("", "latin-1"),  # undeclared ISO-8859-1
        ('<meta charset="utf-8">', "cp1252"),  # declared UTF-8, really windows-1252
        ('<meta charset="iso-8859-1">', "utf-8"),  # declared Latin-1, really UTF-8
    ],
)
def test_html_decodes_right_declared_or_not(meta: str, encoding: str) -> None:
    data = PAGE.format(meta=meta, text=FRENCH + " – 5 €").encode(encoding, errors="ignore")
    document = read_bytes(data, "page", "page.html")
    assert FRENCH in document.text
    assert document.kind == "html"


def test_windows_1252_only_characters_survive() -> None:
    data = PAGE.format(meta="", text="L’œuvre « coûte » 5 € – déjà").encode("cp1252")
    assert "L’œuvre « coûte » 5 € – déjà" in read_bytes(data, "p", "p.html").text


@pytest.mark.parametrize("bom_codec", ["utf-8-sig", "utf-16"])
def test_byte_order_marks(bom_codec: str) -> None:
    data = PAGE.format(meta='<meta charset="iso-8859-1">', text=FRENCH).encode(bom_codec)
    text, _ = decode(data, html=True)
    assert FRENCH in text
    assert not text.startswith(codecs.BOM_UTF8.decode("utf-8"))


def test_gzip_pages_are_read() -> None:
    data = gzip.compress(PAGE.format(meta="", text=FRENCH).encode())
    assert FRENCH in read_bytes(data, "p", "p.html.gz").text


def test_gzip_bomb_is_refused_within_the_limit() -> None:
    data = gzip.compress(b"<p>" + b"a" * 5_000_000)
    with pytest.raises(PageError, match="max-bytes"):
        read_bytes(data, "bomb", "bomb.html.gz", max_bytes=1_000_000)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"\x1f\x8b\x08\x00garbage", "gzip"),
    ],
)
def test_unreadable_inputs_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(PageError, match=reason):
        read_bytes(data, "x", "x.html")


def test_oversized_input_is_refused() -> None:
    with pytest.raises(PageError, match="larger than"):
        read_bytes(b"<p>" + b"x" * 2000, "big", "big.html", max_bytes=1000)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.html", b"hello", "html"),
        ("a.txt", b"<p>hello</p>", "text"),
        ("noext", b"  <!doctype html><p>x</p>", "html"),
        ("noext", b"Un titre\n\nUn texte...", "text"),
        ("noext", b'{"headline": "Un titre"}\n', "table"),
        ("noext", b"headline,snippet\nUn titre,Un texte\n", "table"),
    ],
)
def test_kind_from_name_or_content(name: str, data: bytes, kind: str) -> None:
    assert read_bytes(data, "x", name).kind == kind


def test_csv_table_rows_in_order_with_bad_rows_reported() -> None:
    data = "headline,snippet,url\nPremier titre,Premier texte,/a\n,vide,/b\nSecond titre,,/c\n"
    document = read_bytes(data.encode(), "t.csv", "t.csv")
    assert [r["headline"] for r in document.rows] == ["Premier titre", "Second titre"]
    assert document.problems == ("line 3: empty headline",)


def test_jsonl_table_skips_broken_lines() -> None:
    data = (
        b'{"headline": "A", "snippet": "x"}\n{broken\n\n'
        b'{"snippet": "no headline"}\n{"headline": "B"}\n'
    )
    document = read_bytes(data, "t.jsonl", "t.jsonl")
    assert [r["headline"] for r in document.rows] == ["A", "B"]
    assert len(document.problems) == 2
    assert document.problems[0].startswith("line 2")


def test_csv_without_headline_column_is_an_error() -> None:
    with pytest.raises(PageError, match="headline"):
        read_bytes(b"title,body\na,b\n", "t.csv", "t.csv")


def test_read_path_errors(tmp_path) -> None:
    with pytest.raises(PageError, match="no such file"):
        read_path(tmp_path / "missing.html")
    with pytest.raises(PageError, match="folder"):
        read_path(tmp_path)
    link = tmp_path / "dangling.html"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(PageError, match="broken link"):
        read_path(link)


def test_expand_inputs_walks_folders_in_order(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.html").write_text("x")
    (tmp_path / "a.html").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    found = list(expand_inputs([str(tmp_path), "-"]))
    assert found == [str(tmp_path / "a.html"), str(tmp_path / "b" / "2.html"), "-"]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from(["p.html", "p.txt", "p.csv", "p.jsonl", "p"]))
def test_any_bytes_give_a_document_or_a_page_error(data: bytes, name: str) -> None:
    try:
        document = read_bytes(data, "fuzz", name)
    except PageError as error:
        assert error.reason
    else:
        assert document.kind in {"html", "text", "table"}


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_utf8_text_round_trips(text: str) -> None:
    try:
        document = read_bytes(("<p>" + text).encode("utf-8"), "fuzz", "p.html")
    except PageError:
        return
    assert document.text == "<p>" + text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\r!", "no 'headline' column"),  # a bare carriage return once crashed the reader
        (b"a\x00b,c", "binary"),
    ],
)
def test_malformed_csv_is_a_page_error(data: bytes, reason: str) -> None:
    with pytest.raises(PageError, match=reason) as caught:
        read_bytes(data, "t.csv", "t.csv")
    assert caught.value.source == "t.csv"


def test_quoted_newline_in_csv_stays_in_its_field() -> None:
    document = read_bytes(b'headline\n"two\r\nlines"\n', "t.csv", "t.csv")
    assert [r["headline"] for r in document.rows] == ["two\r\nlines"]


def test_unparseable_csv_is_a_page_error() -> None:
    data = b'headline\n"' + b"x" * 200_000 + b'"\n'  # over the csv module's field limit
    with pytest.raises(PageError, match="not a valid CSV table"):
        read_bytes(data, "t.csv", "t.csv")


def _table(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("t.csv", b"headline,snippet,url\nPremier titre,Premier texte,/a\n,vide,/b\nSecond,,/c\n"),
        ("t.tsv", b"headline\tsnippet\nPremier titre\tx\n\tvide\nSecond\t\n"),
        ("t.jsonl", b'{"headline": "Premier titre"}\n{broken\n\n{"headline": "Second"}\n'),
        ("t.csv", b'\xef\xbb\xbfheadline\r\n"Premier\r\ntitre"\r\n""\r\nSecond\r\n'),
    ],
)
def test_streamed_table_matches_the_table_document(tmp_path: Path, name: str, data: bytes) -> None:
    document = read_bytes(data, "t", name)
    entries = list(read_table(_table(tmp_path, name, data)))
    assert [r for _, r, _ in entries if r is not None] == list(document.rows)
    assert [f"line {n}: {p}" for n, r, p in entries if r is None] == list(document.problems)
    assert len(document.rows) == 2 and len(document.problems) == 1


def test_streamed_table_reads_cp1252_lines_after_a_utf8_head(tmp_path: Path) -> None:
    # The encoding is chosen from the head; lines further down may still be windows-1252.
    head = "headline\n" + "Déjà vu en UTF-8\n" * (TABLE_HEAD_BYTES // 10)
    data = head.encode() + "Crème brûlée en cp1252\n".encode("cp1252")
    rows = [r["headline"] for _, r, _ in read_table(_table(tmp_path, "t.csv", data))]
    assert set(rows[:-1]) == {"Déjà vu en UTF-8"}
    assert rows[-1] == "Crème brûlée en cp1252"


def test_streamed_table_refuses_at_once_what_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(PageError, match="headline"):
        read_table(_table(tmp_path, "a.csv", b"title,body\na,b\n"))
    with pytest.raises(PageError, match="binary"):
        read_table(_table(tmp_path, "c.csv", b"headline\n\x00\x01\x02\x03"))
    with pytest.raises(PageError, match="no such file"):
        read_table(tmp_path / "missing.csv")


def test_a_streamed_table_has_no_size_limit_but_each_line_has(tmp_path: Path) -> None:
    row = b'{"headline": "Un titre"}\n'
    path = _table(tmp_path, "t.jsonl", row * 10 + b'{"headline": "' + b"x" * 500 + b'"}\n' + row)
    rows = read_table(path, max_bytes=100)  # the file is 800 bytes: no longer refused
    read = []
    with pytest.raises(PageError, match=r"line 11 is longer than 100 characters \(--max-bytes\)"):
        for _, record, _ in rows:
            read.append(record)
    assert len(read) == 10


def test_gzipped_tables_are_streamed_and_a_truncated_one_fails_where_it_breaks(
    tmp_path: Path,
) -> None:
    import gzip

    data = b"headline\tsnippet\n" + b"Un titre\tUn texte\n" * 50_000
    packed = gzip.compress(data)
    whole = [r["headline"] for _, r, _ in read_table(_table(tmp_path, "t.tsv.gz", packed))]
    assert len(whole) == 50_000
    rows = read_table(_table(tmp_path, "cut.tsv.gz", packed[: len(packed) // 2]))
    read = 0
    with pytest.raises(PageError, match=r"cut\.tsv\.gz"):
        for _ in rows:
            read += 1
    assert 0 < read < 50_000


def test_streamed_table_fails_at_the_broken_line(tmp_path: Path) -> None:
    data = b"headline\n" + b"Un titre\n" * 3 + b'"' + b"x" * 200_000 + b'"\n'
    rows = read_table(_table(tmp_path, "t.csv", data))
    assert [next(rows)[1] for _ in range(3)] == [{"headline": "Un titre"}] * 3
    with pytest.raises(PageError, match="not a valid CSV table"):
        next(rows)


def test_gzipped_table_under_a_plain_name_is_read(tmp_path: Path) -> None:
    data = gzip.compress(b'{"headline": "Un titre"}\n')
    assert [r for _, r, _ in read_table(_table(tmp_path, "t.jsonl", data))] == [
        {"headline": "Un titre"}
    ]


def test_json_lines_that_python_cannot_hold_are_problems() -> None:
    data = b'{"headline": ' + b"1" * 5000 + b'}\n{"headline": "B"}\n' + b"[" * 100_000 + b"\n"
    document = read_bytes(data, "t.jsonl", "t.jsonl")
    assert [r["headline"] for r in document.rows] == ["B"]
    assert [p.split(":")[0] for p in document.problems] == ["line 1", "line 3"]
