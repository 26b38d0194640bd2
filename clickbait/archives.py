"""Archives of plain arrays (NumPy ``.npz``): the form a scorer and a word-vector table
take on disk. They load with ``allow_pickle=False``, so reading one never runs code; a
JSON ``layout`` array says how the other arrays fit together."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np


def read_arrays(path: str | Path | BinaryIO) -> dict[str, np.ndarray]:
    """Every array of an archive; raises ``ValueError`` naming the cause when the file
    cannot be read as one."""
    import zipfile

    try:
        with np.load(path, allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise ValueError(str(error) or type(error).__name__) from None


def layout_array(layout: dict[str, Any]) -> np.ndarray:
    """A layout as a UTF-8 byte array, to store beside the others."""
    return np.frombuffer(json.dumps(layout).encode("utf-8"), dtype=np.uint8)


def read_layout(arrays: dict[str, np.ndarray], version: int) -> dict[str, Any]:
    """The layout of ``arrays``; raises ``KeyError`` or ``ValueError`` when it is missing,
    damaged, or of another version than ``version``."""
    layout = json.loads(arrays["layout"].tobytes().decode("utf-8"))
    if not isinstance(layout, dict) or layout.get("version") != version:
        found = layout.get("version") if isinstance(layout, dict) else None
        raise ValueError(f"layout version {found!r}, expected {version}")
    return layout
