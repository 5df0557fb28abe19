"""Run the kit's self-study path in this process as it would run on Windows.

``python tests/windows_like.py PLAN.json`` (used by ``tests/test_periksa_windows.py``) first
takes away what Windows lacks (:func:`act_like_windows`), then imports the kit and, as
``PLAN.json`` says: runs ``medsos periksa`` on notebooks, asks for the POSIX-only parts
(``medsos grade``, ``medsos hub``, the sandbox), starts a grading worker the way this
system can (``spawn``) and walks a folder for links, and last
imports every listed kit module afresh with POSIX-only ``signal`` names removed too.
Prints one line, ``HASIL`` followed by the findings as JSON.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import json
import multiprocessing
import os
import signal
import sys

POSIX_MODULES = ("fcntl", "resource", "pwd", "grp", "termios")
# Names of the os module that Windows' Python does not have (the ones a kit could reach for).
POSIX_OS_NAMES = (
    "O_DIRECTORY",
    "O_NOFOLLOW",
    "O_CLOEXEC",
    "O_NONBLOCK",
    "O_NOCTTY",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getgroups",
    "fork",
    "forkpty",
    "setsid",
    "killpg",
    "getpgid",
    "setpgid",
    "sched_getaffinity",
    "pread",
    "pwrite",
    "chown",
    "lchown",
    "fchown",
    "getloadavg",
    "mkfifo",
    "statvfs",
    "setuid",
    "setgid",
)
# Removed only for the import check: the standard library's POSIX branches (Popen.kill)
# use them while the notebook is graded, where on Windows they take their own branch.
POSIX_SIGNALS = ("SIGKILL", "SIGCHLD", "SIGHUP", "SIGALRM", "SIGUSR1", "SIGUSR2", "SIGQUIT")


def act_like_windows() -> None:
    """No POSIX-only modules or ``os`` names, no directory descriptors, ``spawn`` only."""
    for name in POSIX_MODULES:
        if name != "pwd":
            sys.modules[name] = None
    # nbgrader imports pwd unless sys.platform is win32; there its modules hold None.
    import nbgrader.exchange.default.collect
    import nbgrader.utils

    nbgrader.utils.pwd = nbgrader.exchange.default.collect.pwd = None
    sys.modules["pwd"] = None
    for name in POSIX_OS_NAMES:
        os.__dict__.pop(name, None)
    os.supports_dir_fd.clear()
    multiprocessing.set_start_method("spawn", force=True)
    multiprocessing.get_all_start_methods = lambda: ["spawn"]  # Windows has no other


def _call(argv: list[str]) -> dict:
    from medsos.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return {"rc": code, "text": out.getvalue() + err.getvalue()}


def _fresh_imports(modules: list[str], script: str) -> list[str]:
    """Import ``modules`` and run ``script`` anew, without POSIX signals; what failed."""
    for name in [m for m in sys.modules if m == "medsos" or m.startswith("medsos.")]:
        del sys.modules[name]
    saved = {name: signal.__dict__.pop(name) for name in POSIX_SIGNALS if name in signal.__dict__}
    failed = []
    try:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception as exc:
                failed.append(f"{name}: {type(exc).__name__}: {exc}")
        spec = importlib.util.spec_from_file_location("mandiri", script)
        try:
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
        except Exception as exc:
            failed.append(f"{script}: {type(exc).__name__}: {exc}")
    finally:
        signal.__dict__.update(saved)
    return failed


def _pool_worker() -> list:
    """The class grader's worker pool as this system starts it: method, and a worker ran."""
    from concurrent.futures import ProcessPoolExecutor

    from medsos.grading.run import _worker_started, pool_context

    ctx = pool_context()
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=_worker_started) as pool:
        other = pool.submit(os.getpid).result(timeout=120) != os.getpid()
    return [ctx.get_start_method(), other]


def main(plan: dict) -> dict:
    act_like_windows()
    found: dict = {"periksa": {}}
    for key, notebook in plan["notebooks"].items():
        output = os.path.join(plan["output"], key)
        found["periksa"][key] = _call(["periksa", notebook, "--keluaran", output])
    found["loaded"] = sorted(m for m in sys.modules if m == "medsos" or m.startswith("medsos."))
    found["posix_loaded"] = [m for m in POSIX_MODULES if sys.modules.get(m) is not None]
    found["start_method"] = multiprocessing.get_start_method()

    from medsos.grading.config import sandbox_status
    from medsos.sandbox.safecopy import unsafe_entries

    found["links"] = unsafe_entries(plan["links"])
    found["sandbox"] = list(sandbox_status())
    found["grade"] = _call(["grade", plan["assignment"], "--kursus", plan["course"]])
    found["hub"] = _call(["hub", "mulai", "--folder", plan["hub_folder"]])
    found["pool"] = _pool_worker()
    # Every kit module loaded so far, and the listed ones, must import anew like this.
    every = set(plan["modules"]) | {m for m in sys.modules if m.split(".")[0] == "medsos"}
    found["import_failures"] = _fresh_imports(sorted(every), plan["mandiri"])
    return found


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        result = main(json.load(file))
    print("HASIL" + json.dumps(result))
