"""Labelling teasers of one's own sites, to retrain the model on them: ``clickbait label``.

- :mod:`~clickbait.labelling.candidates`: the distinct teasers of scored inputs, named
  by a hash of headline and snippet (:func:`teaser_key`);
- :mod:`~clickbait.labelling.order`: the order they are asked in, uncertainty first and
  spread over sites, or page order (:func:`labelling_order`, :func:`ordered_frame`);
- :mod:`~clickbait.labelling.store`: the file of labels, appended atomically as each
  label is given (:class:`LabelStore`);
- :mod:`~clickbait.labelling.session`: a session's state, back and skip;
- :mod:`~clickbait.labelling.screen`: the terminal: one teaser a screen, one key a label;
- :mod:`~clickbait.labelling.guide`: the keys and the labelling guide in short form;
- :mod:`~clickbait.labelling.batch`: without a terminal, a table to fill in and merge;
- :mod:`~clickbait.labelling.command`: the ``clickbait label`` command.
"""

from __future__ import annotations

from clickbait.labelling.candidates import teaser_key
from clickbait.labelling.order import ORDERS, labelling_order, ordered_frame

__all__ = ["ORDERS", "labelling_order", "ordered_frame", "teaser_key"]
