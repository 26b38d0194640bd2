"""What 200 labels of a new site bring, taken in uncertainty order or in page order.

Replays ``clickbait label`` sessions (:mod:`clickbait.labelling.gain`) on two labelled
sources the shipped config trains on, each left out of the base model in turn:

- ``orangesum``: Orange Actu, one French news site (the team's reading of 3,000
  OrangeSum items, ``orangesum-read``). Pool: its training two thirds; measured on its
  held-out third (by hash). OrangeSum by source (``orangesum-fr``) is left out too.
- ``stop-clickbait``: the team's reading of 3,000 Stop Clickbait headlines
  (``stop-clickbait-read``), English, from many outlets: a new *source* rather than one
  site. Stop Clickbait by outlet (``stop-clickbait``) is left out too.

No real page set has a site with enough labelled teasers for a pool of 200 and a
held-out part beside it (the largest, dailymail.co.uk, has 394 over a few pages).

    python benchmarks/labelling_gain.py                 # about 3 minutes on 2 cores
    python benchmarks/labelling_gain.py --budget 100 --sample 3000   # a quick look

Needs ../shared. Writes ``results/labelling_gain.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SITES = {
    "orangesum": ("orangesum-read", ("orangesum-read", "orangesum-fr")),
    "stop-clickbait": ("stop-clickbait-read", ("stop-clickbait-read", "stop-clickbait")),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=int, default=200, help="labels per session")
    parser.add_argument("--page-starts", type=int, default=5, help="page-order starting points")
    parser.add_argument("--sample", type=int, default=None, help="cap rows per corpus (quick)")
    parser.add_argument("--site", choices=sorted(SITES), action="append", help="only these")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "labelling_gain.json")
    args = parser.parse_args()

    from clickbait.datasets import SharedDataMissing
    from clickbait.experiments import load_splits, shipped_config
    from clickbait.labelling.gain import NewSite, labelling_gain, summary_rows

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    config = shipped_config()
    try:
        splits = load_splits(config, sample=args.sample, progress=progress)
    except SharedDataMissing as error:
        print(f"labelling_gain: needs ../shared ({error})", file=sys.stderr)
        return 2
    results = []
    for name in args.site or sorted(SITES):
        corpus, corpora = SITES[name]
        if corpus not in splits.held_out:
            print(f"labelling_gain: {corpus} cannot be read, {name} skipped", file=sys.stderr)
            continue
        site = NewSite(
            name=name,
            pool=splits.train[splits.train["corpus"] == corpus],
            held_out=splits.held_out[corpus],
            corpora=corpora,
        )
        results.append(
            labelling_gain(
                site,
                splits.train,
                splits.weights,
                config.params,
                budget=args.budget,
                page_starts=args.page_starts,
                progress=progress,
            )
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    summary = {"budget": args.budget, "sample": args.sample, "sites": results}
    args.output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    table = summary_rows(results)
    columns = ["site", "order", "labels_filler", "f1", "precision", "recall",
               "average_precision", "news_flagged"]  # fmt: skip
    print(table.reindex(columns=columns).to_string(index=False))
    for result in results:
        for name, diff in result["uncertainty_minus_page"].items():
            print(
                f"{result['site']}: uncertainty minus {name}: F1 {diff['difference']:+.3f} "
                f"[{diff['low']:+.3f}, {diff['high']:+.3f}]"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
