"""Long fuzz run over page reading, teaser extraction, features and scoring.

Each target gets ``--examples`` generated inputs from hypothesis (arbitrary bytes, any
Unicode, markup soup, deep nesting, tables, WARC files damaged at random offsets,
manifests). An input that raises anything other than the documented errors
(:class:`clickbait.pages.PageError`, :class:`clickbait.teasers.PageTooComplex`,
:class:`clickbait.persist.ModelError`), or breaks a target's promise (a WARC record
the damage did not touch is read whole), is a crash. The run writes a JSON summary
and exits 1 if any target crashed.

    python benchmarks/fuzz.py --examples 100000         # the long run (about 30 minutes)
    python benchmarks/fuzz.py --examples 50 --quick     # CI: proves it still runs
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clickbait.pages import PageError, read_bytes
from clickbait.style import style_vector
from clickbait.teasers import PageTooComplex, Teaser, extract, extract_html, extract_text
from clickbait.teasers.budget import MAX_DEPTH
from clickbait.text import normalize_text

MARKUP = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "</",
            "<div>",
            "</div>",
            "<a href='/x'>",
            "</a>",
            "<h2>",
            "</h2>",
            "<h2>Les plus lus</h2>",
            "<h3>More stories</h3>",
            "<ul>",
            "<li>",
            "</li>",
            "<p>",
            "<div class='OUTBRAIN'>",
            "<div id='taboola-below'>",
            "<nav>",
            "<footer>",
            "<script>",
            "</script>",
            "<!--",
            "-->",
            "&amp;",
            "&#0;",
            "\x00",
            "é",
            "…",
            "...",
            "Un titre assez long pour compter",
            "Sponsorisé",
            "\n\n",
            "<meta charset='latin-1'>",
        ]
    ),
    max_size=300,
).map("".join)


TABLE = st.lists(
    st.sampled_from(
        [
            "headline",
            ",snippet",
            "\tsnippet",
            ",url\n",
            "\n",
            "\r\n",
            "\r",
            ",",
            "\t",
            '"',
            '""',
            "Un titre assez long",
            "x" * 140_000,
            '{"headline": "Un titre"}',
            '{"headline": ',
            '{"title": "x"}',
            "123",
            "[",
            "]",
            "{",
            "}",
            ":",
            "null",
            "true",
            '["a"]',
            "\ufeff",
            "é",
            "\x00",
        ]
    ),
    max_size=60,
).map("".join)


def warc_sample() -> tuple[bytes, dict[str, tuple[int, int]], dict[str, str]]:
    """A small gzipped WARC of six pages, where each page record lies, and its texts."""
    import io

    from warcio.archiveiterator import ArchiveIterator
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from clickbait.pages import Document, read_warc

    page = (
        Path(__file__).resolve().parent.parent / "data" / "examples" / "page-fr.html"
    ).read_bytes()
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i in range(6):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = page.replace(b"<body>", f"<body><p>page {i}</p>".encode(), 1)
        record = writer.create_warc_record(
            f"https://news.example/{i}", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    data = buffer.getvalue()
    spans = {}
    records = ArchiveIterator(io.BytesIO(data))
    for record in records:
        record.content_stream().read()
        start = records.get_record_offset()
        spans[record.rec_headers.get_header("WARC-Target-URI")] = (
            start,
            start + records.get_record_length(),
        )
    texts = {d.source: d.text for d in read_warc(io.BytesIO(data)) if isinstance(d, Document)}
    return data, spans, texts


def deep(depth: int, tag: str = "div", closed: bool = True) -> str:
    """A link under ``depth`` nested ``tag`` elements, closed or left open at the end."""
    link = "<a href='/x'>Un titre assez long pour compter</a>"
    return f"<{tag}>" * depth + link + (f"</{tag}>" * depth if closed else "")


def targets(model_dir: str | None) -> dict[str, Callable[[], None]]:
    @given(
        st.binary(max_size=20_000),
        st.sampled_from(["p.html", "p.txt", "p.csv", "p.jsonl", "p.gz", "p"]),
    )
    def read_and_extract(data: bytes, name: str) -> None:
        try:
            document = read_bytes(data, "fuzz", name)
        except PageError:
            return
        with contextlib.suppress(PageTooComplex):
            extract(document)

    @given(MARKUP)
    def html_soup(html: str) -> None:
        with contextlib.suppress(PageTooComplex):
            extract_html(html)

    @given(
        st.integers(min_value=1, max_value=20_000),
        st.sampled_from(["div", "section", "span"]),
        st.booleans(),
    )
    def deep_nesting(depth: int, tag: str, closed: bool) -> None:
        try:
            found = extract_html(deep(depth, tag, closed))
        except PageTooComplex:
            assert depth >= MAX_DEPTH - 2  # (html and body count too)
            return
        assert len(found.teasers) == 1

    @given(st.text(max_size=5_000))
    def text_scrapes(text: str) -> None:
        extract_text(text)

    @given(st.text(max_size=2_000), st.text(max_size=2_000))
    def style_features(headline: str, snippet: str) -> None:
        style_vector(normalize_text(headline), normalize_text(snippet))

    @given(TABLE, st.sampled_from(["t.csv", "t.tsv", "t.jsonl", "t"]))
    def tables(text: str, name: str) -> None:
        try:
            document = read_bytes(text.encode("utf-8", "surrogatepass"), "fuzz", name)
        except PageError:
            return
        for row in document.rows:
            assert isinstance(row.get("headline"), str) and row["headline"].strip()
        extract(document)

    warc, spans, texts = warc_sample()

    @given(
        st.integers(0, len(warc)),
        st.binary(min_size=1, max_size=200),
        st.integers(0, len(warc)),
    )
    def warc_damage(start: int, noise: bytes, cut: int) -> None:
        import io

        from clickbait.pages import Document, read_warc

        data = bytearray(warc[:cut] if cut > len(warc) // 2 else warc)
        kept = len(data)
        data[start : start + len(noise)] = noise
        items = list(read_warc(io.BytesIO(bytes(data)), source="fuzz.warc.gz"))
        found = {d.source: d.text for d in items if isinstance(d, Document)}
        for uri, (begin, end) in spans.items():  # an untouched record is read whole
            if end <= kept and (end <= start or begin >= start + len(noise)):
                assert found.get(uri) == texts[uri], uri

    from clickbait.manifest import ModelError, checked_manifest

    value = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=80),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=10,
    )
    fields = ["format", "model_file", "sha256", "scorer_file", "scorer_sha256", "threshold",
              "calibration", "versions", "card", "created"]  # fmt: skip
    sound = {
        "format": 1,
        "model_file": "model.skops",
        "sha256": "0" * 64,
        "scorer_file": "scorer.npz",
        "scorer_sha256": "1" * 64,
        "threshold": 0.5,
        "calibration": {"method": "sigmoid", "slope": 1.0, "intercept": 0.0},
        "versions": {"scikit-learn": "1.9.1"},
        "card": {},
    }

    @given(st.dictionaries(st.sampled_from(fields), value, max_size=6), st.booleans())
    def manifests(changes: dict[str, object], start_sound: bool) -> None:
        manifest = {**sound, **changes} if start_sound else changes
        try:
            checked = checked_manifest(manifest, Path("model/manifest.json"))
        except ModelError:
            return
        assert 0.0 <= checked.threshold <= 1.0
        assert "/" not in checked.model_file and checked.model_file not in {".", ".."}
        assert checked.calibration is None or checked.calibration.slope > 0

    found: dict[str, Callable[[], None]] = {
        "read_and_extract": read_and_extract,
        "tables": tables,
        "warc_damage": warc_damage,
        "manifests": manifests,
        "html_soup": html_soup,
        "deep_nesting": deep_nesting,
        "text_scrapes": text_scrapes,
        "style_features": style_features,
    }
    if model_dir is not None:
        from clickbait.persist import load_model

        model = load_model(model_dir or None)

        @given(st.lists(st.tuples(st.text(max_size=500), st.text(max_size=500)), max_size=20))
        def scoring(pairs: list[tuple[str, str]]) -> None:
            for item in model.score_teasers(Teaser(headline=h, snippet=s) for h, s in pairs):
                assert 0.0 <= item.score <= 1.0

        found["scoring"] = scoring
    return found


def run_target(target: Callable[[], None], examples: int) -> dict[str, object]:
    """Run one target for up to ``examples`` inputs; its crashes, inputs and seconds."""
    inputs = 0
    test = target.hypothesis.inner_test  # type: ignore[attr-defined]

    def counted(*given_args: object, **given_kwargs: object) -> None:
        nonlocal inputs
        inputs += 1
        test(*given_args, **given_kwargs)

    target.hypothesis.inner_test = counted  # type: ignore[attr-defined]
    runner = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )(target)
    started = time.perf_counter()
    outcome: dict[str, object]
    try:
        runner()
        outcome = {"crashes": 0}
    except Exception as error:  # the point of the run: record any crash and go on
        outcome = {"crashes": 1, "error": repr(error), "traceback": traceback.format_exc(limit=8)}
    outcome["seconds"] = round(time.perf_counter() - started, 1)
    # Hypothesis stops early once a small input space is exhausted (deep_nesting has
    # 20,000 depths), so the run records the inputs each target really received.
    outcome["inputs"] = inputs
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="inputs per target")
    parser.add_argument(
        "--model",
        default="",
        help="model folder for the scoring target (default: the shipped model)",
    )
    parser.add_argument("--quick", action="store_true", help="skip the scoring target")
    parser.add_argument("--target", action="append", help="run only this target (repeat for more)")
    parser.add_argument(
        "--output", type=Path, default=Path(__file__).parent / "results" / "fuzz.json"
    )
    args = parser.parse_args()

    summary: dict[str, object] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "examples_per_target": args.examples,
        "targets": {},
    }
    crashes = 0
    for name, target in targets(None if args.quick else args.model).items():
        if args.target and name not in args.target:
            continue
        outcome = run_target(target, args.examples)
        crashes += outcome["crashes"]
        summary["targets"][name] = outcome  # type: ignore[index]
        print(
            f"{name}: {outcome['crashes']} crash(es) in {outcome['inputs']:,} inputs, "
            f"{outcome['seconds']} s",
            file=sys.stderr,
        )
    summary["crashes"] = crashes
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
