"""Tests on an element's class names and id, remembered per distinct value."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element as HtmlElement


# Modifier names ("card--no-date", "has-title", "is-sponsored-hidden") describe what an
# element lacks or may show, not what it is.
_MODIFIER = re.compile(r"(?:--|\b)(?:no|not|has|with|without|is|hide|hidden)-[\w-]*")


def _classes(element: HtmlElement) -> str:
    return _without_modifiers(element.get("class") or "")


@lru_cache(maxsize=8192)
def _without_modifiers(classes: str) -> str:
    # Class strings repeat a lot within and across pages.
    return _MODIFIER.sub(" ", classes) if "-" in classes else classes


class _NameTest:
    """A pattern tested on an element's class names (modifiers left out), or on its class
    names and id.

    Answers are remembered per distinct attribute value: pages repeat their class names,
    and a pattern costs 2–25 µs a test, against a dictionary look-up.
    """

    __slots__ = ("_answers", "pattern")
    _LIMIT = 65536  # answers remembered per pattern, across pages

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags)
        # Keyed by the class attribute alone, or by (class, id).
        self._answers: dict[str | tuple[str | None, str], bool] = {}

    def in_classes(self, element: HtmlElement) -> bool:
        """Whether the pattern occurs in the element's classes (modifiers left out)."""
        classes = element.get("class")
        if not classes:
            return False
        answer = self._answers.get(classes)
        if answer is None:
            answer = self._remember(classes, classes, None)
        return answer

    def in_names(self, element: HtmlElement) -> bool:
        """Whether the pattern occurs in the element's classes (modifiers left out) or id."""
        classes, id_ = element.get("class"), element.get("id")
        key: str | tuple[str | None, str]
        if id_ is not None:
            if not (classes or id_):
                return False
            key = (classes, id_)
        elif classes:
            key = classes  # as in_classes
        else:
            return False
        answer = self._answers.get(key)
        if answer is None:
            answer = self._remember(key, classes, id_)
        return answer

    def _remember(
        self, key: str | tuple[str | None, str], classes: str | None, id_: str | None
    ) -> bool:
        if len(self._answers) >= self._LIMIT:
            self._answers.clear()
        names = _without_modifiers(classes or "")
        if id_ is not None:
            names = f"{names} {id_}"
        answer = self._answers[key] = self.pattern.search(names) is not None
        return answer


def _attrs(element: HtmlElement) -> str:
    return f"{_classes(element)} {element.get('id') or ''}"
