"""Node build of the Tugas extension (``labextension/``) into ``src/medsos/labextension/``.

The bundle is built with ``@jupyterlab/builder`` (a devDependency in ``labextension/package.json``,
installed by ``npm ci``) against the installed JupyterLab's own core metadata
(``jupyterlab/staging``), so the build needs no network; the output is deterministic, so a test
can rebuild it and compare it with the shipped one. ``make labextension`` runs :func:`build`.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[3] / "labextension"


def core_path() -> str:
    import jupyterlab

    return os.path.join(os.path.dirname(jupyterlab.__file__), "staging")


def build(source: Path = SOURCE_DIR) -> Path:
    """Build the extension in ``source`` (its node_modules installed); return the output."""
    import json

    from jupyter_builder.federated_extensions import build_labextension

    from medsos.lab import bundle_lock

    meta = json.loads((source / "package.json").read_text(encoding="utf-8"))
    output = (source / meta["jupyterlab"]["outputDir"]).resolve()
    with bundle_lock(source.parent, exclusive=True):  # nobody copies a half-built bundle
        if output.exists():
            shutil.rmtree(output)
        build_labextension(str(source), core_path=core_path())
    return output


if __name__ == "__main__":
    print(f"Bundle dibuat di {build()}", file=sys.stderr)
