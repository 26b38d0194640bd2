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


def test_a_field_over_the_csv_limit_costs_only_its_row() -> None:
    data = b'headline\n"' + b"x" * 200_000 + b'"\nSecond titre\n'  # over csv's field limit
    document = read_bytes(data, "t.csv", "t.csv")
    assert [r["headline"] for r in document.rows] == ["Second titre"]
    assert document.problems == ("line 2: a field longer than 131,072 characters (the CSV limit)",)


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
    entries = list(read_table(path, max_bytes=100))  # the file is 800 bytes: not refused
    assert [number for number, record, _ in entries if record is not None] == [*range(1, 11), 12]
    assert [(n, p) for n, r, p in entries if r is None] == [
        (11, "longer than 100 characters (--max-bytes)")
    ]


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


def test_streamed_table_goes_on_after_a_broken_line(tmp_path: Path) -> None:
    data = b"headline\n" + b"Un titre\n" * 3 + b'"' + b"x" * 200_000 + b'"\nDernier\n'
    entries = list(read_table(_table(tmp_path, "t.csv", data)))
    assert [r for _, r, _ in entries] == [{"headline": "Un titre"}] * 3 + [
        None,
        {"headline": "Dernier"},
    ]
    assert [n for n, _, _ in entries] == [2, 3, 4, 5, 6]


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


ARTICLE = (
    "<html><head>{meta}</head><body><h1>Après la pluie, l'été revient à Paris</h1>"
    "<p>Déjà une semaine de soleil prévue, les Parisiens célèbrent l'arrivée des beaux "
    "jours près de la Seine.</p><p>{damage}</p></body></html>"
)


@pytest.mark.parametrize("meta", ['<meta charset="utf-8">', "", '<meta charset="iso-8859-1">'])
def test_utf8_with_a_few_bad_bytes_stays_utf8(meta: str) -> None:
    # Four bytes that are not UTF-8 once made the whole page read as ISO-8859-10.
    page = ARTICLE.format(meta=meta, damage="X" + "<p>Déjà une page en français.</p>" * 5)
    data = page.encode().replace(b"X", b"\xe9t\xe9 \xff\xfe")
    document = read_bytes(data, "page", "page.html")
    assert document.encoding == "utf-8"
    assert "Après la pluie, l'été revient à Paris" in document.text
    assert "Déjà une semaine" in document.text
    assert "été" in document.text  # the bad bytes alone are read as windows-1252


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("name", ["page.html", "page"])
def test_utf16_and_utf32_pages_with_a_byte_order_mark_are_read(codec: str, name: str) -> None:
    text = ARTICLE.format(meta="", damage="fin")
    data = ("\ufeff" + text).encode(codec) if codec.endswith("-be") else text.encode(codec)
    document = read_bytes(data, "page", name)
    assert document.kind == "html"
    assert "Après la pluie, l'été revient à Paris" in document.text


def test_utf16_table_with_a_byte_order_mark_is_read() -> None:
    data = "headline\tsnippet\nL'été revient à Paris\tDéjà\n".encode("utf-16")
    document = read_bytes(data, "t.tsv", "t.tsv")
    assert [r["headline"] for r in document.rows] == ["L'été revient à Paris"]


def _problems(data: bytes, name: str, max_bytes: int = 50_000_000) -> tuple[list[str], list[str]]:
    document = read_bytes(data, name, name, max_bytes)
    return [r["headline"] for r in document.rows], list(document.problems)


def test_a_problem_is_reported_at_the_line_where_its_row_starts() -> None:
    data = (
        b'headline,snippet\n"Un titre\nsur deux lignes",x\n"",\nTitre,y\n,"vide\nsur deux"\nFin,z\n'
    )
    headlines, problems = _problems(data, "t.csv")
    assert headlines == ["Un titre\nsur deux lignes", "Titre", "Fin"]
    assert problems == ["line 4: empty headline", "line 6: empty headline"]


def test_a_quoted_field_over_the_csv_limit_is_skipped_to_its_end() -> None:
    field = b"x\n" * 70_000  # 140,000 characters over 70,000 lines, in one quoted field
    headlines, problems = _problems(b'headline\n"' + field + b'"\nSecond titre\n', "t.csv")
    assert headlines == ["Second titre"]
    assert problems == ["line 2: a field longer than 131,072 characters (the CSV limit)"]


def test_a_line_too_long_inside_a_quoted_field_costs_only_its_row(tmp_path: Path) -> None:
    data = b'headline,snippet\nA,"d\xc3\xa9but\n' + b"x" * 500 + b'\nfin"\nB,ok\n'
    entries = list(read_table(_table(tmp_path, "t.csv", data), max_bytes=100))
    assert [(n, r) for n, r, _ in entries] == [(2, None), (5, {"headline": "B", "snippet": "ok"})]
    assert entries[0][2] == "a line longer than 100 characters (--max-bytes)"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (b'{"headline": 123, "snippet": ["a"]}', "'headline' is a number, not text"),
        (b'{"headline": "Un titre", "snippet": ["a"]}', "'snippet' is a list, not text"),
        (b'{"headline": "Un titre", "url": {"a": 1}}', "'url' is a JSON object, not text"),
        (b'{"headline": true}', "'headline' is true or false, not text"),
        (b'["Un titre"]', "not a JSON object"),
        (b'{"headline": "' + b"x" * 131_073 + b'"}', "'headline' is longer than 131,072"),
    ],
)
def test_json_rows_whose_text_is_not_text_are_problems(row: bytes, problem: str) -> None:
    data = b'{"headline": "Premier titre"}\n' + row + b'\n{"headline": "Dernier titre"}\n'
    headlines, problems = _problems(data, "t.jsonl")
    assert headlines == ["Premier titre", "Dernier titre"]
    [found] = problems
    assert found.startswith(f"line 2: {problem}")


def test_json_lines_without_a_headline_field_are_refused_like_csv() -> None:
    rows = b'{"title": "Un titre", "snippet": "x"}\n' * 1000
    with pytest.raises(
        PageError, match=r"no 'headline' field in its first row \(line 1; fields: title, snippet\)"
    ):
        read_bytes(rows, "t.jsonl", "t.jsonl")
    with pytest.raises(PageError, match="no 'headline' column"):
        read_bytes(b"title,snippet\n" + b"Un titre,x\n" * 1000, "t.csv", "t.csv")


def test_json_values_a_teaser_does_not_use_are_skipped_unread() -> None:
    junk = b"[" + b"{}," * 200_000 + b"{}]"
    data = b'{"headline": "Un titre", "junk": ' + junk + b', "snippet": "x"}\n'
    document = read_bytes(data, "t.jsonl", "t.jsonl")
    assert document.rows == ({"headline": "Un titre", "snippet": "x"},)
