"""nbgrader's Execute step and a kernel manager that start every kernel in the sandbox."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbformat.notebooknode import NotebookNode
from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import Execute
from traitlets import Float, Integer, Unicode, default

from medsos.sandbox import launcher
from medsos.sandbox.config import KERNEL_NAME
from medsos.sandbox.redact import RedactHiddenTests

KERNEL_PID_TIMEOUT_S = 30


class SandboxKernelManager(AsyncKernelManager):
    """Start the ``medsos-sandbox`` kernel of :attr:`sandbox_dir`, whatever the notebook asks.

    Each kernel gets its own connection file under ``sandbox_dir/kernels``. The kernel has no
    network at all, so it talks over unix sockets (transport ``ipc``) that it creates in a
    small tmpfs inside the sandbox; this manager and its clients reach them through
    ``/proc/<kernel pid>/root``, so no host directory needs to be writable by the kernel.
    """

    sandbox_dir = Unicode(
        "", help="Private run directory written by sandboxed_autograde_config()."
    ).tag(config=True)

    wall_seconds = Float(
        600.0, help="The kernel is killed this many seconds after it started (0: never)."
    ).tag(config=True)

    _wall_timer: threading.Timer | None = None

    @default("sandbox_dir")
    def _sandbox_dir_default(self) -> str:
        # nbgrader's own autograde under the course config: one run directory per process.
        from medsos.sandbox.config import process_sandbox_dir

        return str(process_sandbox_dir())

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("connection_file")
    def _connection_file_default(self) -> str:
        conn_dir = tempfile.mkdtemp(prefix="k-", dir=Path(self.sandbox_dir) / "kernels")
        return str(Path(conn_dir) / "kernel.json")

    @property
    def kernel_spec(self) -> KernelSpec:
        if self._kernel_spec is None:
            spec_dir = Path(self.sandbox_dir) / "kernelspec" / KERNEL_NAME
            self._kernel_spec = KernelSpec.from_resource_dir(str(spec_dir))
        return self._kernel_spec

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        # The launcher dies with this process even if it is killed before bwrap starts.
        kw["env"] = {**(kw.get("env") or os.environ), launcher.PARENT_ENV: str(os.getpid())}
        await super()._async_launch_kernel(kernel_cmd, **kw)
        # The kernel's sockets live in its own tmpfs; reach them through its root directory.
        kernel_pid = await _sandboxed_kernel_pid(self.provisioner.pid)
        if kernel_pid is not None:
            self.ip = f"/proc/{kernel_pid}/root{launcher.IPC_PREFIX}"
        if self.wall_seconds > 0 and self.provisioner.pgid:
            self._wall_timer = threading.Timer(
                self.wall_seconds, self._kill_after_wall_time, [self.provisioner.pgid]
            )
            self._wall_timer.daemon = True
            self._wall_timer.start()

    def _kill_after_wall_time(self, pgid: int) -> None:
        process = getattr(self.provisioner, "process", None)
        if process is None or process.poll() is not None:
            return  # already ended (and its process group id may belong to someone else now)
        self.log.error(
            "Kernel sandbox dihentikan: berjalan lebih dari %g detik.", self.wall_seconds
        )
        # Nothing in the sandbox leaves the process group but setsid'd processes, and those
        # die with bwrap's pid namespace.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        if self._wall_timer is not None:
            self._wall_timer.cancel()
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self.connection_file:
            shutil.rmtree(os.path.dirname(self.connection_file), ignore_errors=True)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
        return [int(child) for child in text.split()]
    except OSError:  # kernels without CONFIG_PROC_CHILDREN: scan every process
        children = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text(encoding="ascii", errors="replace")
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry))
        return children


async def _sandboxed_kernel_pid(bwrap_pid: int | None) -> int | None:
    """The host pid of the kernel: bwrap's grandchild (bwrap, its init, the kernel)."""
    if bwrap_pid is None:
        return None
    deadline = time.monotonic() + KERNEL_PID_TIMEOUT_S
    while time.monotonic() < deadline and os.path.exists(f"/proc/{bwrap_pid}"):
        for init_pid in _children(bwrap_pid):
            kernel = _children(init_pid)
            if kernel:
                return kernel[0]
        await asyncio.sleep(0.005)
    return None


class SandboxedExecute(Execute):
    """nbgrader's Execute, with sandboxed kernels and a cap on the output kept per cell.

    nbgrader's ``LimitOutput`` trims stream output only after the whole notebook has run; the
    cap here bounds what the grading process holds in memory while a cell floods its output.
    """

    max_output_bytes = Integer(
        2 * 2**20, help="Output bytes kept per cell; later outputs are dropped with a note."
    ).tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(**kwargs)
        self._output_bytes: dict[int, int] = {}

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> Any:
        self._output_bytes = {}
        return super().preprocess(nb, resources, km)

    def output(
        self,
        outs: list[NotebookNode],
        msg: dict[str, Any],
        display_id: str | None,
        cell_index: int,
    ) -> NotebookNode | None:
        used = self._output_bytes.get(cell_index, 0)
        if used >= self.max_output_bytes:
            return None
        content = msg.get("content", {})
        size = len(json.dumps(content, default=str))
        if used + size <= self.max_output_bytes:
            self._output_bytes[cell_index] = used + size
            return super().output(outs, msg, display_id, cell_index)
        self._output_bytes[cell_index] = self.max_output_bytes
        if msg.get("msg_type") == "stream":
            # Keep the start of the flood, as nbgrader's LimitOutput keeps the first lines.
            content = {**content, "text": content.get("text", "")[: self.max_output_bytes - used]}
            super().output(outs, {**msg, "content": content}, display_id, cell_index)
        # stdout, not stderr: nbgrader scores a graded cell with stderr output as failed.
        note = NotebookNode(
            output_type="stream",
            name="stdout",
            text=f"\n[Keluaran sel ini dipotong: melebihi {_size(self.max_output_bytes)}.]\n",
        )
        outs.append(note)
        return note
        return super().output(outs, msg, display_id, cell_index)


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 2**20:g} MB" if n_bytes >= 2**20 else f"{n_bytes // 1024} KB"


def autograde_steps(sandboxed: bool = True) -> list[type]:
    """nbgrader's default autograde preprocessors, with Execute replaced by SandboxedExecute
    (unless ``sandboxed`` is false) and followed by :class:`RedactHiddenTests`."""
    steps = []
    for step in Autograde.class_traits()["autograde_preprocessors"].default():
        if step is Execute:
            steps += [SandboxedExecute if sandboxed else Execute, RedactHiddenTests]
        else:
            steps.append(step)
    return steps
