"""Bytes to text: gzip, byte-order marks, declared and detected charsets."""

from __future__ import annotations

import codecs
import zlib

from clickbait.pages.document import PageError


def _decompress(data: bytes, source: str, max_bytes: int) -> bytes:
    decompressor = zlib.decompressobj(wbits=31)
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise PageError(source, f"corrupt gzip data ({error})") from None
    if len(out) > max_bytes or decompressor.unconsumed_tail:
        raise PageError(source, f"decompresses to more than {max_bytes:,} bytes (--max-bytes)")
    if not decompressor.eof:
        raise PageError(source, "truncated or corrupt gzip data")
    return out


def decode(data: bytes, html: bool = False) -> tuple[str, str]:
    """Decode page bytes as a browser would, but trust the bytes over a wrong label.

    Order: byte-order mark; valid UTF-8, or UTF-8 with a few bytes that are not (read
    as windows-1252, the rest staying UTF-8); the encoding declared in the page (HTML
    meta or XML declaration, with browsers' aliases such as ISO-8859-1 ->
    windows-1252); a statistical guess; windows-1252. Returns ``(text, encoding)``.
    """
    from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        return data[len(bom) :].decode(bom_encoding, errors="replace"), bom_encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = html_body_declared_encoding(data) if html else None
    resolved = resolve_encoding(declared) if declared else None
    if _mostly_utf8(data, 1 if resolved in {"utf-8", "utf8"} else UTF8_SHARE):
        # A UTF-8 page with a few bad bytes (a cut, a pasted windows-1252 quote) stays
        # UTF-8: only the bad bytes are read otherwise, as windows-1252.
        return data.decode("utf-8", errors="clickbait.cp1252"), "utf-8"
    if resolved and resolved not in {"utf-8", "utf8"}:
        try:
            return data.decode(resolved), resolved
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[: 256 * 1024]))
    encoding = matches[0].encoding if matches else "cp1252"
    # Short Western pages fit several single-byte code pages about equally well; the
    # web's own default, windows-1252, wins when it reads the bytes nearly as cleanly.
    for match in matches:
        if match.encoding in {"cp1252", "latin_1", "iso8859_15"} and (
            match.chaos <= matches[0].chaos + 0.1
        ):
            encoding = "cp1252"
            break
    encoding = codecs.lookup(encoding).name
    return data.decode(encoding, errors="replace"), encoding


# Bytes of UTF-8 that decode well for each one that does not, to call a text UTF-8 that
# does not say so (a page that declares UTF-8 needs only more good bytes than bad).
UTF8_SHARE = 8
_ASCII = bytes(range(128))
_REPLACEMENT = "\ufffd".encode()


def _mostly_utf8(data: bytes, share: int = UTF8_SHARE) -> bool:
    """Whether bytes that are not all UTF-8 are UTF-8 all the same, with a few bad bytes:
    the bytes of their well-formed multi-byte sequences are ``share`` times (and more)
    as many as those that are not UTF-8."""
    # Each run of bad bytes becomes one U+FFFD; the text may hold real ones too.
    bad = data.decode("utf-8", errors="replace").count("\ufffd") - data.count(_REPLACEMENT)
    high = len(data.translate(None, _ASCII))  # bytes of multi-byte sequences, good or bad
    return bad > 0 and high > bad and high - bad >= share * bad


def text_head(data: bytes) -> tuple[bytes, str | None]:
    """The bytes after a byte-order mark, and the mark's encoding (``None`` without one)."""
    from w3lib.encoding import read_bom

    encoding, bom = read_bom(data)
    return (data[len(bom) :], encoding) if encoding else (data, None)


def _looks_binary(data: bytes) -> bool:
    head, encoding = text_head(data[:8192])
    if encoding and encoding != "utf-8":  # UTF-16 or UTF-32: judge the decoded text
        return _looks_binary(head.decode(encoding, errors="ignore").encode("utf-8"))
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.05


def _check_content(head: bytes, source: str) -> None:
    if not head.strip():
        raise PageError(source, "empty input")
    if _looks_binary(head):
        raise PageError(source, "binary data, not a page or a table of teasers")


def _utf8_with_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: bytes that are not UTF-8 are read as windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


codecs.register_error("clickbait.cp1252", _utf8_with_cp1252)
