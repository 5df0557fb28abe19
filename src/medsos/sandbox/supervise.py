"""Processes that die with their parent, even when the parent is killed with SIGKILL.

``medsos grade`` grades in worker processes forked by multiprocessing's fork server. When
the grading process is killed (``kill -9``, a closed terminal), nothing would stop the fork
server and the workers: they would go on grading, release feedback and write the gradebook
behind the instructor's back. Linux's ``PR_SET_PDEATHSIG`` makes the kernel send SIGKILL to a
process when its parent dies: the fork server gets it for the grading process (set when this
module is imported as the fork server's preload, see :data:`GUARD_ENV`), each worker for the
fork server (its pool initializer), and each sandboxed kernel dies with its worker (bwrap's
``--die-with-parent``).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
# Set by the grading process to its pid before it starts the fork server: a process importing
# this module whose parent has that pid is the fork server.
GUARD_ENV = "MEDSOS_INDUK_PENILAIAN"


def die_with_parent(sig: int | None = None) -> bool:
    """Ask the kernel to send ``sig`` (default SIGKILL) to this process when its parent dies
    (Linux only).

    Returns whether it is in place. Exits at once when the parent is already gone.
    """
    if not sys.platform.startswith("linux"):
        return False
    parent = os.getppid()
    with contextlib.suppress(OSError):
        libc = ctypes.CDLL(None, use_errno=True)
        signal_number = signal.SIGKILL if sig is None else sig
        if libc.prctl(PR_SET_PDEATHSIG, int(signal_number), 0, 0, 0) != 0:
            return False
        if os.getppid() != parent or parent == 1:  # the parent died before prctl
            os._exit(1)
        return True
    return False


def descendants(pids: list[int]) -> list[int]:
    """Every living process below ``pids`` (children first found, deepest last); Linux only.

    Read from ``/proc`` before the parents are killed: once a parent is gone its children are
    re-parented and can no longer be told from anyone else's.
    """
    if not os.path.isdir("/proc/self/task"):
        return []
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found: list[int] = []
    frontier = list(pids)
    while frontier:
        for child in children.get(frontier.pop(0), []):
            if child not in found:
                found.append(child)
                frontier.append(child)
    return found


def kill_tree(pids: list[int]) -> None:
    """SIGKILL ``pids`` and every process below them (kernels, bwrap), found first."""
    for pid in [*pids, *descendants(pids)]:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def guard_children() -> None:
    """Mark this process as the parent the fork server must die with."""
    os.environ[GUARD_ENV] = str(os.getpid())


def unguard_children() -> None:
    """Once the fork server runs: later children of this process (any program it starts that
    imports this module) are not fork servers and must not inherit the mark."""
    if os.environ.get(GUARD_ENV) == str(os.getpid()):
        del os.environ[GUARD_ENV]


if os.environ.get(GUARD_ENV) == str(os.getppid()):
    die_with_parent()
