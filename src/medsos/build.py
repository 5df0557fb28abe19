"""Build the course: place each assignment's data, regenerate ``release/``, check everything.

``source/<NN-name>/`` holds an assignment's instructor notebooks; they read tables as
``data/<table>.csv`` relative to the notebook. :func:`place_data` copies exactly those
tables from ``datasets/`` into ``source/<assignment>/data/`` (git-ignored, generated), and
:func:`build` regenerates ``release/<assignment>/`` through nbgrader's
``generate_assignment`` and checks that

* every notebook is stored clean (:func:`check_stored_clean`);
* the source, answered as a perfect trainee, earns full autograded marks
  (:func:`check_full_marks`);
* the release, submitted blank, earns 0 autograded points (:func:`check_zero_marks`).

The grade checks autograde real submissions in a scratch copy of the course
(:class:`medsos.course.ScratchCourse`), so they exercise nbgrader's own autograde.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.utils import is_grade, is_locked, is_solution

from medsos import course_root
from medsos.course import (
    AutoScore,
    CellGrade,
    CourseError,
    ScratchCourse,
    answer_notebook,
)
from medsos.datasets import dictionary

ASSIGNMENT_PATTERN = re.compile(r"^\d{2}-[a-z0-9][a-z0-9-]*$")
# A table read by a notebook: "data/<name>.csv" inside a string literal.
DATA_REFERENCE = re.compile(r"""["'](?:\./)?data/([A-Za-z0-9_-]+\.csv)["']""")
# A folder of files read as a whole (e.g. platform exports): "data/<folder>" or "data/<folder>/",
# copied from datasets/<folder>/ when that folder exists.
DATA_FOLDER_REFERENCE = re.compile(r"""["'](?:\./)?data/([A-Za-z0-9_-]+)/?["']""")
GRADE_ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
FREE_CELL_TAG = "isian-bebas"
FULL_STUDENT = "cek_sempurna"
BLANK_STUDENT = "cek_kosong"


class BuildError(CourseError):
    """The build found a problem; the message is for instructors (Bahasa Indonesia)."""


# --------------------------------------------------------------------------- discovery


def assignments(root: Path | None = None) -> list[str]:
    """Assignment folders in ``source/`` (``NN-name`` holding at least one notebook), sorted."""
    source = _root(root) / "source"
    return sorted(
        p.name
        for p in source.iterdir()
        if p.is_dir() and ASSIGNMENT_PATTERN.match(p.name) and any(p.glob("*.ipynb"))
    )


def source_notebooks(assignment: str, root: Path | None = None) -> list[Path]:
    return sorted((_root(root) / "source" / assignment).glob("*.ipynb"))


def release_notebooks(assignment: str, root: Path | None = None) -> list[Path]:
    return sorted((_root(root) / "release" / assignment).glob("*.ipynb"))


def tables_used(assignment: str, root: Path | None = None) -> list[str]:
    """File names (``posting.csv``, ...) of the tables an assignment's notebooks read,
    and names of the ``datasets/`` folders they read whole (``ekspor``)."""
    names: set[str] = set()
    datasets = _root(root) / "datasets"
    for path in source_notebooks(assignment, root):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                names.update(DATA_REFERENCE.findall(cell.source))
                names.update(
                    name
                    for name in DATA_FOLDER_REFERENCE.findall(cell.source)
                    if (datasets / name).is_dir()
                )
    return sorted(names)


def documented_tables(names: Iterable[str]) -> list[str]:
    """The tables among ``names`` (``posting.csv``, ...) that the kit's schema describes,
    as table names (``posting``): what ``data/KAMUS-DATA.md`` documents."""
    stems = [name.removesuffix(".csv") for name in names if name.endswith(".csv")]
    return [stem for stem in stems if stem in dictionary.TABLES]


def data_lock(root: Path | None = None, exclusive: bool = True):
    """The lock on a course's placed data (``source/*/data/``), between processes: held
    exclusively by :func:`place_data`, shared by whoever copies ``source/`` elsewhere
    (``medsos hub siapkan``, scratch courses). Several processes placing data in the same
    course at once (``medsos build`` beside ``medsos lab``; the test suite's workers on a
    fresh clone) otherwise copy files half-written by another. The lock file lives in the
    temporary folder, keyed by the course's path, so nothing is added to the course."""
    import hashlib

    from medsos.posix import file_lock

    key = hashlib.sha256(str(_root(root).resolve()).encode()).hexdigest()[:16]
    return file_lock(Path(tempfile.gettempdir()) / f"medsos-data-{key}.lock", exclusive)


def place_data(assignment: str, root: Path | None = None) -> list[Path]:
    """Copy the tables the assignment uses from ``datasets/`` into ``source/<a>/data/``,
    with their data dictionary (``KAMUS-DATA.md``, generated from the schema) beside them.

    Stale files in that folder are removed, so it holds exactly what the notebooks read.
    """
    with data_lock(root):
        return _place_data(assignment, _root(root))


def _place_data(assignment: str, root: Path) -> list[Path]:
    data_dir = root / "source" / assignment / "data"
    wanted = tables_used(assignment, root)
    missing = [name for name in wanted if not (root / "datasets" / name).exists()]
    if missing:
        raise BuildError(
            f"Tugas {assignment} membaca {', '.join(missing)}, tetapi file itu tidak ada di "
            "datasets/. Jalankan `medsos datasets` atau perbaiki nama file di notebook."
        )
    documented = documented_tables(wanted)
    keep = [*wanted, dictionary.FOLDER_FILE] if documented else list(wanted)
    if data_dir.exists():
        for old in data_dir.iterdir():
            if old.name not in keep:
                _remove(old)
    placed = []
    if wanted:
        data_dir.mkdir(parents=True, exist_ok=True)
    for name in wanted:
        src, dest = root / "datasets" / name, data_dir / name
        if src.is_dir():
            if not dest.is_dir() or _compare_trees_quietly(src, dest):
                if dest.exists():
                    _remove(dest)
                shutil.copytree(src, dest)
        elif not dest.exists() or not filecmp.cmp(src, dest, shallow=False):
            shutil.copyfile(src, dest)
        placed.append(dest)
    if documented:
        text = dictionary.render_folder(documented)
        dest = data_dir / dictionary.FOLDER_FILE
        if not dest.exists() or dest.read_text(encoding="utf-8") != text:
            dest.write_text(text, encoding="utf-8")
        placed.append(dest)
    return placed


# --------------------------------------------------------------------------- stored clean


def check_stored_clean(path: Path, *, released: bool = False) -> list[str]:
    """Problems with how a notebook is stored (empty list: clean).

    Checks: no outputs or execution counts; kernelspec ``python3``; every Markdown cell
    locked or a written answer; every code cell locked, an answer, or tagged as a free cell
    (e.g. the trainee's name in the header); test cells open with a one-line docstring;
    readable grade ids. A released notebook must also carry no solutions or hidden tests.
    """
    nb = nbformat.read(path, as_version=4)
    where = path.name
    problems = []
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"{where}: kernelspec harus python3 (sekarang: {kernel!r})")
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells, start=1):
        label = f"{where} sel {index}"
        meta = cell.metadata.get("nbgrader")
        if cell.cell_type == "code":
            if cell.get("outputs"):
                problems.append(f"{label}: masih menyimpan output")
            if cell.get("execution_count") is not None:
                problems.append(f"{label}: masih menyimpan nomor eksekusi")
        if meta is None:
            if cell.cell_type == "markdown" or FREE_CELL_TAG not in cell.metadata.get("tags", []):
                problems.append(
                    f"{label}: tidak dikunci (beri metadata nbgrader 'Read-only', atau tag "
                    f"'{FREE_CELL_TAG}' untuk sel isian peserta)"
                )
            continue
        grade_id = meta.get("grade_id", "")
        if not GRADE_ID_PATTERN.match(grade_id or ""):
            problems.append(f"{label}: grade_id {grade_id!r} harus huruf kecil, angka, dan _")
        if grade_id in seen:
            problems.append(f"{label}: grade_id {grade_id!r} dipakai dua kali")
        seen.add(grade_id)
        if not (is_solution(cell) or is_locked(cell)):
            problems.append(f"{label} ({grade_id}): sel instruksi harus dikunci (locked)")
        if is_grade(cell) and cell.cell_type == "code":
            problems += _test_cell_problems(cell, f"{label} ({grade_id})")
        if released and ("BEGIN SOLUTION" in cell.source or "BEGIN HIDDEN TESTS" in cell.source):
            problems.append(f"{label} ({grade_id}): versi rilis memuat solusi/uji tersembunyi")
    return problems


def _test_cell_problems(cell, label: str) -> list[str]:
    """A test cell opens with a one-line docstring. Where it holds hidden tests, the
    docstring ends with ``;``: the released cell keeps only that line, and IPython then
    shows nothing, so the Validate button and ``nbgrader validate`` read no output as a
    partial score ("cannot be converted to a float")."""
    lines = cell.source.strip().split("\n")
    first = lines[0].rstrip()
    docstring = first.removesuffix(";").rstrip()
    if not (docstring.startswith('"""') and docstring.endswith('"""') and len(docstring) > 6):
        return [f"{label}: sel uji harus dibuka docstring satu baris"]
    hidden = "BEGIN HIDDEN TESTS" in cell.source
    placeholder = len(lines) == 1
    if (hidden or placeholder) and not first.endswith(";"):
        return [
            f"{label}: akhiri docstring sel uji tersembunyi dengan ';' agar sel di versi "
            "rilis tidak menampilkan keluaran"
        ]
    return []


# --------------------------------------------------------------------------- grade checks


@dataclass
class GradeCheck(AutoScore):
    """The outcome of autograding one simulated submission of one assignment."""

    assignment: str
    student: str
    grades: list[CellGrade] = field(default_factory=list)


def _submission(scratch: ScratchCourse, assignment: str, full: bool) -> dict:
    notebooks = {}
    for release_path in sorted(scratch.release_dir(assignment).glob("*.ipynb")):
        released = nbformat.read(release_path, as_version=4)
        if full:
            source = nbformat.read(scratch.source_dir(assignment) / release_path.name, 4)
            released = answer_notebook(released, source)
        notebooks[release_path.stem] = released
    return notebooks


def check_full_marks(assignment: str, scratch: ScratchCourse) -> GradeCheck:
    """Autograde the release answered with the source's solutions; raise unless full marks."""
    result = _grade(assignment, scratch, FULL_STUDENT, full=True)
    failed = [
        f"{g.grade_id} {g.score or 0:g}/{g.max_score:g}"
        for g in result.grades
        if not g.written and (g.score or 0) < g.max_score
    ]
    graded = scratch.folder / "autograded" / FULL_STUDENT / assignment
    for path in sorted(graded.glob("*.ipynb")):
        failed += unexpected_errors(path)
    if failed or result.max_score <= 0:
        raise BuildError(
            f"Tugas {assignment}: jawaban kunci tidak mendapat nilai penuh "
            f"({result.score:g}/{result.max_score:g}) atau ada sel yang galat: "
            + (", ".join(failed) or "tidak ada soal bernilai")
        )
    return result


def unexpected_errors(path: Path) -> list[str]:
    """Cells of an executed notebook that raised an error without the 'raises-exception' tag."""
    nb = nbformat.read(path, as_version=4)
    out = []
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", f"sel {index}")
            out.append(f"{grade_id} ({errors[0].get('ename')}: {errors[0].get('evalue')})")
    return out


def check_zero_marks(assignment: str, scratch: ScratchCourse) -> GradeCheck:
    """Autograde the blank release; raise unless it earns 0 autograded points."""
    result = _grade(assignment, scratch, BLANK_STUDENT, full=False)
    passed = [g for g in result.grades if not g.written and (g.score or 0) > 0]
    if passed:
        detail = ", ".join(f"{g.grade_id} {g.score:g}/{g.max_score:g}" for g in passed)
        raise BuildError(
            f"Tugas {assignment}: notebook kosong tetap mendapat nilai ({result.score:g}). "
            f"Sel uji ini lolos tanpa jawaban: {detail}"
        )
    return result


def _grade(assignment: str, scratch: ScratchCourse, student: str, full: bool) -> GradeCheck:
    scratch.submit_directly(assignment, student, _submission(scratch, assignment, full))
    return GradeCheck(assignment, student, scratch.autograde(assignment, student))


# --------------------------------------------------------------------------- build


@dataclass
class AssignmentReport:
    assignment: str
    tables: list[str]
    full: GradeCheck | None = None
    blank: GradeCheck | None = None

    def line(self) -> str:
        tables = ", ".join(self.tables) or "-"
        text = f"{self.assignment}: data {tables}"
        if self.full and self.blank:
            text += (
                f"; jawaban kunci {self.full.score:g}/{self.full.max_score:g} poin, "
                f"notebook kosong {self.blank.score:g} poin"
            )
        return text


def generate_release(
    assignment: str, scratch: ScratchCourse, root: Path | None = None
) -> ScratchCourse:
    """Place the data and generate the assignment's release inside ``scratch``."""
    place_data(assignment, root)
    scratch.add_source(assignment)
    scratch.generate(assignment)
    return scratch


def build(
    selected: Sequence[str] | None = None,
    root: Path | None = None,
    *,
    check: bool = True,
    write: bool = True,
    log=print,
) -> list[AssignmentReport]:
    """Regenerate ``release/`` for the selected assignments (all by default) and check them.

    With ``write=False`` nothing in the course changes except the placed data (used to
    compare a fresh build with the committed release). Raises ``BuildError`` on the first
    problem; returns one report per assignment.
    """
    root = _root(root)
    names = list(selected) if selected else assignments(root)
    unknown = sorted(set(names) - set(assignments(root)))
    if unknown:
        raise BuildError(f"Tugas tidak ditemukan di source/: {', '.join(unknown)}")
    header_problems = check_stored_clean(root / "source" / "header.ipynb") if check else []
    if header_problems:
        raise BuildError("Header belum tersimpan bersih:\n- " + "\n- ".join(header_problems))
    reports, failures = [], []
    with tempfile.TemporaryDirectory(prefix="medsos-build-") as tmp:
        scratch = ScratchCourse(Path(tmp), root)
        for name in names:
            log(f"Membangun {name} ...")
            try:
                report = build_assignment(name, scratch, root, check=check)
            except CourseError as err:
                log(f"  GAGAL: {err}")
                failures.append(f"{name}: {err}")
                continue
            if write:
                _replace_tree(scratch.release_dir(name), root / "release" / name)
            log("  " + report.line())
            reports.append(report)
        if write and not selected:
            for stale in sorted((root / "release").glob("*")):
                if stale.is_dir() and stale.name not in names:
                    log(f"Menghapus release/{stale.name} (tidak ada lagi di source/)")
                    shutil.rmtree(stale)
    if failures:
        raise BuildError(f"{len(failures)} tugas gagal dibangun:\n" + "\n".join(failures))
    return reports


def build_assignment(
    name: str, scratch: ScratchCourse, root: Path | None = None, *, check: bool = True
) -> AssignmentReport:
    """Generate one assignment inside ``scratch`` and run every check on it."""
    generate_release(name, scratch, root)
    report = AssignmentReport(name, tables_used(name, root))
    if not check:
        return report
    problems = []
    for path in source_notebooks(name, root):
        problems += check_stored_clean(path)
    for path in sorted(scratch.release_dir(name).glob("*.ipynb")):
        problems += check_stored_clean(path, released=True)
    if problems:
        raise BuildError("notebook belum tersimpan bersih:\n- " + "\n- ".join(problems))
    report.full = check_full_marks(name, scratch)
    report.blank = check_zero_marks(name, scratch)
    return report


def release_differences(root: Path | None = None) -> list[str]:
    """Files where the committed ``release/`` differs from a fresh build (empty: in sync)."""
    root = _root(root)
    names = assignments(root)
    differences = []
    with tempfile.TemporaryDirectory(prefix="medsos-sync-") as tmp:
        scratch = ScratchCourse(Path(tmp), root)
        for name in names:
            generate_release(name, scratch, root)
            differences += _compare_trees(scratch.release_dir(name), root / "release" / name)
    committed = {p.name for p in (root / "release").iterdir() if p.is_dir()}
    differences += [f"release/{extra}/ (tidak ada di source/)" for extra in committed - set(names)]
    return sorted(differences)


def _compare_trees(fresh: Path, committed: Path) -> list[str]:
    rel = committed.relative_to(committed.parent.parent)
    fresh_files = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
    committed_files = (
        {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()}
        if committed.exists()
        else set()
    )
    out = []
    for path in sorted(fresh_files | committed_files):
        if path not in committed_files:
            out.append(f"{rel / path} (belum ada)")
        elif path not in fresh_files:
            out.append(f"{rel / path} (tidak dihasilkan lagi)")
        elif not filecmp.cmp(fresh / path, committed / path, shallow=False):
            out.append(f"{rel / path} (berbeda)")
    return out


def _compare_trees_quietly(src: Path, dest: Path) -> bool:
    """True when the two folders differ in any file (names or bytes)."""
    src_files = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    dest_files = {p.relative_to(dest) for p in dest.rglob("*") if p.is_file()}
    return src_files != dest_files or any(
        not filecmp.cmp(src / f, dest / f, shallow=False) for f in src_files
    )


def _replace_tree(src: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src, dest)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


def _root(root: Path | None) -> Path:
    return Path(root) if root else course_root()


def run(selected: Iterable[str] = (), check: bool = True) -> int:
    """``medsos build``: print progress in Bahasa Indonesia; exit status 0 when all is well."""
    try:
        reports = build(list(selected) or None, check=check)
    except CourseError as err:
        print(f"GAGAL: {err}")
        return 1
    print(
        f"Selesai: {len(reports)} tugas dibangun ulang di release/"
        + (" dan lolos semua pemeriksaan." if check else " (tanpa pemeriksaan).")
    )
    return 0
