"""Self-study set-up without ``make``: ``python mandiri.py`` on a fresh clone.

The path a civil servant follows on an office laptop with only Python: a fresh clone of the
kit, ``python mandiri.py`` with a plain Python (no activated environment, no ``make`` on
PATH), which creates ``.venv``, installs the kit and starts JupyterLab; the test waits until
the Lab serves the modules of ``release/``, then stops it. pip's download cache is reused
(the install itself is real). A second run skips the install.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "uji-mandiri"


def _plain_python() -> str:
    """The interpreter this test's virtual environment was made from (not the venv's)."""
    return getattr(sys, "_base_executable", None) or sys.executable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"token {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def _environment(home: Path) -> dict[str, str]:
    """A terminal on a fresh laptop: no virtual environment, no make, the user's pip cache."""
    keep = ("HOME", "LANG", "TMPDIR", "SYSTEMROOT", "PIP_INDEX_URL", "PIP_CACHE_DIR", "CI")
    env = {k: v for k, v in os.environ.items() if k in keep or k.endswith("_PROXY")}
    folders = [str(Path(_plain_python()).parent), "/usr/bin", "/bin"]
    env["PATH"] = os.pathsep.join(folders)
    env["JUPYTER_CONFIG_DIR"] = str(home / ".jupyter")  # the laptop user's own Jupyter folders
    env["JUPYTER_DATA_DIR"] = str(home / ".local-jupyter")
    env["JUPYTER_RUNTIME_DIR"] = str(home / ".runtime-jupyter")
    env["IPYTHONDIR"] = str(home / ".ipython")
    # pip's --no-compile (byte-compiling ~130 packages is a minute of CPU the test needs not;
    # pip maps this store_false flag's variable to "compile", hence the 0).
    env["PIP_NO_COMPILE"] = "0"
    return env


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.fail("git is needed to make a fresh clone of the kit")
    folder = tmp_path_factory.mktemp("laptop") / "kit"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    return folder


@pytest.mark.slow
def test_mandiri_installs_and_opens_the_modules(clone, tmp_path):
    env = _environment(tmp_path)
    assert not (clone / ".venv").exists()
    port = _free_port()
    command = [
        _plain_python(),
        "mandiri.py",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
    ]
    log_path = tmp_path / "mandiri.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=clone,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            listing = None
            deadline = time.monotonic() + 1500  # the install: minutes on a loaded machine
            while time.monotonic() < deadline:
                assert process.poll() is None, log_path.read_text(errors="replace")
                try:
                    _, body = _get(port, "/api/contents/release?content=1")
                    listing = json.loads(body)
                    break
                except OSError:
                    time.sleep(1)
            assert listing is not None, log_path.read_text(errors="replace")
            status, page = _get(port, "/lab/tree/release")
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    served = sorted(item["name"] for item in listing["content"] if item["type"] == "directory")
    modules = sorted(p.name for p in (ROOT / "release").iterdir() if p.is_dir())
    assert served == modules and "00-pengenalan" in served
    assert status == 200 and b"JupyterLab" in page
    text = log_path.read_text(errors="replace")
    assert "Kit terpasang." in text and "Membuka JupyterLab" in text
    python = clone / ".venv" / "bin" / "python"
    assert python.exists() and (clone / ".venv" / ".installed-mandiri").exists()
    found = subprocess.run(
        [python, "-c", "import medsos, sys; print(medsos.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert found.stdout.startswith(str(clone))  # the clone's own code, not this tree's

    # A second run goes straight to the Lab: nothing left to install.
    assert _load(clone / "mandiri.py").up_to_date()


def _load(path: Path):
    spec = importlib.util.spec_from_file_location("mandiri", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_too_old_python_is_told_what_to_do():
    mandiri = _load(ROOT / "mandiri.py")
    mandiri.MINIMUM = (99, 0)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = mandiri.main([])
    assert code == 1
    assert "butuh Python 99.0" in out.getvalue() and "python.org" in out.getvalue()
