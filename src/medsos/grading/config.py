"""The nbgrader configuration of a grading run, built in one place.

:func:`grading_config` is the course's ``nbgrader_config.py`` pointed at a course folder and a
gradebook; :func:`execution_config` adds everything that decides how a submission is run
(restoration, output bounds, the sandboxed kernel). Every worker, and the benchmark's
reference run, gets its configuration from these two functions only.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import CheckCellMetadata, Execute, LimitOutput, OverwriteCells
from traitlets.config import Config

from medsos.course import CONFIG_FILE, load_config
from medsos.grading.preprocessors import (
    BoundedExecute,
    CheckCellMetadataOnce,
    LimitOutputSize,
    RestoreFromSource,
)

# SQLite waits this long for another worker's write before failing (pysqlite default: 5 s).
SQLITE_BUSY_TIMEOUT_S = 120
# Output kept per cell while it runs, and characters kept per output afterwards.
MAX_OUTPUT_BYTES = 2 * 2**20
MAX_OUTPUT_CHARS = 100_000
# Seconds to wait for a cell's last output after its reply (nbclient's default, 4 s, fails
# submissions that print a lot when parallel workers load the machine).
IOPUB_TIMEOUT_S = 30


class SandboxRefused(RuntimeError):
    """The sandbox cannot start and the instructor did not opt out; message in Indonesian."""


@dataclass(frozen=True)
class ExecutionPolicy:
    """How trainee code is run: in the sandbox (default) or, by explicit choice, without."""

    sandbox: bool = True
    max_output_bytes: int = MAX_OUTPUT_BYTES
    max_output_chars: int = MAX_OUTPUT_CHARS


def with_busy_timeout(db_url: str) -> str:
    """``db_url`` with a SQLite busy timeout, so parallel writers wait instead of failing."""
    if db_url.startswith("sqlite") and "timeout=" not in db_url:
        sep = "&" if "?" in db_url else "?"
        return f"{db_url}{sep}timeout={SQLITE_BUSY_TIMEOUT_S}"
    return db_url


def grading_config(course_dir: Path, db_url: str | None = None) -> Config:
    """The course's nbgrader config for ``course_dir``.

    A course folder holding its own ``nbgrader_config.py`` uses it; any other folder (e.g. the
    scratch course of ``medsos demo``) uses the kit's, with the gradebook and, unless
    ``MEDSOS_EXCHANGE`` is set, the exchange inside the folder. nbgrader's own autograde (the
    benchmark's reference) runs with exactly this config.
    """
    course_dir = Path(course_dir).resolve()
    if (course_dir / CONFIG_FILE).is_file():
        # The folder's own config says where its gradebook is (MEDSOS_DB_URL, e.g. the
        # classroom server's PostgreSQL; else gradebook.db in the folder).
        config = load_config(course_dir, db_url=db_url)
    else:
        exchange = None if os.environ.get("MEDSOS_EXCHANGE") else course_dir / "exchange"
        config = load_config(course_dir=course_dir, exchange=exchange, db_url=db_url)
    if "root" in config.Exchange:  # nbgrader warns about a missing exchange folder
        Path(config.Exchange.root).mkdir(parents=True, exist_ok=True)
    # Whatever the course's config file says: collect never follows a trainee's links.
    config.ExchangeFactory.collect = "medsos.grading.collect.SafeExchangeCollect"
    # The course's gate before nbgrader's own autograde (medsos.grading.safety): a worker
    # checks the same before it calls autograde, and has set up its sandbox already.
    config.Autograde.pre_convert_hook = None
    return config


def sandbox_status() -> tuple[bool, str]:
    """``(True, "")`` when the sandbox can start here, else ``(False, reason in Indonesian)``."""
    try:
        from medsos.sandbox import sandbox_available
    except ImportError:  # pragma: no cover - the sandbox package is part of the kit
        return False, "Paket sandbox (medsos.sandbox) tidak ditemukan."
    return sandbox_available()


@contextlib.contextmanager
def execution_config(course_dir: Path, policy: ExecutionPolicy) -> Iterator[Config]:
    """Yield the config every submission of a run is executed with (the one sandbox hook).

    Sanitize steps: nbgrader's, with :class:`RestoreFromSource` before ``OverwriteCells``.
    Autograde steps: nbgrader's, with the kernel step bounded (the sandbox's
    ``SandboxedExecute``, or :class:`BoundedExecute` when the instructor opted out of the
    sandbox) and :class:`LimitOutputSize` after ``LimitOutput``. In both, nbgrader's
    ``CheckCellMetadata`` is :class:`CheckCellMetadataOnce` (same checks, schema compiled
    once). Raises :class:`SandboxRefused` when the sandbox is wanted but cannot start.
    """
    config = Config()
    sanitize = list(Autograde.class_traits()["sanitize_preprocessors"].default())
    sanitize.insert(sanitize.index(OverwriteCells), RestoreFromSource)
    sanitize[sanitize.index(CheckCellMetadata)] = CheckCellMetadataOnce
    config.Autograde.sanitize_preprocessors = sanitize
    config.LimitOutputSize.max_chars = policy.max_output_chars
    config.Execute.iopub_timeout = IOPUB_TIMEOUT_S
    with contextlib.ExitStack() as stack:
        if policy.sandbox:
            ok, message = sandbox_status()
            if not ok:
                raise SandboxRefused(message)
            from medsos.sandbox import sandboxed_autograde_config

            sandbox = stack.enter_context(sandboxed_autograde_config(course_dir=course_dir))
            config.merge(sandbox)
            steps = list(sandbox.Autograde.autograde_preprocessors)
            config.SandboxedExecute.max_output_bytes = policy.max_output_bytes
        else:
            from medsos.sandbox.redact import RedactHiddenTests

            steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
            # Without the sandbox too: hidden tests and scripts never reach feedback.
            steps[steps.index(Execute) : steps.index(Execute) + 1] = [
                BoundedExecute,
                RedactHiddenTests,
            ]
            config.BoundedExecute.max_output_bytes = policy.max_output_bytes
        steps.insert(steps.index(LimitOutput) + 1, LimitOutputSize)
        steps[steps.index(CheckCellMetadata)] = CheckCellMetadataOnce
        assert ClearMetadataPreprocessor in steps
        config.Autograde.autograde_preprocessors = steps
        yield config
