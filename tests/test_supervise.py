"""Process lifetime helpers of the grader (medsos.sandbox.supervise), on real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from medsos.sandbox.supervise import descendants, kill_tree

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_kill_tree_kills_grandchildren_in_their_own_session() -> None:
    # A worker-like parent whose child (like a kernel launched with start_new_session) has a
    # child of its own: none of them may outlive kill_tree of the parent.
    script = (
        "import subprocess, sys, time\n"
        'inner = \'import subprocess, time; subprocess.Popen(["sleep", "300"]); time.sleep(300)\'\n'
        "subprocess.Popen([sys.executable, '-c', inner], start_new_session=True)\n"
        "time.sleep(300)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while len(tree := descendants([parent.pid])) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(tree) == 2, tree
        assert os.getpid() not in tree and parent.pid not in tree
        kill_tree([parent.pid])
        parent.wait(10)
        deadline = time.monotonic() + 10
        while any(map(_running, tree)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in tree if _running(pid)] == []
    finally:
        parent.kill()


def test_descendants_of_nothing_is_empty() -> None:
    assert descendants([]) == []
