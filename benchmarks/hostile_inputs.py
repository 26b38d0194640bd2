"""The inputs of the hostile-input suite (``hostile.py``): pages, WARC files, tables,
folders and model folders, each written into a folder and named as arguments."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "data" / "examples" / "page-fr.html").read_bytes()


def container(links: int) -> bytes:
    items = "".join(f"<a href=/a/{i}>Un titre long {i}</a>" for i in range(links))
    return f"<html><body><div>{items}</div></body></html>".encode()


def cards(count: int, padding: int = 0) -> bytes:
    pad = "mot " * padding
    card = (
        "<li><div class=card><a href='/a/{i}-t.html'><img src=x.jpg><h3>Un titre assez long "
        "numéro {i}</h3></a><p>Un résumé de quatre mots et plus {pad}</p></div></li>"
    )
    body = "".join(card.format(i=i, pad=pad) for i in range(count))
    section = f"<section><h2>Plus d'articles</h2><ul>{body}</ul></section>"
    return f"<html><body>{section}</body></html>".encode()


def nested_cards(count: int) -> bytes:
    body = "".join(
        f"<div class=card><a href='/a/{i}-t.html'>Un titre numéro {i} assez long</a>"
        for i in range(count)
    )
    return f"<html><body>{body}{'</div>' * count}</body></html>".encode()


def deep(depth: int) -> bytes:
    section = (
        "<section><h2>Vous aimerez aussi</h2><div class=card><a href='/a/1-x.html'><h3>Ce signe "
        "sur vos mains qui doit vous alerter</h3></a></div></section>"
    )
    return f"<html><body>{'<div>' * depth}{section}{'</div>' * depth}</body></html>".encode()


def write(path: Path, data: bytes) -> list[str]:
    path.write_bytes(data)
    return [str(path)]


class _Zeros(io.RawIOBase):
    """``size`` zero bytes, made as they are read (a bomb's payload, in little memory)."""

    def __init__(self, size: int) -> None:
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = min(len(buffer), self._left)
        buffer[:count] = bytes(count)
        self._left -= count
        return count


def _warc(records: list[tuple[str, bytes | int]]) -> list[bytes]:
    """One gzip member per record; an int body is that many zero bytes."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    members = []
    for uri, body in records:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = _Zeros(body) if isinstance(body, int) else io.BytesIO(body)
        length = body if isinstance(body, int) else len(body)
        record = writer.create_warc_record(
            uri, "response", payload=payload, length=length, http_headers=headers
        )
        writer.write_record(record)
        members.append(buffer.getvalue())
    return members


def damaged_warc(folder: Path) -> list[str]:
    big = "".join(f"<p>mot{i} numéro {i * 7919 % 10007}</p>" for i in range(20_000)).encode()
    members = _warc([(f"https://news.example/{i}", big if i == 1 else PAGE) for i in range(15)])
    broken = bytearray(members[1])
    broken[len(broken) // 2 :] = bytes(b ^ 0x5A for b in broken[len(broken) // 2 :])
    members[1] = bytes(broken)
    return write(folder / "crawl.warc.gz", b"".join(members))


def bomb_warc(folder: Path) -> list[str]:
    members = _warc(
        [
            ("https://news.example/0", PAGE),
            ("https://news.example/bomb", 500_000_000),
        ]
    )
    members += _warc([("https://news.example/2", PAGE)])
    return write(folder / "bomb.warc.gz", b"".join(members))


def fifo_folder(folder: Path) -> list[str]:
    (folder / "pages").mkdir()
    (folder / "pages" / "a.html").write_bytes(PAGE)
    (folder / "pages" / "PROVENANCE.md").write_text("# notes\n")
    (folder / "pages" / "index.tsv").write_text("file\tsite\na.html\tx\n")
    (folder / "pages" / ".hidden.html").write_bytes(PAGE)
    os.mkfifo(folder / "pages" / "pipe.html")
    (folder / "real").mkdir()
    (folder / "real" / "b.html").write_bytes(PAGE)
    (folder / "pages" / "linked").symlink_to(folder / "real", target_is_directory=True)
    return [str(folder / "pages")]


def bad_bytes_page(folder: Path) -> list[str]:
    return write(folder / "page.html", PAGE.replace(b"</body>", b"<p>\xff\xfe\x80\x81</p></body>"))


def broken_table(folder: Path) -> list[str]:
    rows = b"".join(f"Un titre assez long numéro {i}\n".encode() for i in range(5))
    return write(folder / "t.csv", b"headline\n" + rows + b'"' + b"x" * 200_000 + b'"\n' + rows)


def long_line(size: int, junk: bool) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        with open(folder / "t.jsonl", "wb") as handle:
            handle.write(b'{"headline": "Un titre assez long pour compter"}\n')
            if junk:
                handle.write(
                    b'{"headline": "Un autre titre assez long", "junk": ['
                    + b"{}," * (size // 3)
                    + b"{}]}\n"
                )
            else:
                handle.write(b'{"headline": "' + b"mot " * (size // 4) + b'"}\n')
            handle.write(b'{"headline": "Le dernier titre assez long"}\n')
        return [str(folder / "t.jsonl")]

    return make


def model_copy(folder: Path, change: Callable[[dict[str, Any], Path], None]) -> str:
    from clickbait.persist import default_model_dir

    target = folder / "model"
    shutil.copytree(default_model_dir(), target)
    manifest = json.loads((target / "manifest.json").read_text())
    change(manifest, target)
    (target / "manifest.json").write_text(json.dumps(manifest))
    return str(target)


def huge_ngrams(manifest: dict[str, Any], target: Path) -> None:
    import numpy as np

    with np.load(target / "scorer.npz", allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    layout = json.loads(arrays["layout"].tobytes())
    layout["parts"][0]["ngram_range"] = [1, 10**9]
    arrays["layout"] = np.frombuffer(json.dumps(layout).encode(), dtype=np.uint8)
    np.savez_compressed(target / "scorer.npz", **arrays)
    manifest["scorer_sha256"] = hashlib.sha256((target / "scorer.npz").read_bytes()).hexdigest()


def with_model(change: Callable[[dict[str, Any], Path], None]) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        page = write(folder / "page.html", PAGE)
        return ["--model", model_copy(folder, change), *page]

    return make


def set_field(**fields: object) -> Callable[[dict[str, Any], Path], None]:
    def change(manifest: dict[str, Any], target: Path) -> None:
        manifest.update(fields)

    return change
