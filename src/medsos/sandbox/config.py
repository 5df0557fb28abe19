"""Limits, availability check and the nbgrader config of a sandboxed autograde run."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import site
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from traitlets.config import Config

from medsos.sandbox import launcher

KERNEL_NAME = "medsos-sandbox"
# The flag of `medsos grade` with which an instructor knowingly grades without the sandbox.
OPT_OUT_FLAG = "--tanpa-sandbox"
# The unprivileged identity trainee code runs as when grading is started by root.
NOBODY_UID = 65534
NOBODY_GID = 65534
SELFTEST_TIMEOUT_S = 30
FONT_CACHE_TIMEOUT_S = 60


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot start on this machine; the message tells the instructor what to do."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed kernel (one notebook).

    Sized for the course's notebooks (small CSV files, pandas, matplotlib) with ample margin.
    ``processes`` counts threads too: ipykernel alone runs about ten.
    """

    memory_mb: int = 2048
    """Address space per process (RLIMIT_AS); a larger allocation raises MemoryError."""
    cpu_seconds: int = 300
    """CPU time per process (RLIMIT_CPU); the kernel is killed when it runs out. It counts
    the whole notebook, so it stays well above the cell timeouts an honest notebook may hit
    (an endless loop burns a whole ``Execute.timeout`` before it is interrupted)."""
    processes: int = 64
    """Processes and threads of the trainee (RLIMIT_NPROC)."""
    file_size_mb: int = 50
    """Largest file the trainee may write (RLIMIT_FSIZE)."""
    workspace_mb: int = 256
    """Size of the tmpfs home holding the data copies and files the trainee writes."""
    tmp_mb: int = 64
    """Size of each of the tmpfs /tmp and /dev/shm."""
    output_mb: int = 2
    """Output kept per cell by the grading process; the rest is dropped with a note."""
    wall_seconds: int = 600
    """Lifetime of the kernel (a whole notebook); it is killed when it runs longer."""


def _python_dirs() -> list[str]:
    """Directories the kernel's Python needs, read-only: prefixes, .pth paths, this package."""
    dirs: set[str] = set()
    for prefix in (sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix):
        dirs.update({os.path.abspath(prefix), os.path.realpath(prefix)})
    dirs.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    for packages in site.getsitepackages():
        for pth in Path(packages).glob("*.pth"):
            for line in pth.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip()
                is_path = not line.startswith(("#", "import")) and os.path.isabs(line)
                if is_path and os.path.isdir(line):
                    dirs.add(os.path.realpath(line))
    # An editable install may map the package through a finder instead of a .pth path.
    dirs.add(str(Path(__file__).resolve().parents[2]))
    ordered = sorted(dirs, key=len)
    return [d for i, d in enumerate(ordered) if not any(_within(d, o) for o in ordered[:i])]


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _kernel_env(run_dir: Path) -> dict[str, str]:
    """The whole environment of the kernel: nothing is inherited from the instructor.

    ``MEDSOS_SANDBOX_RUN`` names the run, so its processes can be found from the host.
    """
    threads = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
    one_thread = dict.fromkeys(threads, "1")
    return {
        "PATH": f"{os.path.dirname(sys.executable)}:/usr/local/bin:/usr/bin:/bin",
        "HOME": launcher.HOME,
        "USER": "peserta",
        "LOGNAME": "peserta",
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "JUPYTER_PLATFORM_DIRS": "1",
        "MALLOC_ARENA_MAX": "2",
        "MEDSOS_SANDBOX_RUN": run_dir.name,
        **one_thread,
    }


def _matplotlib_font_caches(run_dir: Path) -> list[str]:
    """matplotlib font-list caches to copy into each kernel's home: the instructor's, or one
    built once for the run in ``run_dir``.

    Without one, every kernel rebuilds it on its first plot: about half a second, and past
    five seconds (a busy machine) matplotlib warns on stderr, which nbgrader scores as a
    failing graded cell. matplotlib rebuilds a cache whose fonts it cannot find.
    """
    if os.environ.get("MPLCONFIGDIR"):
        folder = Path(os.environ["MPLCONFIGDIR"])
    else:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib"
    caches = _snapshot_font_lists(_font_lists(folder), run_dir / "matplotlib")
    if not caches:
        folder = run_dir / "matplotlib"
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                [sys.executable, "-c", "import matplotlib.font_manager"],
                env={**os.environ, "MPLCONFIGDIR": str(folder)},
                capture_output=True,
                timeout=FONT_CACHE_TIMEOUT_S,
            )
        caches = _font_lists(folder)
    return caches


def _snapshot_font_lists(caches: list[str], folder: Path) -> list[str]:
    """Copies in ``folder`` (the run's own) of the caches that are whole JSON.

    matplotlib writes its cache in place, without a temporary file, so another process's
    first plot may be writing it right now (the first runs on a fresh machine). A half-written
    cache copied into a kernel would make it rebuild one, and warn on stderr if that is slow.
    One snapshot per run, checked once, is what every kernel of the run gets."""
    snapshots = []
    for cache in caches:
        try:
            data = Path(cache).read_bytes()
            if not isinstance(json.loads(data), dict):
                continue
            folder.mkdir(mode=0o700, exist_ok=True)
            target = folder / Path(cache).name
            target.write_bytes(data)
        except (OSError, ValueError):
            continue
        snapshots.append(str(target))
    return snapshots


def _font_lists(folder: Path) -> list[str]:
    try:
        return [str(path) for path in sorted(folder.glob("fontlist-v*.json")) if path.is_file()]
    except OSError:
        return []


def _write_run_files(
    run_dir: Path, limits: Limits, protected: list[str], *, font_cache: bool = True
) -> Path:
    """Write the launcher config and the kernel spec into ``run_dir``; return the config path.

    ``font_cache=False`` (the availability check) skips looking for a matplotlib font cache.
    """
    (run_dir / "kernels").mkdir(mode=0o700, exist_ok=True)
    as_root = os.geteuid() == 0
    config = {
        "bwrap": shutil.which("bwrap") or "bwrap",
        "python": sys.executable,
        "run_dir": str(run_dir),
        "ro_binds": _python_dirs(),
        "protected": protected,
        "env": _kernel_env(run_dir),
        "home_files": {
            f".cache/matplotlib/{Path(p).name}": p
            for p in (_matplotlib_font_caches(run_dir) if font_cache else [])
        },
        "limits": dataclasses.asdict(limits),
        "uid": NOBODY_UID if as_root else os.getuid(),
        "gid": NOBODY_GID if as_root else os.getgid(),
    }
    config_path = run_dir / "sandbox.json"
    config_path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    spec_dir = run_dir / "kernelspec" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [
            sys.executable,
            "-I",
            "-S",
            launcher.__file__,
            str(config_path),
            "-f",
            "{connection_file}",
        ],
        "display_name": "Python 3 (sandbox penilaian)",
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return config_path


def _private_dir(parent: str | None = None) -> Path:
    run_dir = Path(tempfile.mkdtemp(prefix="medsos-sandbox-", dir=parent))
    run_dir.chmod(0o700)
    return run_dir


def sandbox_available() -> tuple[bool, str]:
    """Check quickly (well under a second) that a sandboxed kernel can start here.

    Runs the real launcher chain (bwrap, namespaces, privilege drop, the Python environment)
    on a trivial command. Returns ``(True, "")`` or ``(False, message in Bahasa Indonesia)``.
    """
    unsupported = _unsupported_system()
    if unsupported:
        return False, unsupported
    if shutil.which("bwrap") is None:
        return False, (
            "Sandbox penilaian tidak tersedia: program bubblewrap (bwrap) belum terpasang. "
            "Pasang dengan perintah: sudo apt-get install bubblewrap"
        )
    run_dir = _private_dir()
    try:
        config_path = _write_run_files(run_dir, Limits(), [], font_cache=False)
        conn_dir = Path(tempfile.mkdtemp(prefix="k-", dir=run_dir / "kernels"))
        conn_file = conn_dir / "kernel.json"
        conn_file.write_text(json.dumps({"transport": "ipc"}), encoding="utf-8")
        work = run_dir / "kosong"
        work.mkdir()
        check = (
            "import importlib.util, os, sys; "
            "sys.exit(0 if importlib.util.find_spec('ipykernel') and os.getuid() != 0 else 3)"
        )
        cmd = [sys.executable, "-I", "-S", launcher.__file__, launcher.SELFTEST_FLAG]
        cmd += [str(config_path), str(conn_file), "--", sys.executable, "-c", check]
        try:
            result = subprocess.run(
                cmd, cwd=work, capture_output=True, text=True, timeout=SELFTEST_TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            return False, _unavailable_message("uji coba sandbox tidak selesai dalam waktu")
        if result.returncode != 0:
            detail = result.stderr.strip().splitlines() or [f"kode keluar {result.returncode}"]
            return False, _unavailable_message(detail[-1])
        return True, ""
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _unsupported_system() -> str | None:
    """Why this system cannot run the sandbox at all (not Linux, or no ``resource`` module
    for the limits), in Bahasa Indonesia; None on Linux."""
    from medsos.posix import missing_modules, system_name

    if sys.platform.startswith("linux") and "resource" not in missing_modules():
        return None
    return (
        f"Sandbox penilaian hanya berjalan di Linux dengan bubblewrap; komputer ini "
        f"({system_name()}) tidak dapat menjalankannya. Nilai kiriman peserta di server kelas "
        f"(Linux). Hanya untuk kiriman yang Anda percayai: jalankan ulang dengan {OPT_OUT_FLAG}."
    )


def _unavailable_message(detail: str) -> str:
    return (
        f"Sandbox penilaian tidak dapat dijalankan di mesin ini ({detail}). "
        "Penyebab yang umum: user namespace dimatikan, misalnya di dalam kontainer Docker "
        "atau oleh kebijakan sistem (sysctl kernel.unprivileged_userns_clone atau "
        "kernel.apparmor_restrict_unprivileged_userns). Penilaian dihentikan agar kode "
        "peserta tidak berjalan tanpa pelindung. Jika Anda memahami risikonya dan hanya "
        f"menilai kiriman yang Anda percayai, jalankan ulang dengan {OPT_OUT_FLAG}."
    )


def require_sandbox() -> None:
    """Raise :class:`SandboxUnavailable` unless :func:`sandbox_available` succeeds."""
    ok, message = sandbox_available()
    if not ok:
        raise SandboxUnavailable(message)


@contextmanager
def sandboxed_autograde_config(
    run_dir: Path | None = None,
    limits: Limits | None = None,
    *,
    course_dir: Path | None = None,
) -> Iterator[Config]:
    """Yield the nbgrader config that runs every autograded notebook in the sandbox.

    ``run_dir`` is a private directory for this run (created if missing; by default a fresh
    temporary directory, removed afterwards). It holds the launcher config, the kernel spec and
    one directory per kernel with its connection file and unix sockets. ``course_dir``, when
    given, is refused as part of any directory exposed to the kernel (a venv inside the course
    folder would otherwise expose it). Raises :class:`SandboxUnavailable` before yielding when
    the sandbox cannot start.
    """
    from medsos.sandbox.execute import autograde_steps

    require_sandbox()
    limits = limits or Limits()
    own_dir = run_dir is None
    if run_dir is None:
        run_dir = _private_dir()
    else:
        run_dir = Path(run_dir).resolve()
        run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    protected = [str(Path(course_dir).resolve())] if course_dir else []
    _write_run_files(run_dir, limits, protected)
    config = Config()
    config.Autograde.autograde_preprocessors = autograde_steps()
    config.SandboxKernelManager.sandbox_dir = str(run_dir)
    config.SandboxedExecute.max_output_bytes = limits.output_mb * 2**20
    config.SandboxKernelManager.wall_seconds = float(limits.wall_seconds)
    # A kernel that stops answering is killed rather than waited on for long.
    config.SandboxKernelManager.shutdown_wait_time = 3.0
    try:
        yield config
    finally:
        shutil.rmtree(run_dir if own_dir else run_dir / "kernels", ignore_errors=True)


_PROCESS_RUN_DIR: Path | None = None


def process_sandbox_dir(course_dir: Path | None = None) -> Path:
    """The run directory of this process's sandboxed kernels, made on first use.

    For nbgrader's own autograde (``nbgrader autograde``, the formgrader's Autograde button,
    the build checks), where the course's ``nbgrader_config.py`` turns the sandbox on: the
    availability check runs once per process, the directory is removed when the process
    exits. ``course_dir`` (default: the current directory, where nbgrader's converter runs)
    is refused as part of any folder shown to the kernel. Raises :class:`SandboxUnavailable`.
    """
    global _PROCESS_RUN_DIR
    if _PROCESS_RUN_DIR is not None and _PROCESS_RUN_DIR.is_dir():
        return _PROCESS_RUN_DIR
    require_sandbox()
    import atexit

    run_dir = _private_dir()
    course = Path(course_dir or os.getcwd()).resolve()
    _write_run_files(run_dir, Limits(), [str(course)])
    atexit.register(shutil.rmtree, run_dir, True)
    _PROCESS_RUN_DIR = run_dir
    return run_dir
