"""The rows of a JSON Lines table: one JSON object a line, its text fields checked.

Rows are decoded with msgspec. A table of teasers keeps only the fields a teaser has;
the values of other keys are skipped without being built, so that a line of a million
small values costs no more memory than the line itself. A row whose text field is not
text (``{"snippet": ["a"]}``) or is longer than :data:`FIELD_LIMIT` is a problem, not a
teaser with a made-up text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import msgspec

# The columns a teaser is made of, and those of them that hold text.
TEASER_COLUMNS = ("headline", "snippet", "url", "sponsored")
TEXT_COLUMNS = ("headline", "snippet", "url")
# The longest text field, as Python's csv module allows by default (131,072 characters).
FIELD_LIMIT = 131_072

TableEntry = tuple[int, dict[str, str] | None, str]


class MissingColumn(ValueError):
    """A table whose first row lacks a column the reader needs."""


class _TeaserRow(msgspec.Struct, forbid_unknown_fields=False):
    # UNSET: a field the row does not have (other keys are skipped unread).
    headline: str | msgspec.UnsetType | None = msgspec.UNSET
    snippet: str | msgspec.UnsetType | None = msgspec.UNSET
    url: str | msgspec.UnsetType | None = msgspec.UNSET
    sponsored: bool | str | int | float | msgspec.UnsetType | None = msgspec.UNSET


_TEASER = msgspec.json.Decoder(_TeaserRow)
_ANY = msgspec.json.Decoder()
_KEYS = msgspec.json.Decoder(dict[str, msgspec.Raw])
_KINDS = {"int": "a number", "float": "a number", "bool": "true or false", "array": "a list"}


def json_entries(
    lines: Iterable[tuple[int, str | Exception]],
    columns: tuple[str, ...] | None = None,
    required: str | None = None,
) -> Iterator[TableEntry]:
    """One entry per non-blank line: ``(line, record, problem)``, as tables give them.

    ``lines`` are ``(number, text)``, or the error in place of a line that could not
    be read (too long), which makes that line's problem. With
    ``columns`` set to :data:`TEASER_COLUMNS`, records hold only those. ``required``
    names a field the first row must have: :class:`MissingColumn` otherwise.
    """
    first = True
    for number, line in lines:
        if not isinstance(line, str):
            yield number, None, str(line)
            continue
        if not line.strip():
            continue
        record, problem = _row(line, columns)
        if record is not None and first and required:
            first = False
            if required not in record:
                fields = ", ".join(_KEYS.decode(line)) or "none"
                raise MissingColumn(
                    f"no {required!r} field in its first row (line {number:,}; fields: {fields})"
                )
        yield number, record, problem


def _row(line: str, columns: tuple[str, ...] | None) -> tuple[dict[str, str] | None, str]:
    try:
        if columns == TEASER_COLUMNS:
            values = msgspec.structs.asdict(_TEASER.decode(line))
            values = {k: v for k, v in values.items() if v is not msgspec.UNSET}
        else:
            values = _ANY.decode(line)
    except msgspec.ValidationError as error:
        return None, _type_problem(str(error))
    except msgspec.DecodeError as error:
        return None, f"not valid JSON ({str(error).removeprefix('JSON is malformed: ')})"
    except RecursionError:
        return None, "not valid JSON (nested too deeply)"
    except UnicodeError:
        return None, "not valid JSON (text that is not Unicode)"
    if not isinstance(values, dict):
        return None, "not a JSON object"
    for column in TEXT_COLUMNS:
        value = values.get(column)
        if value is not None and not isinstance(value, str):
            return None, f"{column!r} is {_kind(value)}, not text"
        if value is not None and len(value) > FIELD_LIMIT:
            return None, f"{column!r} is longer than {FIELD_LIMIT:,} characters"
    return {str(k): _text(v) for k, v in values.items() if columns is None or k in columns}, ""


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def _kind(value: object) -> str:
    name = {list: "array", dict: "object"}.get(type(value), type(value).__name__)
    return _KINDS.get(name, f"a JSON {name}")


def _type_problem(message: str) -> str:
    """msgspec's "Expected `str | null`, got `int` - at `$.headline`" in plain words."""
    if " - at `$." in message and message.startswith("Expected `str"):
        found = message.split("got `", 1)[1].split("`", 1)[0]
        column = message.rsplit("$.", 1)[1].rstrip("`")
        return f"{column!r} is {_KINDS.get(found, f'a JSON {found}')}, not text"
    if message.startswith("Expected `object`"):
        return "not a JSON object"
    return f"not a usable row ({message})"
