"""The error help loads by itself in the kernels of a Jupyter server of the kit.

A real Jupyter server (the one ``medsos lab`` runs, with the environment's installed server
configuration) starts a kernel; the kernel's command line carries ``--ext=medsos.bantuan``
and an error in it is explained. Kernels that nbgrader starts (no server configuration)
stay without it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from medsos.bantuan.kernel import ARGUMENT, SERVER_CONFIG, HelpedKernelSpec, with_help
from medsos.lab import install_jupyter_files

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "uji-bantuan"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(port: int, path: str, method: str = "GET", body: dict | None = None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    install_jupyter_files()  # an editable install: what the Makefile's install step does
    folder = tmp_path_factory.mktemp("lab")
    log_path = folder / "server.log"
    for attempt in range(3):
        # port_retries=0: if another process took the free port first, the server stops
        # (instead of moving to a port this fixture does not know) and starts on a new one.
        port = _free_port()
        command = [
            sys.executable,
            "-m",
            "jupyter_server",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={folder}",
            f"--IdentityProvider.token={TOKEN}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        log = open(log_path, "wb")  # noqa: SIM115 - closed below
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            try:
                _api(port, "/api/status")
                break
            except OSError:
                time.sleep(0.25)
        if process.poll() is None:
            break
        log.close()
        said = log_path.read_text(errors="replace")
        assert attempt < 2 and "already in use" in said, said
    try:
        _api(port, "/api/status")  # up, or the fixture fails here with the reason
        yield port
    finally:
        process.terminate()
        process.wait(30)
        log.close()


def test_server_kernels_load_the_help(server):
    specs = _api(server, "/api/kernelspecs")
    assert ARGUMENT in specs["kernelspecs"]["python3"]["spec"]["argv"]
    kernel = _api(server, "/api/kernels", "POST", {"name": "python3"})
    try:
        deadline = time.monotonic() + 60
        found = []
        while not found and time.monotonic() < deadline:
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                except OSError:
                    continue
                if b"ipykernel_launcher" in b" ".join(cmdline) and kernel["id"].encode() in (
                    b" ".join(cmdline)
                ):
                    found.append(cmdline)
            time.sleep(0.2)
        assert found, "the server's kernel process was not found"
        assert ARGUMENT.encode() in found[0]
    finally:
        _api(server, f"/api/kernels/{kernel['id']}", "DELETE")


def test_kernel_started_from_the_helped_spec_explains(tmp_path):
    spec = KernelSpecManager(kernel_spec_class=HelpedKernelSpec).get_kernel_spec("python3")
    assert spec.argv[-1] == ARGUMENT
    manager = KernelManager(kernel_name="python3")
    manager.kernel_spec_manager = KernelSpecManager(kernel_spec_class=HelpedKernelSpec)
    manager.start_kernel(cwd=str(tmp_path))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        outputs = []
        client.execute_interactive(
            "laju_pertumbuhan", output_hook=lambda m: outputs.append(m), timeout=60
        )
        shown = [m for m in outputs if m["msg_type"] in ("error", "display_data")]
        assert [m["msg_type"] for m in shown] == ["error", "display_data"]
        assert "Variabel `laju_pertumbuhan` belum ada" in shown[1]["content"]["data"]["text/plain"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_plain_kernels_and_other_languages_untouched():
    plain = KernelSpecManager().get_kernel_spec("python3")
    assert ARGUMENT not in plain.argv  # nbgrader's and nbclient's kernels
    assert with_help(["R", "--slave", "-f", "{connection_file}"]) == [
        "R",
        "--slave",
        "-f",
        "{connection_file}",
    ]
    twice = with_help(with_help([sys.executable, "-m", "ipykernel_launcher", "-f", "x"]))
    assert twice.count(ARGUMENT) == 1


def test_installed_server_config_enables_the_extension():
    installed = Path(sys.prefix, "etc/jupyter/jupyter_server_config.d/medsos-asn-jatim.json")
    install_jupyter_files()
    enabled = SERVER_CONFIG["ServerApp"]["jpserver_extensions"]
    for path in (installed, ROOT / "jupyter-config/server/medsos-asn-jatim.json"):
        config = json.loads(path.read_text(encoding="utf-8"))
        assert enabled.items() <= config["ServerApp"]["jpserver_extensions"].items()
