"""clickbait: find teasers in scraped pages and score each one as news or filler.

The top-level names are imported lazily so that ``import clickbait`` stays fast::

    import clickbait
    model = clickbait.load_model()                  # the shipped model
    teasers = clickbait.find_teasers(html_string)   # teasers of a page
    scored = model.score_teasers(teasers)           # ScoredTeaser(teaser, score, label)
    frame = model.score_frame(df)                   # DataFrame with headline, snippet
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "load_model": "clickbait.persist",
    "save_model": "clickbait.persist",
    "ModelError": "clickbait.persist",
    "TeaserModel": "clickbait.model",
    "ScoredTeaser": "clickbait.records",
    "build_pipeline": "clickbait.pipeline",
    "Teaser": "clickbait.records",
    "find_teasers": "clickbait.teasers",
    "extract": "clickbait.teasers",
    "read_bytes": "clickbait.pages",
    "read_path": "clickbait.pages",
    "read_warc": "clickbait.pages",
    "PageError": "clickbait.pages",
    "score_frame": "clickbait.scoring",
    "score_page": "clickbait.scoring",
    "score_sources": "clickbait.scoring",
    "SourceResult": "clickbait.scoring",
}

__all__ = [
    "ModelError",
    "PageError",
    "ScoredTeaser",
    "SourceResult",
    "Teaser",
    "TeaserModel",
    "__version__",
    "build_pipeline",
    "extract",
    "find_teasers",
    "load_model",
    "read_bytes",
    "read_path",
    "read_warc",
    "save_model",
    "score_frame",
    "score_page",
    "score_sources",
]

if TYPE_CHECKING:
    __version__: str

    from clickbait.model import TeaserModel
    from clickbait.pages import PageError, read_bytes, read_path, read_warc
    from clickbait.persist import ModelError, load_model, save_model
    from clickbait.pipeline import build_pipeline
    from clickbait.records import ScoredTeaser, Teaser
    from clickbait.scoring import SourceResult, score_frame, score_page, score_sources
    from clickbait.teasers import extract, find_teasers


def _installed_version() -> str:
    """The version of the installed distribution, or ``0+unknown`` when there is none."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clickbait")
    except PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        # Read from the package metadata on first use only: importlib.metadata alone
        # would take longer to import than the rest of the package.
        globals()["__version__"] = found = _installed_version()
        return found
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'clickbait' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)
