"""Run trainee code during autograding in a bubblewrap sandbox (no Docker needed).

What trainee code sees while nbgrader autogrades it: a read-only system and Python
environment; a tmpfs home (``/home/peserta/tugas`` is the working directory) holding copies
of the data files of the notebook's folder, but no notebook, so neither nbgrader's copy with
the hidden tests nor ``source/``, ``gradebook.db``, the exchange or other trainees' folders;
no network at all (loopback included: the kernel talks to nbgrader over unix sockets in a
private directory); none of the instructor's environment variables; limits on memory, CPU
time, processes, file size and output (:class:`Limits`). Every process dies with the kernel
(pid namespace, ``--die-with-parent``). When grading runs as root, trainee code runs as
``nobody``.

Public API::

    from medsos.sandbox import Limits, SandboxUnavailable, sandbox_available
    from medsos.sandbox import sandboxed_autograde_config

    ok, message = sandbox_available()        # quick check, message in Bahasa Indonesia
    with sandboxed_autograde_config(limits=Limits(), course_dir=course) as sandbox_config:
        ...                                  # raises SandboxUnavailable if it cannot start

Wiring into nbgrader's autograde (in-process, through its API)::

    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    config = Config()                         # the course's nbgrader config
    config.CourseDirectory.root = str(course)
    with sandboxed_autograde_config(course_dir=course) as sandbox_config:
        config.merge(sandbox_config)
        api = NbGraderAPI(config=config)
        result = api.autograde("modul-01", "peserta01")   # one kernel per notebook

The yielded config sets exactly these keys:

- ``Autograde.autograde_preprocessors``: nbgrader's default list with ``Execute`` replaced by
  :class:`medsos.sandbox.execute.SandboxedExecute` (nbgrader's ``Execute`` forces its own
  kernel manager class, so ``Execute.kernel_manager_class`` cannot be configured). A course
  that customises this list must put ``SandboxedExecute`` in place of ``Execute`` itself.
- ``SandboxKernelManager.sandbox_dir``: the private run directory (launcher config, kernel
  spec ``medsos-sandbox``, one connection directory per kernel, transport ``ipc``).
- ``SandboxKernelManager.shutdown_wait_time``, ``SandboxedExecute.max_output_bytes``.

``Execute.timeout`` (seconds per cell, nbgrader's default 30) still bounds wall-clock time;
``Limits.cpu_seconds`` bounds CPU time even when trainee code ignores interrupts.

Never run the whole ``nbgrader autograde`` command inside bwrap: the kernel would then inherit
write access to the gradebook. Only the kernel is sandboxed.
"""

from medsos.sandbox.config import (
    KERNEL_NAME,
    OPT_OUT_FLAG,
    Limits,
    SandboxUnavailable,
    require_sandbox,
    sandbox_available,
    sandboxed_autograde_config,
)

__all__ = [
    "KERNEL_NAME",
    "OPT_OUT_FLAG",
    "Limits",
    "SandboxUnavailable",
    "require_sandbox",
    "sandbox_available",
    "sandboxed_autograde_config",
]
