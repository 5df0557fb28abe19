"""``medsos build``: data placement, stored-clean notebooks, release/ in sync, and the
full-marks / zero-marks checks for every assignment in source/ (later modules included)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import nbformat
import pytest

from medsos import build
from medsos.course import ScratchCourse

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = build.assignments(ROOT)


def test_there_is_an_orientation_module():
    assert ASSIGNMENTS[0] == "00-pengenalan"


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def built(request, tmp_path_factory):
    """One assignment placed and generated in a scratch course (shared by the tests below)."""
    scratch = ScratchCourse(tmp_path_factory.mktemp(request.param), ROOT)
    build.generate_release(request.param, scratch, ROOT)
    return request.param, scratch


def test_release_in_sync_with_fresh_build(built):
    name, scratch = built
    differences = build._compare_trees(scratch.release_dir(name), ROOT / "release" / name)
    assert differences == [], "release/ is stale: run `medsos build` and commit release/"


def test_no_stale_assignment_in_release():
    committed = {p.name for p in (ROOT / "release").iterdir() if p.is_dir()}
    assert committed <= set(ASSIGNMENTS)


def test_notebooks_stored_clean(built):
    name, scratch = built
    problems = build.check_stored_clean(ROOT / "source" / "header.ipynb")
    for path in build.source_notebooks(name, ROOT):
        problems += build.check_stored_clean(path)
    for path in build.release_notebooks(name, ROOT):
        problems += build.check_stored_clean(path, released=True)
    assert problems == []


def test_source_earns_full_marks(built):
    name, scratch = built
    result = build.check_full_marks(name, scratch)
    assert result.max_score > 0
    assert result.score == result.max_score


def test_blank_release_earns_zero(built):
    name, scratch = built
    result = build.check_zero_marks(name, scratch)
    assert result.score == 0


def test_data_placed_is_exactly_what_notebooks_read(built):
    name, _ = built
    used = build.tables_used(name, ROOT)
    if build.documented_tables(used):
        used = sorted([*used, "KAMUS-DATA.md"])
    placed = sorted(p.name for p in (ROOT / "source" / name / "data").glob("*"))
    released = sorted(p.name for p in (ROOT / "release" / name / "data").glob("*"))
    assert placed == used == released
    for table in build.tables_used(name, ROOT):
        released_copy, canonical = (
            ROOT / "release" / name / "data" / table,
            ROOT / "datasets" / table,
        )
        if canonical.is_dir():  # a folder read whole (module 05's exports)
            assert not build._compare_trees_quietly(canonical, released_copy), table
        else:
            assert released_copy.read_bytes() == canonical.read_bytes()


# --------------------------------------------------------------------------- the checks can fail


def _first(nb, predicate):
    return next(cell for cell in nb.cells if predicate(cell))


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[str, ScratchCourse]:
    """The orientation module with a wrong solution for its first question and a test that
    passes without an answer for its last graded cell, generated in a scratch course."""
    name = "00-pengenalan"
    scratch = ScratchCourse(tmp_path_factory.mktemp("rusak"), ROOT)
    build.place_data(name, ROOT)
    scratch.add_source(name)
    path = scratch.source_dir(name) / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    solution = _first(nb, lambda c: c.metadata.get("nbgrader", {}).get("solution"))
    solution.source = solution.source.replace("len(posting)", "len(akun)")
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("points", 0) > 0]
    lenient = [c for c in graded if c.cell_type == "code"][-1]
    lenient.source = (
        '"""Lolos tanpa jawaban."""\n### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS'
    )
    nbformat.write(nb, path)
    scratch.generate(name)
    return name, scratch


def test_full_marks_check_fails_on_a_wrong_solution(broken):
    name, scratch = broken
    with pytest.raises(build.BuildError, match="jumlah_posting_nilai 0/1"):
        build.check_full_marks(name, scratch)


def test_zero_marks_check_fails_when_a_test_passes_without_answer(broken):
    name, scratch = broken
    with pytest.raises(build.BuildError, match="jumlah_per_platform_urut 1/1"):
        build.check_zero_marks(name, scratch)


def _notebook(tmp_path, cells) -> Path:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def _locked(cell, grade_id, **extra):
    cell.metadata["nbgrader"] = {
        "grade": False,
        "grade_id": grade_id,
        "locked": True,
        "schema_version": 3,
        "solution": False,
        **extra,
    }
    return cell


def test_stored_clean_accepts_a_clean_notebook(tmp_path):
    v4 = nbformat.v4
    silent = _locked(v4.new_code_cell('"""Soal 1.1: x benar.""";'), "uji_x", grade=True, points=1)
    path = _notebook(tmp_path, [_locked(v4.new_markdown_cell("# Judul"), "judul"), silent])
    assert build.check_stored_clean(path, released=True) == []


def test_stored_clean_finds_each_problem(tmp_path):
    v4 = nbformat.v4
    with_output = _locked(v4.new_code_cell("1 + 1"), "hitung")
    with_output.outputs = [v4.new_output("execute_result", data={"text/plain": "2"})]
    with_output.execution_count = 3
    test_cell = _locked(v4.new_code_cell("assert x == 1"), "uji_x", grade=True, points=1)
    # A released hidden-test placeholder whose docstring would show up as output.
    noisy = _locked(v4.new_code_cell('"""Soal 1.1: x benar."""'), "uji_y", grade=True, points=1)
    cells = [
        v4.new_markdown_cell("tidak dikunci"),
        with_output,
        test_cell,
        noisy,
        _locked(v4.new_markdown_cell("Nama-ID"), "Nama-ID"),
        _locked(v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"), "bocor"),
    ]
    path = _notebook(tmp_path, cells)
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"]["name"] = "ir"
    nbformat.write(nb, path)
    text = "\n".join(build.check_stored_clean(path, released=True))
    for expected in (
        "kernelspec",
        "sel 1: tidak dikunci",
        "masih menyimpan output",
        "nomor eksekusi",
        "docstring satu baris",
        "uji_y): akhiri docstring",
        "grade_id 'Nama-ID'",
        "solusi/uji tersembunyi",
    ):
        assert expected in text


# --------------------------------------------------------------------------- data placement


def _fake_course(tmp_path: Path) -> Path:
    (tmp_path / "datasets").mkdir()
    for table in ("akun", "posting", "komentar"):
        (tmp_path / "datasets" / f"{table}.csv").write_text(f"{table}_id\n1\n", encoding="utf-8")
    folder = tmp_path / "source" / "01-contoh"
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell('Tabel "data/komentar.csv" hanya disebut di teks.'),
            nbformat.v4.new_code_cell('a = pd.read_csv("data/akun.csv")'),
            nbformat.v4.new_code_cell("p = pd.read_csv('./data/posting.csv', sep=',')"),
        ]
    )
    nbformat.write(nb, folder / "01-contoh.ipynb")
    (tmp_path / "source" / "99-kosong").mkdir()
    nbformat.write(nb, tmp_path / "source" / "header.ipynb")
    return tmp_path


def test_assignments_are_numbered_folders_with_notebooks(tmp_path):
    assert build.assignments(_fake_course(tmp_path)) == ["01-contoh"]


def test_place_data_copies_exactly_the_tables_read(tmp_path):
    root = _fake_course(tmp_path)
    data = root / "source" / "01-contoh" / "data"
    data.mkdir()
    (data / "lama.csv").write_text("x\n", encoding="utf-8")
    (data / "akun.csv").write_text("diubah\n", encoding="utf-8")
    placed = build.place_data("01-contoh", root)
    assert [p.name for p in placed] == ["akun.csv", "posting.csv", "KAMUS-DATA.md"]
    assert sorted(p.name for p in data.iterdir()) == ["KAMUS-DATA.md", "akun.csv", "posting.csv"]
    assert (data / "akun.csv").read_text(encoding="utf-8") == "akun_id\n1\n"
    # The dictionary describes exactly the tables placed, and points nowhere else.
    kamus = (data / "KAMUS-DATA.md").read_text(encoding="utf-8")
    assert "## `akun.csv`" in kamus and "## `posting.csv`" in kamus
    assert "## `komentar.csv`" not in kamus and "datasets/" not in kamus and "src/" not in kamus


def test_placing_and_copying_data_wait_for_each_other(tmp_path):
    """Two processes placing a course's data at once (the test workers on a fresh clone,
    ``medsos build`` beside ``medsos lab``) copied files another was still writing; a copy of
    ``source/`` (``medsos hub siapkan``, scratch courses) could meet a half-placed folder.
    Placing takes the course's data lock exclusively, copying takes it shared."""
    import threading

    from medsos.course import ScratchCourse

    (tmp_path / "kursus").mkdir()
    root = _fake_course(tmp_path / "kursus")
    shutil.copyfile(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    build.place_data("01-contoh", root)
    data = root / "source" / "01-contoh" / "data"
    (data / "akun.csv").write_text("lama\n", encoding="utf-8")
    scratch = ScratchCourse(tmp_path / "salinan", root)
    placing, copying = threading.Event(), threading.Event()
    placer = threading.Thread(target=lambda: (build.place_data("01-contoh", root), placing.set()))
    copier = threading.Thread(target=lambda: (scratch.add_source("01-contoh"), copying.set()))
    with build.data_lock(root):  # another process placing this course's data
        placer.start()
        copier.start()
        assert not placing.wait(1.5), "placed while another process was placing"
        assert not copying.wait(0.1), "copied source/ while its data was being placed"
        assert (data / "akun.csv").read_text(encoding="utf-8") == "lama\n"
    assert placing.wait(60) and copying.wait(60)
    placer.join()
    copier.join()
    assert (data / "akun.csv").read_text(encoding="utf-8") == "akun_id\n1\n"
    with build.data_lock(tmp_path / "lain"):  # another course's lock does not hold this one
        assert len(build.place_data("01-contoh", root)) == 3


def test_place_data_copies_a_folder_read_whole(tmp_path):
    root = _fake_course(tmp_path)
    exports = root / "datasets" / "ekspor" / "x"
    exports.mkdir(parents=True)
    (exports / "a.csv").write_text("Post id\n1\n", encoding="utf-8")
    path = root / "source" / "01-contoh" / "01-contoh.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('folder = "data/ekspor"\nlain = "data/tidak_ada"'))
    nbformat.write(nb, path)
    assert build.tables_used("01-contoh", root) == ["akun.csv", "ekspor", "posting.csv"]
    build.place_data("01-contoh", root)
    placed = root / "source" / "01-contoh" / "data" / "ekspor" / "x" / "a.csv"
    assert placed.read_text(encoding="utf-8") == "Post id\n1\n"
    (exports / "a.csv").write_text("Post id\n2\n", encoding="utf-8")
    build.place_data("01-contoh", root)
    assert placed.read_text(encoding="utf-8") == "Post id\n2\n"


def test_place_data_names_a_missing_table_in_indonesian(tmp_path):
    root = _fake_course(tmp_path)
    (root / "datasets" / "posting.csv").unlink()
    with pytest.raises(build.BuildError, match="posting.csv.*tidak ada di datasets/"):
        build.place_data("01-contoh", root)


def test_build_of_unknown_assignment_is_refused():
    with pytest.raises(build.BuildError, match="tidak ditemukan"):
        build.build(["99-tidak-ada"], ROOT, write=False)


def test_header_asks_for_a_name_and_a_restart():
    header = nbformat.read(ROOT / "source" / "header.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in header.cells)
    # The menu path as the kit's language pack shows it (tests/test_lab_menus.py keeps every
    # quoted menu path in sync with the pack).
    assert "NAMA" in text and "Kernel → Mulai Ulang Kernel dan Jalankan Semua Sel…" in text


def test_validate_button_works_on_a_released_notebook(tmp_path):
    """Self-study: nbgrader's Validator (what the Validate button runs, with the course
    config) flags the unanswered quick checks and passes once the answers are in."""
    from nbgrader.validator import Validator

    from medsos.course import answer_notebook, load_config

    name = "00-pengenalan"
    folder = tmp_path / name
    shutil.copytree(ROOT / "release" / name, folder)
    path = folder / f"{name}.ipynb"
    validator = Validator(config=load_config(ROOT, exchange=tmp_path / "exchange"))
    warnings = []
    validator.log.addHandler(_Collect(warnings))
    failed = validator.validate(str(path)).get("failed", [])
    assert len(failed) >= 4
    assert any("Cek cepat" in cell["source"] for cell in failed)

    source = nbformat.read(ROOT / "source" / name / f"{name}.ipynb", as_version=4)
    nbformat.write(answer_notebook(nbformat.read(path, as_version=4), source), path)
    assert validator.validate(str(path)) == {}
    # Released hidden-test placeholders print nothing, so nbgrader reads no partial score.
    assert not [w for w in warnings if "converted to a float" in " ".join(w.split())], warnings


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())
