"""Score items as a Scrapy crawl goes: an item pipeline.

Enable it in the project's ``settings.py``::

    ITEM_PIPELINES = {"clickbait.contrib.scrapy.ClickbaitPipeline": 300}

Items that carry a teaser (a headline, optionally a snippet) get a score and a label;
items that carry a whole page (``CLICKBAIT_HTML_FIELD``) get the page's teasers, each
scored. Dict items and every item type ``itemadapter`` supports (``scrapy.Item``,
dataclasses, attrs) work; a ``scrapy.Item`` must declare the fields the pipeline
writes. Settings, with their defaults:

=========================  ====================  =============================================
``CLICKBAIT_MODEL``        ``None``              model folder; ``None`` is the shipped model
``CLICKBAIT_HEADLINE_FIELD`` ``"headline"``      the item field holding the headline
``CLICKBAIT_SNIPPET_FIELD``  ``"snippet"``       the snippet field (may be missing or empty)
``CLICKBAIT_HTML_FIELD``   ``None``              a field holding a page's HTML (str or bytes)
``CLICKBAIT_THRESHOLD``    ``None``              filler from this score on; ``None``: model's
``CLICKBAIT_DROP_FILLER``  ``False``             drop teaser items labelled filler
``CLICKBAIT_SCORE_FIELD``  ``"clickbait_score"``  where the score goes
``CLICKBAIT_LABEL_FIELD``  ``"clickbait_label"``  where the label (filler or news) goes
``CLICKBAIT_TEASERS_FIELD`` ``"clickbait_teasers"`` a page's scored teasers (list of dicts)
``CLICKBAIT_TRUST``        ``False``             load a model with types outside the allow-list
=========================  ====================  =============================================

The model is loaded once, when the spider opens. Crawl stats count
``clickbait/items_scored``, ``clickbait/filler``, ``clickbait/dropped``,
``clickbait/pages_scored``, ``clickbait/teasers_scored``, ``clickbait/teasers_filler``,
``clickbait/items_skipped`` (nothing to score) and ``clickbait/errors`` (an item that
could not be scored or written to; it goes on unchanged and the log says why).

Needs the ``scrapy`` extra: ``pip install 'clickbait[scrapy]'``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from clickbait.extras import require

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from clickbait.model import TeaserModel

_PURPOSE = "the Scrapy pipeline"
_itemadapter = require("itemadapter", "scrapy", _PURPOSE)
_exceptions = require("scrapy.exceptions", "scrapy", _PURPOSE)

logger = logging.getLogger(__name__)


class ClickbaitPipeline:
    """Adds a filler score and label to teaser items, and scored teasers to page items."""

    def __init__(
        self,
        model: str | None = None,
        *,
        headline_field: str = "headline",
        snippet_field: str = "snippet",
        html_field: str | None = None,
        threshold: float | None = None,
        drop_filler: bool = False,
        score_field: str = "clickbait_score",
        label_field: str = "clickbait_label",
        teasers_field: str = "clickbait_teasers",
        trust: bool = False,
        crawler: Crawler | None = None,
    ) -> None:
        self.model_path = model
        self.headline_field = headline_field
        self.snippet_field = snippet_field
        self.html_field = html_field
        self.threshold = threshold
        self.drop_filler = drop_filler
        self.score_field = score_field
        self.label_field = label_field
        self.teasers_field = teasers_field
        self.trust = trust
        self.crawler = crawler
        self.model: TeaserModel | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClickbaitPipeline:
        settings = crawler.settings
        threshold = settings.get("CLICKBAIT_THRESHOLD")
        return cls(
            settings.get("CLICKBAIT_MODEL") or None,
            headline_field=settings.get("CLICKBAIT_HEADLINE_FIELD", "headline"),
            snippet_field=settings.get("CLICKBAIT_SNIPPET_FIELD", "snippet"),
            html_field=settings.get("CLICKBAIT_HTML_FIELD") or None,
            threshold=None if threshold in (None, "") else float(threshold),
            drop_filler=settings.getbool("CLICKBAIT_DROP_FILLER", False),
            score_field=settings.get("CLICKBAIT_SCORE_FIELD", "clickbait_score"),
            label_field=settings.get("CLICKBAIT_LABEL_FIELD", "clickbait_label"),
            teasers_field=settings.get("CLICKBAIT_TEASERS_FIELD", "clickbait_teasers"),
            trust=settings.getbool("CLICKBAIT_TRUST", False),
            crawler=crawler,
        )

    def open_spider(self, spider: Any = None) -> None:
        """Load the model, once per crawl. A model that cannot be loaded stops the crawl."""
        from clickbait.persist import ModelError, load_model

        try:
            self.model = load_model(self.model_path, trust=self.trust)
        except ModelError as error:
            raise ModelError(f"cannot load the model of CLICKBAIT_MODEL: {error}") from None
        if self.threshold is not None:
            self.model.threshold = self.threshold
        logger.info(
            "clickbait: model %s loaded, threshold %.3f",
            self.model.card.get("name", self.model_path or "default"),
            self.model.threshold,
        )

    def _count(self, key: str, count: int = 1) -> None:
        if self.crawler is not None and self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(f"clickbait/{key}", count)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Score the item's teaser or page; drop filler when asked; never lose an item
        to an error (it is counted and logged, and passed on unscored)."""
        if self.model is None:
            self.open_spider()
        adapter = _itemadapter.ItemAdapter(item)
        html = adapter.get(self.html_field) if self.html_field else None
        headline = adapter.get(self.headline_field)
        try:
            if html:
                self._score_page(adapter, html)
            elif isinstance(headline, str) and headline.strip():
                self._score_teaser(adapter, headline)
            else:
                self._count("items_skipped")
        except _exceptions.DropItem:
            raise
        except Exception as error:  # one bad item must not stop the crawl
            self._count("errors")
            logger.warning("clickbait: item not scored: %s: %s", type(error).__name__, error)
        return item

    def _score_teaser(self, adapter: Any, headline: str) -> None:
        from clickbait.teasers import Teaser

        snippet = adapter.get(self.snippet_field) or ""
        [scored] = self.model.score_teasers([Teaser(headline=headline, snippet=str(snippet))])
        adapter[self.score_field] = round(scored.score, 6)
        adapter[self.label_field] = scored.label
        self._count("items_scored")
        if scored.label == "filler":
            self._count("filler")
            if self.drop_filler:
                self._count("dropped")
                raise _exceptions.DropItem(f"clickbait: filler ({scored.score:.2f}): {headline}")

    def _score_page(self, adapter: Any, html: str | bytes) -> None:
        from clickbait.scoring import score_page

        source = str(adapter.get("url") or "page")
        scored = score_page(self.model, html, source)
        teasers = []
        for item in scored:
            record = item.to_dict()
            record.pop("position", None)
            teasers.append(record)
        adapter[self.teasers_field] = teasers
        self._count("pages_scored")
        self._count("teasers_scored", len(teasers))
        self._count("teasers_filler", sum(t["label"] == "filler" for t in teasers))
