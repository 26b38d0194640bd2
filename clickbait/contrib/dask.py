"""Score on a Dask cluster: Dask DataFrames, Parquet datasets, and files (pages, WARCs).

Tasks carry the model's *path*, never the model: each worker process loads it once,
on first use, through :func:`worker_model` (cached on the path and the model file's
modification time), so a thousand tasks cost one load per worker. The files to score
must be readable by the workers under the same paths (a shared or network file
system), and so must a model given with ``model=``; ``model=None`` means each worker's
shipped model (or its ``$CLICKBAIT_MODEL``).

Results come out in a deterministic order, the one the single-process
``clickbait score`` gives, with identical scores::

    from dask.distributed import Client
    from clickbait.contrib import dask as cbd

    client = Client("tcp://scheduler:8786")
    results = cbd.score_files(["crawl/"])           # a dask.bag of SourceResult
    cbd.records_frame(results).to_parquet("scores/")

Needs the ``dask`` extra: ``pip install 'clickbait[dask]'``.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clickbait.extras import require

if TYPE_CHECKING:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client

    from clickbait.model import TeaserModel
    from clickbait.scoring import SourceResult

_PURPOSE = "scoring with Dask"
require("dask.dataframe", "dask", _PURPOSE)
require("dask.bag", "dask", _PURPOSE)

# A WARC file is a partition of its own; small files are scored this many at a time.
FILES_PER_PARTITION = 64
RECORD_DTYPES = {
    "source": "str",
    "index": "int64",
    "headline": "str",
    "snippet": "str",
    "url": "str",
    "block": "str",
    "sponsored": "bool",
    "score": "float64",
    "label": "str",
}

_lock = threading.Lock()


class SchedulerError(ConnectionError):
    """The Dask scheduler given by address cannot be reached; the message says what
    failed and how to check it."""


def _model_argument(model: str | Path | None) -> str | None:
    """A path the workers can open: absolute, as the client sees it; ``None`` stays."""
    return None if model is None else str(Path(model).resolve())


def _stamp(path: Path) -> int:
    target = path / "manifest.json" if path.is_dir() else path
    try:
        return target.stat().st_mtime_ns
    except OSError:
        return 0  # load_model says what is wrong


@lru_cache(maxsize=4)
def _load(path: str, trust: bool, stamp: int) -> TeaserModel:
    from clickbait.persist import load_model

    return load_model(path, trust=trust)


def worker_model(
    model: str | None = None, trust: bool = False, threshold: float | None = None
) -> TeaserModel:
    """The model at ``model`` (default: the shipped one), loaded once per process.

    A model rewritten in place (a new manifest) is loaded again. ``threshold``
    overrides the model's own without touching the cached copy.
    """
    from clickbait.persist import default_model_dir

    path = Path(model) if model else default_model_dir()
    with _lock:  # worker threads starting together load it once
        loaded = _load(str(path), trust, _stamp(path))
    return loaded if threshold is None else loaded.with_threshold(threshold)


# -- DataFrames and Parquet ------------------------------------------------------------


def _score_partition(
    frame: pd.DataFrame, model: str | None, trust: bool, threshold: float | None
) -> pd.DataFrame:
    scored = worker_model(model, trust, threshold).score_frame(frame)
    return scored.astype({"score": "float64", "label": "str"})


def score_dataframe(
    frame: dd.DataFrame,
    model: str | Path | None = None,
    *,
    trust: bool = False,
    threshold: float | None = None,
) -> dd.DataFrame:
    """``frame`` (``headline`` and optional ``snippet`` columns) with ``score`` and
    ``label`` added, partition by partition; lazy, like any Dask DataFrame."""
    import pandas as pd

    if "headline" not in frame.columns:
        raise ValueError("the DataFrame has no 'headline' column")
    meta = frame._meta.assign(score=pd.Series(dtype="float64"), label=pd.Series(dtype="str"))
    return frame.map_partitions(
        _score_partition, _model_argument(model), trust, threshold, meta=meta
    )


def score_parquet(
    path: str | Path | list[str],
    model: str | Path | None = None,
    *,
    trust: bool = False,
    threshold: float | None = None,
    **read_options: Any,
) -> dd.DataFrame:
    """A Parquet dataset of teasers, scored: :func:`score_dataframe` over
    ``dask.dataframe.read_parquet(path, **read_options)``."""
    import dask.dataframe as dd

    frame = dd.read_parquet(path, **read_options)
    return score_dataframe(frame, model, trust=trust, threshold=threshold)


# -- Files: pages, tables, WARC files --------------------------------------------------


def _groups(files: list[str], files_per_partition: int) -> list[list[str]]:
    """Consecutive runs of files, a WARC file alone: the order of the files is kept."""
    from clickbait.pages import is_warc

    groups: list[list[str]] = []
    run: list[str] = []
    for path in files:
        if is_warc(path):
            groups.extend([run, [path]] if run else [[path]])
            run = []
            continue
        run.append(path)
        if len(run) >= files_per_partition:
            groups.append(run)
            run = []
    if run:
        groups.append(run)
    return groups


def _score_group(
    files: list[str],
    model: str | None,
    trust: bool,
    threshold: float | None,
    max_bytes: int,
    explain: int,
) -> list[SourceResult]:
    from clickbait.scoring import score_sources

    scorer = worker_model(model, trust, threshold)
    return list(score_sources(scorer, files, max_bytes=max_bytes, explain=explain))


def score_files(
    paths: Iterable[str | Path],
    model: str | Path | None = None,
    *,
    trust: bool = False,
    threshold: float | None = None,
    max_bytes: int | None = None,
    explain: int = 0,
    files_per_partition: int = FILES_PER_PARTITION,
) -> db.Bag:
    """Score files, folders and WARC files on the cluster, as ``clickbait score`` does.

    Returns a ``dask.bag`` of :class:`~clickbait.scoring.SourceResult`, one per
    document (a large table gives one per batch of rows), in the order of the
    single-process run. Folders are listed here, on the
    client; each WARC file is one partition, other files go ``files_per_partition``
    at a time. Standard input cannot be scored on a cluster.
    """
    import dask.bag as db

    from clickbait.pages import DEFAULT_MAX_BYTES, expand_inputs

    files = list(expand_inputs(str(p) for p in paths))
    if "-" in files:
        raise ValueError("standard input cannot be scored on a Dask cluster; give files")
    groups = _groups(files, max(1, files_per_partition))
    if not groups:
        return db.from_sequence([], npartitions=1)
    args = (
        _model_argument(model),
        trust,
        threshold,
        max_bytes or DEFAULT_MAX_BYTES,
        explain,
    )
    return db.from_sequence(groups, partition_size=1).map(_score_group, *args).flatten()


def iter_results(results: db.Bag, client: Client | None = None) -> Iterator[SourceResult]:
    """The bag's results in order, handed over partition by partition as they arrive.

    With a distributed ``client`` (default: the current one, if any) the cluster
    works on every partition at once while the first ones are already read here;
    each partition is released once read. Without one, dask's local scheduler runs.
    """
    import dask

    parts = results.to_delayed()
    if client is None:
        client = _current_client()
    if client is None:
        for chunk in dask.compute(*parts):
            yield from chunk
        return
    futures = deque(client.compute(parts))
    while futures:
        future = futures.popleft()
        chunk = future.result()
        future.release()
        yield from chunk


def _current_client() -> Client | None:
    try:
        from distributed import get_client

        return get_client()
    except (ImportError, ValueError):
        return None


def _records_partition(results: list[SourceResult]) -> pd.DataFrame:
    import pandas as pd

    rows = [
        {k: record[k] for k in RECORD_DTYPES} for result in results for record in result.records()
    ]
    return pd.DataFrame.from_records(rows, columns=list(RECORD_DTYPES)).astype(RECORD_DTYPES)


def records_frame(results: db.Bag) -> dd.DataFrame:
    """The teasers of :func:`score_files` results as a Dask DataFrame, in order.

    Columns: source, index, headline, snippet, url, block, sponsored, score, label
    (``--explain`` reasons are left out). Documents that could not be read give no
    rows: find them with ``results.filter(lambda r: r.error is not None)``.
    """
    import dask.dataframe as dd
    import pandas as pd

    meta = pd.DataFrame({k: pd.Series(dtype=v) for k, v in RECORD_DTYPES.items()})
    parts = results.map_partitions(_records_partition).to_delayed()
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def score_on_cluster(
    paths: Iterable[str | Path],
    scheduler: str | None = None,
    **options: Any,
) -> Iterator[SourceResult]:
    """What ``clickbait score --engine dask`` runs: :func:`score_files` on the cluster
    at ``scheduler`` (default: a local cluster, one single-threaded worker per core),
    streamed in order by :func:`iter_results`. ``options`` go to :func:`score_files`.
    Raises :class:`SchedulerError` when ``scheduler`` cannot be reached.
    """
    distributed = require("distributed", "dask", _PURPOSE)
    results = score_files(paths, **options)
    cluster = None
    if scheduler is None:
        cluster = distributed.LocalCluster(threads_per_worker=1, dashboard_address=None)
        client = distributed.Client(cluster, set_as_default=False)
    else:
        client = connect(scheduler)
    try:
        yield from iter_results(results, client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def connect(scheduler: str) -> Client:
    """A client of the scheduler at ``scheduler`` (``tcp://host:8786``), or
    :class:`SchedulerError` saying what failed and how to check it."""
    import dask
    import distributed

    timeout = dask.config.get("distributed.comm.timeouts.connect")
    try:
        return distributed.Client(scheduler, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        reason = str(error) or type(error).__name__
        raise SchedulerError(
            f"cannot reach the Dask scheduler at {scheduler} ({reason}). Check that "
            "'dask scheduler' runs there and printed this address, and that its port is "
            f"open from this machine; the wait is {timeout} "
            "(DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT)"
        ) from None
