"""The course's nbgrader collect: ``c.ExchangeFactory.collect`` in ``nbgrader_config.py``.

nbgrader's own collect copies each inbound folder with ``shutil.copytree``, which follows
every symbolic link a trainee plants after submitting (the gradebook, ``/etc/shadow``,
``source/`` arrive as plain files), stops the whole collect on a dangling link, and matches
student ids as glob patterns. :class:`SafeExchangeCollect` keeps nbgrader's choice of which
submission to take (newest, or last before the due date; ``--update``) and replaces the copy:

- an id that is not a plain safe id (:func:`~medsos.sandbox.safecopy.unsafe_id_reason`) is
  refused before anything is read;
- a folder holding a link, hard link or special file is refused as a whole
  (:func:`~medsos.sandbox.safecopy.copy_submission`), nothing is copied from it and the
  previously collected submission, if any, stays;
- every other submission is copied without following anything and replaces the old copy in
  one step (never half-collected); files are readable by the instructor only (group too
  when the course is ``groupshared``), whoever owns the inbound folder.

Refusals are logged in Bahasa Indonesia and written to ``laporan/<assignment>/ditolak.json``,
where ``medsos grade`` turns them into statuses; one refusal never stops the others.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect, groupby
from nbgrader.utils import check_mode, parse_utc

from medsos.grading.status import load_refusals, save_refusals
from medsos.sandbox.safecopy import (
    CopyRules,
    UnsafeSubmission,
    copy_submission,
    shown_id,
    unsafe_id_reason,
)

try:  # owners of submissions; nbgrader skips that check without it (Windows)
    import pwd
except ImportError:
    pwd = None


class SafeExchangeCollect(ExchangeCollect):
    """nbgrader's exchange collect with a copy that never follows links (module docstring)."""

    def _records(self, pattern: str) -> list[dict]:
        records = []
        for path in glob.glob(pattern):
            parts = os.path.basename(path).rsplit("+", 3)
            try:
                timestamp = parse_utc(parts[2])
            except Exception:  # a folder planted with a name nbgrader never makes
                self.log.error(
                    "Folder '%s' di inbound diabaikan: namanya bukan kiriman nbgrader.",
                    shown_id(os.path.basename(path)),
                )
                continue
            records.append(
                {"username": parts[0], "filename": os.path.basename(path), "timestamp": timestamp}
            )
        return records

    def init_src(self) -> None:
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail(f"You don't have read permissions for the directory: {self.inbound_path}")
        student = self.coursedir.student_id
        # A requested id matches only itself; the assignment is the instructor's own name.
        student_glob = glob.escape(student) if student and student != "*" else "*"
        assignment = glob.escape(self.coursedir.assignment_id)
        pattern = os.path.join(self.inbound_path, f"{student_glob}+{assignment}+*")
        usergroups = groupby(self._records(pattern), lambda item: item["username"])
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        self.src_records = []
        for records in usergroups.values():
            records = self._sort_by_timestamp(records)
            if self.duedate is not None and self.before_duedate:
                before = [r for r in records if r["timestamp"] <= self.duedate]
                records = before or records
            self.src_records.append(records[0])

    def _rules(self) -> CopyRules:
        coursedir = self.coursedir
        shared = bool(coursedir.groupshared)
        return CopyRules(
            ignore=list(coursedir.ignore),
            include=list(coursedir.include),
            max_file_kb=coursedir.max_file_size,
            max_dir_kb=coursedir.max_dir_size,
            file_mode=0o660 if shared else 0o640,
            dir_mode=0o2770 if shared else 0o750,
        )

    def _course_root(self) -> Path:
        return Path(self.coursedir.root)

    def copy_files(self) -> None:
        assignment = self.coursedir.assignment_id
        if not self.src_records:
            self.log.warning(f"No submissions of '{assignment}' to collect")
        refusals = load_refusals(self._course_root(), assignment)
        changed = False
        rules = self._rules()
        for rec in self.src_records:
            student_id = rec["username"]
            src_path = os.path.join(self.inbound_path, rec["filename"])
            key = shown_id(student_id)
            reason = unsafe_id_reason(student_id)
            if reason is None:
                reason = self._collect_one(rec, src_path, rules)
            if reason:
                self.log.error("Kiriman '%s' ditolak: %s", key, reason)
                entry = {"alasan": reason, "waktu": str(rec["timestamp"])}
                if refusals.get(key) != entry:
                    refusals[key], changed = entry, True
            elif reason == "" and key in refusals:
                del refusals[key]
                changed = True
        if changed:
            save_refusals(self._course_root(), assignment, refusals)

    def _collect_one(self, rec: dict, src_path: str, rules: CopyRules) -> str | None:
        """Copy one submission; its refusal reason, "" when collected, None when skipped."""
        student_id = rec["username"]
        assignment = self.coursedir.assignment_id
        if self.check_owner and pwd is not None:
            try:
                owner = pwd.getpwuid(os.lstat(src_path).st_uid).pw_name
            except KeyError:
                owner = "unknown id"
            if student_id != owner:
                self.log.warning(
                    "%s claims to be submitted by %s but is owned by %s; cheating attempt? "
                    "you may disable this warning by unsetting the option "
                    "CollectApp.check_owner",
                    src_path,
                    student_id,
                    owner,
                )
        dest_path = self.coursedir.format_path(
            self.coursedir.submitted_directory, student_id, assignment
        )
        if os.path.isdir(dest_path):
            existing = self.coursedir.get_existing_timestamp(dest_path)
            newer = existing is None or rec["timestamp"] > existing
            if not (self.update and newer) and not (
                self.before_duedate and existing != rec["timestamp"]
            ):
                self.log.info("No newer submission to collect: %s %s", student_id, assignment)
                return None
        try:
            copy_submission(Path(src_path), Path(dest_path), rules)
        except UnsafeSubmission as exc:
            return str(exc)
        except OSError as exc:
            return (
                f"Kiriman tidak dapat dibaca dari exchange ({type(exc).__name__}: "
                f"{exc.strerror or exc}); tidak diambil. Periksa izin folder exchange."
            )
        self.log.info("Collected submission: %s %s", student_id, assignment)
        return ""
