"""Self-study on a machine like the office laptop (Windows, Python from python.org).

Linux cannot run Windows, so one fresh Python process (``tests/windows_like.py``) first
takes away what Windows lacks: the POSIX-only modules ``fcntl``, ``resource``, ``pwd``,
``grp`` and ``termios`` (``sys.modules[name] = None``: importing them fails), the POSIX-only
names of ``os`` (``O_DIRECTORY``, ``O_NOFOLLOW``, ``getuid``, ``fork``, ...) and directory
descriptors, and every start method but ``spawn``. nbgrader picks ``pwd`` by
``sys.platform``; its modules then hold ``None``, as on Windows. There is no bubblewrap
sandbox on such a machine. The trainee's kernel is an ordinary process.

In that process ``medsos periksa`` (the real command) grades the source's solutions with
full marks and the blank release with zero, leaves the notebook byte-identical and says in
Indonesian that the code ran without the sandbox; ``medsos grade``, ``medsos hub`` and the
sandbox say plainly that they need Linux; a grading worker starts by ``spawn``; links are
still refused. Last, every kit module the self-study path loads (``medsos lab``,
``mandiri.py``, the Lab's check button) is imported afresh with POSIX-only ``signal`` names
removed too, so a new top-level ``import fcntl`` or ``signal.SIGKILL`` default fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from test_periksa import hidden_test_lines

from medsos.course import answer_notebook

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "00-pengenalan"
RELEASED = ROOT / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SOURCE = ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
# Every kit module the self-study path may load: medsos periksa (and the Lab's button that
# calls it), medsos lab with its server and kernel extensions, mandiri.py's calls.
SELF_STUDY_MODULES = (
    "medsos",
    "medsos.cli",
    "medsos.argparse_id",
    "medsos.periksa",
    "medsos.course",
    "medsos.build",
    "medsos.datasets",
    "medsos.datasets.comments_text",
    "medsos.datasets.dictionary",
    "medsos.datasets.generate",
    "medsos.datasets.io",
    "medsos.datasets.patterns",
    "medsos.datasets.schema",
    "medsos.datasets.writer",
    "medsos.grading",
    "medsos.grading.config",
    "medsos.grading.feedback",
    "medsos.grading.formgrader",
    "medsos.grading.hooks",
    "medsos.grading.preprocessors",
    "medsos.grading.questions",
    "medsos.grading.safety",
    "medsos.grading.status",
    "medsos.grading.worker",
    "medsos.grading.collect",
    "medsos.sandbox",
    "medsos.sandbox.config",
    "medsos.sandbox.execute",
    "medsos.sandbox.launcher",
    "medsos.sandbox.redact",
    "medsos.sandbox.safecopy",
    "medsos.bantuan",
    "medsos.bantuan.explain",
    "medsos.bantuan.ipython",
    "medsos.bantuan.kernel",
    "medsos.bantuan.server",
    "medsos.lab",
    "medsos.lab.server",
    "medsos.posix",
)


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    """One Windows-like process (``tests/windows_like.py``) that does everything below."""
    work = tmp_path_factory.mktemp("laptop")
    answered = work / ASSIGNMENT / RELEASED.name
    answered.parent.mkdir()
    released = nbformat.read(RELEASED, as_version=4)
    nbformat.write(answer_notebook(released, nbformat.read(SOURCE, as_version=4)), answered)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (answered, RELEASED)}
    links = work / "kiriman"
    (links / "data").mkdir(parents=True)
    (links / "tugas.ipynb").write_text("{}", encoding="utf-8")
    (links / "data" / "kunci.db").symlink_to(ROOT / "nbgrader_config.py")
    os.link(links / "tugas.ipynb", links / "salinan.ipynb")
    plan = {
        "notebooks": {"jawaban": str(answered), "kosong": str(RELEASED)},
        "output": str(work),
        "links": str(links),
        "assignment": ASSIGNMENT,
        "course": str(ROOT),
        "hub_folder": str(work / "kelas"),
        "modules": list(SELF_STUDY_MODULES),
        "mandiri": str(ROOT / "mandiri.py"),
    }
    (work / "rencana.json").write_text(json.dumps(plan), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MEDSOS_TANPA_SANDBOX"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "windows_like.py"), str(work / "rencana.json")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0 and "HASIL" in result.stdout, result.stderr[-5000:]
    found = json.loads(result.stdout.split("HASIL", 1)[1])
    found["unchanged"] = all((p.read_bytes(), p.stat().st_mtime_ns) == b for p, b in before.items())
    found["work"] = work
    return found


def test_solution_earns_full_marks_without_the_sandbox(laptop):
    full = laptop["periksa"]["jawaban"]
    assert full["rc"] == 0, full["text"]
    assert "Nilai otomatis Anda: 6 dari 6 poin." in full["text"]
    assert "Semua pemeriksaan otomatis terpenuhi" in full["text"]
    assert "Soal 0.1 — nilai" in full["text"]
    assert (laptop["work"] / "jawaban" / f"{ASSIGNMENT}.html").is_file()
    # Said plainly: this computer has no sandbox, which is fine for one's own code.
    assert "kode Anda dijalankan tanpa sandbox penilaian" in full["text"]
    assert "kode Anda sendiri" in full["text"]
    assert laptop["posix_loaded"] == [] and laptop["start_method"] == "spawn"


def test_blank_release_earns_zero_and_is_untouched(laptop):
    blank = laptop["periksa"]["kosong"]
    terminal = blank["text"]
    assert blank["rc"] == 0, terminal
    assert laptop["unchanged"]  # same bytes, not even rewritten
    assert "Nilai otomatis Anda: 0 dari 6 poin." in terminal
    assert "Soal 0.1 — nilai" in terminal and "belum tepat (0 dari 1 poin)" in terminal
    assert "Yang perlu ditinjau:" in terminal
    # the parts of one question with one message are listed once; a blank written answer
    # is "not filled in", not "wrong"
    assert "- Soal 0.3 — nilai, pembulatan: Variabel `rata_suka_instagram` belum ada" in terminal
    assert terminal.count("Variabel `rata_suka_instagram` belum ada") == 1
    assert "belum diisi (dinilai instruktur)" in terminal
    # The kernel's error help explains the failed checks (a NameError: nothing answered).
    assert "Variabel `jumlah_posting` belum ada" in terminal
    assert "Langkah berikutnya:" in terminal
    assert "jumlah_posting_nilai" not in terminal  # questions by name, never by grade id
    assert "kode Anda dijalankan tanpa sandbox penilaian" in terminal
    pages = list((laptop["work"] / "kosong").glob("*.html"))
    assert [p.name for p in pages] == [f"{ASSIGNMENT}.html"]
    assert f"Umpan balik lengkap: {pages[0]}" in terminal
    page = pages[0].read_text(encoding="utf-8")
    assert "Ringkasan nilai" in page and "Variabel `jumlah_posting` belum ada" in page


def test_no_hidden_test_reaches_the_trainee(laptop):
    texts = [laptop["periksa"][key]["text"] for key in ("jawaban", "kosong")]
    texts += [
        (laptop["work"] / key / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
        for key in ("jawaban", "kosong")
    ]
    for line in hidden_test_lines():
        for text in texts:
            assert line not in text, line


def test_self_study_modules_import_without_posix(laptop):
    missing = sorted(set(laptop["loaded"]) - set(SELF_STUDY_MODULES))
    assert not missing, f"add these modules of the self-study path to the list: {missing}"
    assert laptop["import_failures"] == []


def test_posix_only_parts_say_so_and_links_are_still_refused(laptop):
    # Without directory descriptors the walk goes by path, and still follows no link.
    assert laptop["links"] == ["data/kunci.db", "salinan.ipynb", "tugas.ipynb"]
    ok, message = laptop["sandbox"]
    assert not ok and message.startswith("Sandbox penilaian hanya berjalan di Linux")
    # Grading workers start by spawn where there is no fork server (Windows).
    assert laptop["pool"] == ["spawn", True]
    for part in ("grade", "hub"):
        said = laptop[part]
        assert said["rc"] == 2 and "Traceback" not in said["text"], said["text"]
        assert "Linux" in said["text"] and "medsos periksa" in said["text"]
