"""Optional dependencies: import them on first use, or say which extra installs them.

``import clickbait`` never imports warcio, Scrapy or Dask; the code that needs one calls
:func:`require`, which turns a missing package into :class:`MissingExtra` with the pip
command that fixes it.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType


class MissingExtra(ImportError):
    """An optional dependency is not installed; ``str(error)`` says how to install it."""

    def __init__(self, extra: str, purpose: str, reason: str) -> None:
        super().__init__(
            f"{purpose} needs the '{extra}' extra ({reason}): pip install 'clickbait[{extra}]'"
        )
        self.extra = extra


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtra` naming ``extra``."""
    try:
        return import_module(module)
    except ImportError as error:
        raise MissingExtra(extra, purpose, str(error)) from None
