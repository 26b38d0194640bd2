"""Strip outputs and execution counts from the notebooks before a commit.

python notebooks/strip_outputs.py [NOTEBOOK...]   (default: every notebook here)
"""

import sys
from pathlib import Path

import nbformat

paths = [Path(p) for p in sys.argv[1:]] or sorted(Path(__file__).parent.glob("*.ipynb"))
for path in paths:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata = {}
    nbformat.write(notebook, path)
    print(f"stripped {path}", file=sys.stderr)
