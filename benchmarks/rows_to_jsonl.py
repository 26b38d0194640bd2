"""Score a table file to JSON Lines on stdout the light way: rows straight to records.

    python benchmarks/rows_to_jsonl.py table.jsonl > scores.jsonl

The reading of ``clickbait score`` (:func:`clickbait.pages.read_table`, batches of
2,048 rows), with each batch scored by :func:`clickbait.rowscoring.score_rows` and
written by :func:`clickbait.output.jsonl`: the output is that of ``clickbait
score``, byte for byte, without its ``Teaser`` objects and per-record encoder. The
comparison benchmark (``compare.py``) times it beside the command.
"""

from __future__ import annotations

import sys
from itertools import islice

from clickbait.output import jsonl
from clickbait.pages import read_table
from clickbait.persist import load_model
from clickbait.rowscoring import score_rows
from clickbait.scoring import BATCH_SIZE


def main(source: str) -> None:
    model = load_model()
    entries = read_table(source, 50 * 1024 * 1024)
    row = 0
    while batch := list(islice(entries, BATCH_SIZE)):
        kept = [(row + k, record) for k, (_, record, _) in enumerate(batch) if record is not None]
        records = score_rows(model, source, [r for _, r in kept], [i for i, _ in kept])
        sys.stdout.write(jsonl(records))
        row += len(batch)


if __name__ == "__main__":
    main(sys.argv[1])
