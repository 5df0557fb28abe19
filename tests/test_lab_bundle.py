"""The shipped Tugas bundle (src/medsos/labextension/) is the build of labextension/.

The build is deterministic (medsos.lab.bundle builds against the installed JupyterLab's core
metadata, offline), so the test rebuilds in place and compares every file with what was
shipped. It needs labextension/node_modules (``make labextension`` or ``npm ci`` there; CI
runs it): without them it skips on a developer's machine and fails under CI.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lab_browser import require

from medsos.lab import BUNDLE_DIR, bundle

pytestmark = pytest.mark.slow


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_shipped_bundle_matches_its_sources():
    require(shutil.which("node") is not None, "node tidak ada (apt-get install nodejs npm)")
    builder = bundle.SOURCE_DIR / "node_modules" / "@jupyterlab" / "builder"
    require(builder.is_dir(), "labextension/node_modules belum dipasang (make labextension)")
    shipped = _files(BUNDLE_DIR)
    assert "package.json" in shipped and any(n.startswith("static/remoteEntry.") for n in shipped)
    output = bundle.build()
    rebuilt = _files(output)
    assert sorted(rebuilt) == sorted(shipped), (
        "bundle tidak sama dengan sumbernya: hasil build baru sudah ditulis, commit "
        "src/medsos/labextension/"
    )
    assert rebuilt == shipped, "isi bundle berbeda dari sumbernya; commit hasil build baru"
