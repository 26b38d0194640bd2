"""Checks shared by the tests of HTML reports."""

from __future__ import annotations

import re
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_REFERENCE = re.compile(r"""\b(src|href|srcset|data|poster)\s*=\s*["']?([^"'\s>]*)""", re.I)


def assert_self_contained(html: str) -> None:
    """Nothing for a browser to fetch: no scripts, stylesheets or fonts by address, and
    every src/href either an embedded data: URI or an anchor in the page."""
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<link" not in lowered
    assert "@import" not in lowered and "url(" not in lowered
    for attribute, value in _REFERENCE.findall(html):
        assert value.startswith(("data:image/png;base64,", "#")), (attribute, value[:80])


def assert_png(path: Path) -> None:
    """A complete PNG file that an image library decodes."""
    from PIL import Image

    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and data.endswith(b"IEND\xaeB`\x82"), path
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG" and min(image.size) > 100
