"""Write small WARC and WET files for tests, with warcio's own writer."""

from __future__ import annotations

import gzip as gzip_module
import io
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .conftest import FIXTURES

EXAMPLE_PAGE = FIXTURES.parent.parent / "data" / "examples" / "page-fr.html"
WIDGETS_PAGE = FIXTURES / "widgets.html"
SCRAPE_TEXT = FIXTURES / "scrape.txt"


@dataclass(frozen=True)
class Record:
    """One record to write: ``kind`` is response, request, resource, conversion or warcinfo."""

    kind: str
    uri: str
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    encoding: str = ""  # HTTP Content-Encoding, e.g. "gzip"


def crawl_records() -> list[Record]:
    """A small crawl: three pages with teasers, a request, an image, a redirect, a script."""
    page = EXAMPLE_PAGE.read_bytes()
    widgets = WIDGETS_PAGE.read_bytes()
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    return [
        Record("warcinfo", "", b"software: test\r\n"),
        Record("request", "https://news.example/fr/page"),
        Record("response", "https://news.example/fr/page", page),
        Record("response", "https://news.example/logo.png", png, "image/png"),
        Record("response", "https://news.example/en/storm", widgets, encoding="gzip"),
        Record("response", "https://news.example/old", b"", "text/html"),
        Record("response", "https://news.example/app.js", b"var x = 1;", "application/javascript"),
        Record("resource", "https://news.example/saved", page, "text/html"),
    ]


def warc_bytes(records: list[Record], gzip: bool = True) -> bytes:
    """The records as one WARC file, one gzip member per record when ``gzip``."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for record in records:
        writer.write_record(_build(writer, record))
    return buffer.getvalue()


def _build(writer: WARCWriter, record: Record):
    if record.kind == "warcinfo":
        return writer.create_warcinfo_record("test.warc.gz", {"software": "test"})
    if record.kind == "request":
        headers = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True
        )
        return writer.create_warc_record(
            record.uri, "request", payload=io.BytesIO(b""), http_headers=headers
        )
    if record.kind == "response":
        body = gzip_module.compress(record.body) if record.encoding == "gzip" else record.body
        fields = [("Content-Type", record.content_type)]
        if record.encoding:
            fields.append(("Content-Encoding", record.encoding))
        headers = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
        return writer.create_warc_record(
            record.uri, "response", payload=io.BytesIO(body), http_headers=headers
        )
    return writer.create_warc_record(
        record.uri,
        record.kind,
        payload=io.BytesIO(record.body),
        warc_content_type=record.content_type,
    )


def write_warc(path: Path, records: list[Record], gzip: bool = True) -> Path:
    path.write_bytes(warc_bytes(records, gzip))
    return path
