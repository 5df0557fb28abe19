"""Hostile submissions through the real exchange and the real ``medsos grade`` command.

One small course (tests/grading_course.py, the kit's own ``nbgrader_config.py``) receives,
through ``nbgrader submit``, honest trainees and trainees who then tamper with their inbound
folder: symbolic links to the gradebook, ``/etc/shadow``, the source notebook and the whole
``source/`` folder, a submitted notebook that is itself a link to the source, a dangling
link, and ids that nbgrader would take as glob patterns. Everything is graded by one
``medsos grade`` run (sandboxed); a second course with only the honest trainees is the
reference for their grades. Faults (a second concurrent run, ``kill -9``, Ctrl-C) run on
a third course.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import grading_course as gc
import nbformat
import pytest
from hostile import attacks, exchange
from nbformat.v4 import new_code_cell

from medsos.course import load_config, make_api, run_step
from medsos.grading.simulate import read_scores
from medsos.grading.status import Status, load_statuses

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
SHADOW = Path("/etc/shadow")


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **extra}
    env.pop("MEDSOS_EXCHANGE", None)
    env.pop("MEDSOS_DB_URL", None)
    return env


def _medsos_grade(course: Path, *args: str, **popen) -> subprocess.CompletedProcess:
    command = [str(BIN / "medsos"), "grade", gc.ASSIGNMENT, "--kursus", str(course), *args]
    return subprocess.run(
        command, env=_env(), capture_output=True, text=True, timeout=600, check=False, **popen
    )


def _released_course(folder: Path) -> tuple[Path, Path]:
    course = gc.make_course(folder)
    config = load_config(course, course_dir=course, exchange=course / "exchange")
    run_step(make_api(config).release_assignment(gc.ASSIGNMENT), "release_assignment")
    return course, course / "exchange"


HONEST = ("jujur_penuh", "jujur_kosong")


def _submit_honest(course: Path, ex: Path, homes: Path) -> dict[str, Path]:
    notebooks = {"jujur_penuh": gc.full_answer(course), "jujur_kosong": gc.released(course)}
    return {
        student: exchange.submit(ex, homes / student, gc.ASSIGNMENT, student, {gc.NOTEBOOK: nb})
        for student, nb in notebooks.items()
    }


def _scores(course: Path) -> dict:
    return read_scores(f"sqlite:///{course / 'gradebook.db'}", exchange.COURSE_ID, gc.ASSIGNMENT)


def _other_assignments_notebook(course: Path) -> nbformat.NotebookNode:
    """A notebook of another assignment (other cells, metadata of another kind) under this
    assignment's name."""
    nb = gc.full_answer(course)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta and meta.get("grade"):
            meta["grade_id"] = f"lain_{meta['grade_id']}"
            meta["points"] = "dua"
    return nb


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    base = tmp_path_factory.mktemp("hostile")
    reference, ref_exchange = _released_course(base / "rujukan")
    _submit_honest(reference, ref_exchange, base / "rumah-rujukan")
    ref_run = _medsos_grade(reference)
    assert ref_run.returncode == 0, ref_run.stderr[-3000:]

    course, ex = _released_course(base / "kursus")
    homes = base / "rumah"
    _submit_honest(course, ex, homes)
    full = {gc.NOTEBOOK: gc.full_answer(course)}
    source_nb = course / "source" / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.ipynb"
    folders = {
        s: exchange.submit(ex, homes / s, gc.ASSIGNMENT, s, full)
        for s in ("tautan_data", "tautan_notebook", "tautan_putus", "[hj]ujur_penuh")
    }
    leaky = gc.answer(
        gc.full_answer(course),
        "jawab_luas",
        attacks.hook_leaking_in_every_output_type() + "luas = BASIS * 2",
    )
    leaky = gc.answer(leaky, "jawaban_tertulis", f"Jawaban <script>{attacks.JS_MARKER}()</script>")
    exchange.submit(
        ex, homes / "bocor_keluaran", gc.ASSIGNMENT, "bocor_keluaran", {gc.NOTEBOOK: leaky}
    )
    doubled = "# ### BEGIN HIDDEN TESTS\n# ### BEGIN HIDDEN TESTS\nluas = BASIS * 2"
    odd = {
        "penanda_ganda": gc.answer(gc.full_answer(course), "jawab_luas", doubled),
        "abaikan_interupsi": gc.answer(
            gc.full_answer(course),
            "jawab_luas",
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
        ),
        "tugas_lain": _other_assignments_notebook(course),
    }
    for student, nb in odd.items():
        exchange.submit(ex, homes / student, gc.ASSIGNMENT, student, {gc.NOTEBOOK: nb})
    exchange.plant(
        folders["tautan_data"],
        {
            "data/extra.csv": str(course / "gradebook.db"),
            "data/shadow.csv": str(SHADOW),
            "data/soal.csv": str(source_nb),
            "sumber2": "../../../../source",
        },
    )
    exchange.plant(folders["tautan_notebook"], {f"{gc.NOTEBOOK}.ipynb": str(source_nb)})
    exchange.plant(folders["tautan_putus"], {"data/hilang.csv": str(base / "tidak-ada.csv")})
    exchange.forge(ex, "*", gc.ASSIGNMENT, folders["[hj]ujur_penuh"])
    run = _medsos_grade(course)
    return SimpleNamespace(
        course=course,
        reference=reference,
        scores_of=lambda student: _scores(course)[student],
        run=run,
        statuses=load_statuses(course, gc.ASSIGNMENT),
    )


def test_the_batch_finishes(hostile: SimpleNamespace) -> None:
    assert hostile.run.returncode == 0, hostile.run.stderr[-3000:]
    assert "Traceback" not in hostile.run.stderr


def test_honest_grades_identical_to_a_run_without_hostile_ones(hostile) -> None:
    ours, reference = _scores(hostile.course), _scores(hostile.reference)
    for student in HONEST:
        assert ours[student] == reference[student], student
        assert hostile.statuses[student].status in (Status.GRADED, Status.MANUAL)
    assert ours["jujur_penuh"][f"{gc.NOTEBOOK}:uji_nilai"] == 2.0


@pytest.mark.parametrize(
    ("student", "reason"),
    [
        ("tautan_data", "tautan simbolik"),
        ("tautan_notebook", "tautan simbolik"),
        ("tautan_putus", "tautan simbolik"),
        ("[hj]ujur_penuh", "ID peserta"),
        ("*", "ID peserta"),
        ("abaikan_interupsi", "Batas waktu terlampaui"),
    ],
)
def test_hostile_submission_gets_an_indonesian_status(hostile, student, reason) -> None:
    result = hostile.statuses[student]
    assert result.status is Status.FAILED, result
    assert reason in result.reason


def test_hostile_submissions_are_never_collected_or_graded(hostile) -> None:
    course = hostile.course
    kept = sorted([*HONEST, "bocor_keluaran", "penanda_ganda", "abaikan_interupsi", "tugas_lain"])
    assert sorted(p.name for p in (course / "submitted").iterdir()) == kept
    assert set(p.name for p in (course / "autograded").iterdir()) <= set(kept)
    scores = _scores(course)
    for student in ("tautan_data", "tautan_notebook", "[hj]ujur_penuh", "*"):
        assert student not in scores


def test_no_instructor_file_reached_any_grading_folder(hostile) -> None:
    course = hostile.course
    shadow = SHADOW.read_bytes() if os.access(SHADOW, os.R_OK) else None
    secrets = [b"SQLite format 3"] + ([shadow[:64]] if shadow else [])
    for folder in ("submitted", "autograded", "feedback"):
        # autograded/ holds nbgrader's copy with the hidden tests put back: only the others
        # must never show them.
        hidden = [] if folder == "autograded" else [gc.HIDDEN_MESSAGE.encode()]
        for path in (course / folder).rglob("*"):
            assert not path.is_symlink(), path
            if path.is_file():
                data = path.read_bytes()
                for secret in secrets + hidden:
                    assert secret not in data, (path, secret[:20])
    released = course / "exchange" / exchange.COURSE_ID / "feedback"
    for path in released.rglob("*"):
        if path.is_file():
            assert gc.HIDDEN_MESSAGE.encode() not in path.read_bytes()


def test_hidden_tests_leak_through_no_output_type(hostile) -> None:
    from medsos.sandbox.redact import KEPT_MIME_TYPES, REDACTED, visible_text

    course = hostile.course
    graded = course / "autograded" / "bocor_keluaran" / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.ipynb"
    nb = nbformat.read(graded, as_version=4)
    seen = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert set(output.get("data", {})) <= KEPT_MIME_TYPES, output.get("data")
            values = [output.get("text", ""), *map(str, output.get("data", {}).values())]
            seen += [visible_text(v) for v in values]
    text = "\n".join(seen)
    assert REDACTED in text, "the hook did not run"
    assert gc.HIDDEN_MESSAGE not in text and "assert luas == 20" not in text
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert attacks.JS_MARKER not in outputs
    page = course / "feedback" / "bocor_keluaran" / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.html"
    page_text = page.read_text(encoding="utf-8")
    # The trainee's code is shown (escaped); no script or handler of theirs is live markup.
    assert f"<script>{attacks.JS_MARKER}" not in page_text
    assert f'<img src=x onerror="{attacks.JS_MARKER}' not in page_text
    written = next(c for c in nb.cells if c.cell_type == "markdown" and "Jawaban" in c.source)
    assert "<script>" not in written.source
    assert gc.HIDDEN_MESSAGE not in visible_text(page_text)
    assert hostile.scores_of("bocor_keluaran") == hostile.scores_of("jujur_penuh")


def test_hidden_test_markers_in_an_answer_still_give_feedback(hostile) -> None:
    result = hostile.statuses["penanda_ganda"]
    assert result.status is Status.MANUAL, result
    assert result.feedback and Path(result.feedback).is_file()
    assert hostile.scores_of("penanda_ganda") == hostile.scores_of("jujur_penuh")


def test_every_reason_is_indonesian(hostile) -> None:
    english = ("Error:", "Traceback", "failed to validate", "is not of type", "No such file")
    for student, result in hostile.statuses.items():
        for text in (result.reason, *result.notes):
            assert not any(word in text for word in english), (student, text)


def test_summary_names_every_refusal(hostile) -> None:
    out = hostile.run.stdout
    for student in ("tautan_data", "[hj]ujur_penuh", "*"):
        assert student in out
    assert "tidak dapat dinilai" in out


# --------------------------------------------------------------------------- faults

SLOW_ANSWER = "import time\ntime.sleep(3)\nluas = BASIS * 2"


def _descendants(pid: int) -> dict[int, str]:
    """Every living process below ``pid`` (pid -> start time, to tell a reused pid)."""
    parents: dict[int, tuple[int, str]] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            parents[int(entry)] = (int(fields[1]), fields[19])
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, start) in parents.items():
            if ppid == parent and child not in found:
                found[child] = start
                frontier.append(child)
    return found


def _alive(processes: dict[int, str]) -> list[str]:
    alive = []
    for pid, start in processes.items():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[19] == start and fields[0] != "Z":
            alive.append(f"{pid}: {cmd.decode(errors='replace')[:150]}")
    return alive


def _start_grading(course: Path, stderr=subprocess.PIPE) -> subprocess.Popen:
    command = [str(BIN / "medsos"), "grade", gc.ASSIGNMENT, "--kursus", str(course)]
    return subprocess.Popen(
        [*command, "--workers", "2"],
        env=_env(),
        stdout=subprocess.DEVNULL if stderr is not subprocess.PIPE else subprocess.PIPE,
        stderr=stderr,
        text=True,
        start_new_session=True,
    )


def _wait_for_kernels(
    process: subprocess.Popen, log: Path | None = None, count: int = 2
) -> dict[int, str]:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        tree = _descendants(process.pid)
        kernels = [p for p in tree if b"ipykernel" in _cmdline(p)]
        if len(kernels) >= count:
            return tree
        time.sleep(0.2)
    err = log.read_text() if log else process.stderr.read()
    raise AssertionError(f"no kernels started: {process.poll()} {err[-2000:]}")


def _kill_all(processes: dict[int, str]) -> None:
    """Clean up after a failed check: no process of this test outlives it."""
    for line in _alive(processes):
        with contextlib.suppress(OSError):
            os.kill(int(line.split(":", 1)[0]), signal.SIGKILL)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _gone(processes: dict[int, str], seconds: float = 20) -> list[str]:
    deadline = time.monotonic() + seconds
    while (alive := _alive(processes)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    base = tmp_path_factory.mktemp("gangguan")
    course, ex = _released_course(base / "kursus")
    slow = gc.answer(gc.full_answer(course), "jawab_luas", SLOW_ANSWER)
    # More slow cells after the answer: a worker outliving the run would still be busy.
    for _ in range(3):
        slow.cells.insert(3, new_code_cell("import time\ntime.sleep(3)"))
    for student in ("lambat_satu", "lambat_dua"):
        exchange.submit(ex, base / student, gc.ASSIGNMENT, student, {gc.NOTEBOOK: slow})
    blank = {gc.NOTEBOOK: gc.released(course)}
    exchange.submit(ex, base / "jujur_kosong", gc.ASSIGNMENT, "jujur_kosong", blank)
    return SimpleNamespace(course=course)


def test_second_run_waits_its_turn_then_kill_leaves_nothing(faulty) -> None:
    course = faulty.course
    first = _start_grading(course)
    try:
        tree = _wait_for_kernels(first)
        second = _medsos_grade(course)
        assert second.returncode == 2
        assert "Penilaian lain sedang berjalan" in second.stderr
        assert "Traceback" not in second.stderr
        os.kill(first.pid, signal.SIGKILL)
        first.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
    # Gone at once, not after finishing (and releasing feedback for) what they were doing.
    assert _gone(tree, seconds=4) == []
    assert not list((course / "feedback").glob("lambat_*/**/*.html"))
    statuses = load_statuses(course, gc.ASSIGNMENT)
    unfinished = [s for s, r in statuses.items() if r.status is not Status.PENDING]
    # What was running when the run was killed is "not yet graded", never an old result.
    for student in ("lambat_satu", "lambat_dua"):
        if student not in unfinished:
            assert statuses[student].reason.startswith("Penilaian kiriman ini terputus")


def test_ctrl_c_stops_cleanly(faulty, tmp_path) -> None:
    course = faulty.course
    # stderr to a file, not a pipe: a process that outlives the run would hold a pipe open
    # and turn "something survived" into a timeout that says nothing about what survived.
    log = tmp_path / "stderr.txt"
    with log.open("w") as err_file:
        run = _start_grading(course, stderr=err_file)
    try:
        tree = _wait_for_kernels(run, log)
        os.killpg(run.pid, signal.SIGINT)
        run.wait(timeout=60)
        survivors = _gone(tree)
    finally:
        if run.poll() is None:
            run.kill()
        _kill_all(tree)
    err = log.read_text()
    assert survivors == [], f"still running after Ctrl-C: {survivors}"
    assert run.returncode == 130, err[-2000:]
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "Penilaian dihentikan (Ctrl-C)" in err


def test_after_interruptions_a_run_grades_everything(faulty) -> None:
    course = faulty.course
    result = _medsos_grade(course)
    assert result.returncode == 0, result.stderr[-3000:]
    statuses = load_statuses(course, gc.ASSIGNMENT)
    assert {s: r.status for s, r in statuses.items()} == {
        "lambat_satu": Status.MANUAL,
        "lambat_dua": Status.MANUAL,
        "jujur_kosong": Status.GRADED,
    }
    scores = _scores(course)
    assert scores["lambat_satu"][f"{gc.NOTEBOOK}:uji_nilai"] == 2.0
    assert scores["jujur_kosong"][f"{gc.NOTEBOOK}:uji_nilai"] == 0.0
    assert json.loads((course / "laporan" / gc.ASSIGNMENT / "status.json").read_text())


# --------------------------------------------------------------- nbgrader's own commands

SECRET_ENV = "MEDSOS_RAHASIA_INSTRUKTUR"


def _nbgrader(course: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "nbgrader"), *args],
        cwd=course,
        env=env or _env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _probe_cells(course: Path, port: int) -> list[str]:
    from hostile.attacks import probe

    return [
        probe(
            "buka_gradebook",
            "import sqlite3\n"
            f"sqlite3.connect('file:{course}/gradebook.db?mode=ro', uri=True)"
            ".execute('select count(*) from grade').fetchall()",
        ),
        probe("baca_sumber", f"open('{course}/source/{gc.ASSIGNMENT}/{gc.NOTEBOOK}.ipynb').read()"),
        probe("tulis_kursus", f"open('{course}/bocor.txt', 'w').write('x')"),
        probe(
            "koneksi_lokal",
            f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2).close()",
        ),
        f"import os\nprint('HASIL variabel', 'BOCOR' if {SECRET_ENV!r} in os.environ else 'AMAN')",
    ]


@pytest.fixture(scope="module")
def nbgrader_paths(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    import socket

    from hostile import attacks

    base = tmp_path_factory.mktemp("nbgrader")
    course, ex = _released_course(base / "kursus")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    port = listener.getsockname()[1]
    full = gc.full_answer(course)
    attacker = gc.full_answer(course)
    position = next(i for i, c in enumerate(attacker.cells) if c.source == "luas = BASIS * 2")
    for offset, cell in enumerate(_probe_cells(course, port), start=1):
        attacker.cells.insert(position + offset, new_code_cell(cell))
    for student, nb in (("jujur_penuh", full), ("penyerang", attacker), ("tautan_data", full)):
        folder = exchange.submit(ex, base / student, gc.ASSIGNMENT, student, {gc.NOTEBOOK: nb})
    exchange.plant(folder, {"data/extra.csv": str(course / "gradebook.db")})
    collected = _nbgrader(course, "collect", gc.ASSIGNMENT)
    # A submission copied into submitted/ by hand, links included.
    by_hand = gc.submit(course, "tangan", full)
    exchange.plant(by_hand, {"data/extra.csv": str(course / "gradebook.db")})
    secret_env = _env(**{SECRET_ENV: "kata-sandi-instruktur"})
    cli = _nbgrader(course, "autograde", gc.ASSIGNMENT, env=secret_env)
    # The formgrader's Autograde button: nbgrader's API with the course's config file.
    from nbgrader.apps import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader

    before = os.getcwd()
    os.environ[SECRET_ENV] = "kata-sandi-instruktur"
    try:
        os.chdir(course)
        app = NbGrader()
        app.load_config_file()
        api_result = NbGraderAPI(config=app.config).autograde(gc.ASSIGNMENT, "penyerang")
    finally:
        os.chdir(before)
        del os.environ[SECRET_ENV]
    try:
        listener.accept()
        contacted = True
    except BlockingIOError:
        contacted = False
    listener.close()
    graded = course / "autograded" / "penyerang" / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.ipynb"
    text = "".join(
        o.get("text", "")
        for c in nbformat.read(graded, as_version=4).cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    no_bwrap = _env(PATH=str(BIN))
    refused = _nbgrader(course, "autograde", gc.ASSIGNMENT, "--force", env=no_bwrap)
    return SimpleNamespace(
        course=course,
        collected=collected,
        cli=cli,
        api=api_result,
        probes=attacks.results(text),
        contacted=contacted,
        refused=refused,
    )


def test_nbgrader_collect_is_the_safe_one(nbgrader_paths) -> None:
    assert nbgrader_paths.collected.returncode == 0, nbgrader_paths.collected.stderr[-2000:]
    assert "ditolak" in nbgrader_paths.collected.stderr
    assert not (nbgrader_paths.course / "submitted" / "tautan_data").exists()


def test_nbgrader_autograde_refuses_links_and_grades_the_others(nbgrader_paths) -> None:
    course = nbgrader_paths.course
    assert "tautan simbolik" in nbgrader_paths.cli.stderr
    assert not (course / "submitted" / "tangan" / gc.ASSIGNMENT / "data" / "extra.csv").exists()
    assert list((course / "autograded").glob("tangan/**/*.ipynb")) == []
    scores = _scores(course)
    assert scores["jujur_penuh"][f"{gc.NOTEBOOK}:uji_nilai"] == 2.0
    for path in (course / "autograded").rglob("*"):
        assert not path.is_symlink()
        if path.is_file():
            assert b"SQLite format 3" not in path.read_bytes(), path


def test_formgrader_autograde_runs_in_the_sandbox(nbgrader_paths) -> None:
    assert nbgrader_paths.api["success"], nbgrader_paths.api.get("log")
    probes = nbgrader_paths.probes
    for attack in ("buka_gradebook", "baca_sumber", "tulis_kursus", "koneksi_lokal"):
        assert attack in probes and probes[attack] != "BERHASIL", (attack, probes)
    assert probes["variabel"] == "AMAN"
    assert not nbgrader_paths.contacted
    assert not (nbgrader_paths.course / "bocor.txt").exists()
    assert _scores(nbgrader_paths.course)["penyerang"][f"{gc.NOTEBOOK}:uji_nilai"] == 2.0


def test_nbgrader_autograde_without_bubblewrap_refuses_once(nbgrader_paths) -> None:
    refused = nbgrader_paths.refused
    assert refused.returncode != 0
    assert refused.stderr.count("Autograde ditolak") == 1, refused.stderr[-3000:]
    assert "bubblewrap" in refused.stderr and "MEDSOS_TANPA_SANDBOX" in refused.stderr
    assert "Traceback" not in refused.stderr
