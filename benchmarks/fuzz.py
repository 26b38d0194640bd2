"""Long fuzz run over page reading, teaser extraction, features and scoring.

Each target gets ``--examples`` generated inputs from hypothesis (arbitrary bytes, any
Unicode, markup soup, deep nesting). An input that raises anything other than the
documented :class:`clickbait.pages.PageError` is a crash. The run writes a JSON summary
and exits 1 if any target crashed.

    python benchmarks/fuzz.py --examples 20000          # the long run
    python benchmarks/fuzz.py --examples 50 --quick     # CI: proves it still runs
"""

from __future__ import annotations

import argparse
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
from clickbait.teasers import Teaser, extract, extract_html, extract_text
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


def deep(depth: int) -> str:
    return "<div>" * depth + "<a href='/x'>Un titre assez long pour compter</a>" + "</div>" * depth


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
        extract(document)

    @given(MARKUP)
    def html_soup(html: str) -> None:
        extract_html(html)

    @given(st.integers(min_value=1, max_value=20_000))
    def deep_nesting(depth: int) -> None:
        extract_html(deep(depth))

    @given(st.text(max_size=5_000))
    def text_scrapes(text: str) -> None:
        extract_text(text)

    @given(st.text(max_size=2_000), st.text(max_size=2_000))
    def style_features(headline: str, snippet: str) -> None:
        style_vector(normalize_text(headline), normalize_text(snippet))

    found: dict[str, Callable[[], None]] = {
        "read_and_extract": read_and_extract,
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20_000, help="inputs per target")
    parser.add_argument(
        "--model",
        default="",
        help="model folder for the scoring target (default: the shipped model)",
    )
    parser.add_argument("--quick", action="store_true", help="skip the scoring target")
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
        runner = settings(
            max_examples=args.examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(target)
        started = time.perf_counter()
        try:
            runner()
            outcome = {"crashes": 0}
        except Exception as error:  # the point of the run: record any crash and go on
            crashes += 1
            outcome = {
                "crashes": 1,
                "error": repr(error),
                "traceback": traceback.format_exc(limit=8),
            }
        outcome["seconds"] = round(time.perf_counter() - started, 1)
        summary["targets"][name] = outcome  # type: ignore[index]
        print(f"{name}: {outcome['crashes']} crash(es) in {outcome['seconds']} s", file=sys.stderr)
    summary["crashes"] = crashes
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
