"""Run trainee code during autograding in a bubblewrap sandbox (no Docker needed).

What trainee code sees while nbgrader autogrades it: a read-only system and Python
environment; a tmpfs home (``/home/peserta/tugas`` is the working directory) holding copies
of the data files of the notebook's folder, but no notebook, so neither nbgrader's copy with
the hidden tests nor ``source/``, ``gradebook.db``, the exchange or other trainees' folders;
no writable host directory at all; no network, loopback included (the kernel creates its
unix sockets in a tmpfs of its own, which nbgrader reaches through ``/proc/<pid>/root``);
none of the instructor's environment variables; limits on memory, CPU time, processes,
file size and output (:class:`Limits`). Every process dies with the kernel (pid namespace,
``--die-with-parent``). When grading runs as root, trainee code runs as ``nobody``.
Hidden-test lines are removed from every output (:mod:`medsos.sandbox.redact`).

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
  :class:`medsos.sandbox.execute.SandboxedExecute` and followed by
  :class:`medsos.sandbox.redact.RedactHiddenTests` (nbgrader's ``Execute`` forces its own
  kernel manager class, so ``Execute.kernel_manager_class`` cannot be configured). A course
  that customises this list must make the same two changes itself.
- ``SandboxKernelManager.sandbox_dir``: the private run directory (launcher config, kernel
  spec ``medsos-sandbox``, one connection directory per kernel, transport ``ipc``).
- ``SandboxKernelManager.wall_seconds`` (:attr:`Limits.wall_seconds`),
  ``SandboxKernelManager.shutdown_wait_time``, ``SandboxedExecute.max_output_bytes``.

``Execute.timeout`` (seconds per cell, nbgrader's default 30) still bounds wall-clock time;
``Limits.cpu_seconds`` bounds CPU time even when trainee code ignores interrupts.

Never run the whole ``nbgrader autograde`` command inside bwrap: the kernel would then inherit
write access to the gradebook. Only the kernel is sandboxed.

Grading without the sandbox (the instructor's explicit ``--tanpa-sandbox``) should still use
:func:`medsos.sandbox.execute.autograde_steps` with ``sandboxed=False``, which keeps the
:class:`~medsos.sandbox.redact.RedactHiddenTests` step.

A seccomp filter (x86_64 and aarch64) refuses system calls trainee code never needs
(``ptrace``, keyrings, eBPF, ``perf_event_open``, ``io_uring``, mounts, namespaces, modules).

What the sandbox does not do: memory is limited per process (``RLIMIT_AS``), not for the
kernel's processes together (that needs cgroups, which an instructor's machine may not
delegate); tmpfs inodes (many empty files) are not bounded by ``--size``. Trainee code can
still print hidden tests in an encoded form: generate feedback with nbgrader's
``ClearHiddenTests`` and keep hidden tests free of anything worth stealing.
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
