"""Fixtures shared by several test files.

``kelas``: one classroom server (PostgreSQL, JupyterHub, proxy, formgrader) for every test
that asks for it (tests/test_hub.py, then tests/test_hub_browser.py), so the slow start is
paid once. It is closed right after the last test that uses it, not at the end of the
whole session, so the rest of the suite does not run beside an idle hub.

Under pytest-xdist (``make test``: ``--dist loadfile``) each worker has its own session,
so the two hub files must go to the same worker, one after the other: otherwise two
classes with the same accounts run at once and one's clean-up (``userdel``, closing the
folders above Python) pulls the ground from under the other. ``pytest_xdist_make_scheduler``
below keeps the per-file distribution and puts both files in one unit.
"""

from __future__ import annotations

import contextlib

import pytest

_open_classes: list[contextlib.ExitStack] = []

# Test files that share the ``kelas`` fixture, in the order they run.
KELAS_FILES = ("tests/test_hub.py", "tests/test_hub_browser.py")


@pytest.hookimpl(optionalhook=True)  # a run without xdist (-p no:xdist) does not know it
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's per-file scheduling, with the files that share one class in one unit."""
    from xdist.scheduler import LoadFileScheduling

    class KelasTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return "kelas" if scope in KELAS_FILES else scope

    return KelasTogether(config, log)


@pytest.fixture(scope="session")
def kelas():
    from hub_support import running_class

    with contextlib.ExitStack() as stack:
        _open_classes.append(stack)
        yield stack.enter_context(running_class())
        if stack in _open_classes:
            _open_classes.remove(stack)


def pytest_runtest_teardown(item, nextitem):
    if _open_classes and (nextitem is None or "kelas" not in nextitem.fixturenames):
        _open_classes.pop().close()
