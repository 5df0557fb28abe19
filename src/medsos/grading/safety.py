"""The course's guard for nbgrader's own autograde: the formgrader's Autograde button,
``nbgrader autograde`` and the build checks run trainee code as ``medsos grade`` does.

``nbgrader_config.py`` calls :func:`configure` (only where the kit is installed), which sets:

- ``ExchangeFactory.collect``: :class:`~medsos.grading.collect.SafeExchangeCollect`;
- ``Autograde.pre_convert_hook``: :func:`before_autograde`, run by nbgrader before it copies
  anything of a submission. It refuses the whole run, with one Indonesian message, when the
  sandbox cannot start (unless the instructor opted out, :data:`OPT_OUT_ENV`) or while
  ``medsos grade`` holds the course's lock; it removes any symbolic link or special file from
  the instructor's ``submitted/`` copy before nbgrader's converter (which follows links)
  copies it, and leaves a note that makes :class:`RefuseUnsafeSubmission` refuse it;
- ``Autograde.sanitize_preprocessors``: nbgrader's, after :class:`RefuseUnsafeSubmission`
  (unsafe id, or links found by the hook: that submission fails with the reason, the others
  go on);
- ``Autograde.autograde_preprocessors``: nbgrader's, with the kernel in the bubblewrap
  sandbox (:class:`~medsos.sandbox.execute.SandboxedExecute`, one run directory per process)
  and :class:`~medsos.sandbox.redact.RedactHiddenTests` after it.

A nbgrader pre-convert hook's ``Exception`` is only logged, so the refusals are
:class:`AutogradeRefused`, a ``SystemExit``: ``nbgrader autograde`` stops with the message
and exit code 1, and nbgrader's API (the formgrader) reports it as the call's error.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from medsos.sandbox.safecopy import (
    UnsafeSubmission,
    links_reason,
    remove_links,
    unsafe_entries,
    unsafe_id_reason,
)

# ``MEDSOS_TANPA_SANDBOX=1 nbgrader autograde ...``: the same explicit opt-out as
# ``medsos grade --tanpa-sandbox``, for trusted submissions only.
OPT_OUT_ENV = "MEDSOS_TANPA_SANDBOX"
# Left in a submitted folder from which the hook removed links: the submission is refused.
LINKS_NOTE = ".medsos-tautan-dibuang.txt"

NBGRADER_SANITIZE = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
NBGRADER_AUTOGRADE = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]


class AutogradeRefused(SystemExit):
    """nbgrader's autograde must not run at all; ``str()`` is the message (Indonesian)."""

    def __str__(self) -> str:
        return str(self.code)


def opted_out() -> bool:
    return os.environ.get(OPT_OUT_ENV, "") not in ("", "0")


def configure(c: Any) -> None:
    """Set the course's safe collect and sandboxed autograde on the config ``c``."""
    c.ExchangeFactory.collect = "medsos.grading.collect.SafeExchangeCollect"
    c.Autograde.pre_convert_hook = "medsos.grading.safety.before_autograde"
    c.Autograde.sanitize_preprocessors = [
        "medsos.grading.safety.RefuseUnsafeSubmission",
        *NBGRADER_SANITIZE,
    ]
    execute = (
        "medsos.grading.preprocessors.BoundedExecute"
        if opted_out()
        else "medsos.sandbox.execute.SandboxedExecute"
    )
    steps = list(NBGRADER_AUTOGRADE)
    steps[0:1] = [execute, "medsos.sandbox.redact.RedactHiddenTests"]
    c.Autograde.autograde_preprocessors = steps
    # A kernel that stops answering is killed rather than waited on for long.
    c.SandboxKernelManager.shutdown_wait_time = 3.0


def before_autograde(assignment: str, student: str, notebooks: list[str]) -> None:
    """nbgrader's pre-convert hook for one submission (see the module docstring)."""
    if notebooks:
        folder = Path(notebooks[0]).parent
        course = folder.parents[2] if len(folder.parents) > 2 else Path.cwd()
    else:
        folder, course = None, Path.cwd()
    from medsos.grading.run import course_is_being_graded

    if course_is_being_graded(course):
        raise AutogradeRefused(
            "Autograde ditolak: medsos grade sedang menilai kursus ini. Tunggu sampai "
            "selesai, lalu ulangi; dua penilaian sekaligus dapat mencatat nilai setengah jadi."
        )
    if not opted_out():
        from medsos.sandbox.config import SandboxUnavailable, process_sandbox_dir

        try:
            process_sandbox_dir(course)
        except SandboxUnavailable as exc:
            raise AutogradeRefused(
                f"Autograde ditolak: {exc} Untuk nbgrader autograde dan tombol Autograde di "
                f"Formgrader, pilihan yang sama adalah variabel lingkungan {OPT_OUT_ENV}=1."
            ) from None
    if folder is not None and folder.is_dir() and not folder.is_symlink():
        removed = remove_links(folder)
        if removed:
            note = folder / LINKS_NOTE
            with open(note, "a", encoding="utf-8") as out:
                out.write("\n".join(removed) + "\n")


class RefuseUnsafeSubmission(NbGraderPreprocessor):
    """First sanitize step: refuse an unsafe id, or a submission that held links."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        student = resources["nbgrader"]["student"]
        reason = unsafe_id_reason(student)
        if reason:
            raise UnsafeSubmission(reason)
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        note = folder / LINKS_NOTE
        if note.is_file() and not note.is_symlink():
            found = note.read_text(encoding="utf-8").split()
            raise UnsafeSubmission(links_reason(found or ["?"]))
        problems = unsafe_entries(folder)
        if problems:
            raise UnsafeSubmission(links_reason(problems))
        return nb, resources
