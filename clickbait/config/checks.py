"""The checks every section of a training config uses: value tests, and a checker whose
failures name the config, the key in dotted form, what it allows and the value found."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from clickbait.datasets import CORPORA

UNIT = "a number between 0 and 1"
HOLDOUT = "a number from 0 (train on every row) to below 1"
POSITIVE = "a number > 0"
WHOLE = "a whole number >= 1"


def is_number(value: object) -> bool:
    # TOML booleans are Python bools, and bool is an int: they are not numbers here.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def open_unit(value: float) -> bool:
    return 0 < value < 1


def holdout_share(value: float) -> bool:
    return 0 <= value < 1


def positive(value: float) -> bool:
    return value > 0


def known_corpora() -> str:
    return ", ".join(CORPORA)


class Checker:
    """Checks of one config's values; each failure is a ``ValueError`` with the config's
    name, the key in dotted form, what the key allows and the value found."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, allowed: str, *found: object) -> NoReturn:
        shown = f" (found {found[0]!r})" if found else ""
        raise ValueError(f"{self.source}: {key}: {allowed}{shown}")

    @staticmethod
    def _key(where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def keys(self, table: Mapping[str, Any], where: str, allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                self.fail(self._key(where, key), f"unknown key; allowed: {', '.join(allowed)}")

    def table(self, raw: Mapping[str, Any], where: str, key: str) -> dict[str, Any]:
        value = raw.get(key, {})
        if not isinstance(value, dict):
            self.fail(self._key(where, key), f"must be a table [{self._key(where, key)}]", value)
        return value

    def text(self, raw: Mapping[str, Any], where: str, key: str) -> str:
        value = raw.get(key)
        if not (isinstance(value, str) and value.strip()):
            self.fail(self._key(where, key), "must be a non-empty string", value)
        return value

    def strings(self, raw: Mapping[str, Any], where: str, key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(self._key(where, key), "must be a list of strings", value)
        return tuple(value)

    def whole(
        self,
        raw: Mapping[str, Any],
        where: str,
        key: str,
        default: int,
        low: int,
        high: int | None = None,
    ) -> int:
        value = raw.get(key, default)
        if not (is_whole(value) and low <= value and (high is None or value <= high)):
            allowed = f">= {low}" if high is None else f"from {low} to {high}"
            self.fail(self._key(where, key), f"must be a whole number {allowed}", value)
        return value

    def number(
        self,
        raw: Mapping[str, Any],
        where: str,
        key: str,
        default: float | None,
        test: Callable[[float], bool],
        allowed: str,
    ) -> float:
        value = raw.get(key, default)
        if not (is_number(value) and test(value)):
            self.fail(self._key(where, key), f"must be {allowed}", value)
        return float(value)

    def corpus_list(self, raw: Mapping[str, Any], section: str) -> tuple[str, ...]:
        table = self.table(raw, "", section)
        self.keys(table, section, ("corpora",))
        return self.strings(table, section, "corpora")
