"""The feedback page's exporter: nbgrader's page in Bahasa Indonesia, nbconvert's a11y edits.

:class:`medsos.grading.feedback.FeedbackExporter` repeats a few lines of nbconvert's
``HTMLExporter.from_notebook_node`` and replaces its BeautifulSoup pass by regular
expressions; these tests compare both against nbconvert's own exporter, so a change in a
pinned nbconvert that the copy misses fails here.
"""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from traitlets.config import Config

from medsos.grading.feedback import FeedbackExporter, accessible

# A 1x1 PNG, as a plot's inline output.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()


def _meta(grade_id, **flags):
    meta = {"grade": False, "solution": False, "locked": False, "task": False}
    meta.update(flags, grade_id=grade_id, schema_version=3)
    return {"nbgrader": meta}


def notebook() -> nbformat.NotebookNode:
    """A graded notebook as GenerateFeedback sees it: scores in the cell metadata."""
    plot = new_code_cell("plt.plot([1, 2])", metadata=_meta("grafik", solution=True))
    plot.outputs = [new_output("display_data", data={"image/png": PNG, "text/plain": "<Fig>"})]
    test = new_code_cell(
        "assert jawaban == 3", metadata=_meta("uji", grade=True, locked=True, points=2)
    )
    test.metadata.nbgrader["score"] = 0.0
    written = new_markdown_cell(
        "Jawaban saya. ![logo](data:image/png;base64," + PNG + ")",
        metadata=_meta("tulis", grade=True, solution=True, points=3),
    )
    written.metadata.nbgrader.update(score=2.0, comment="Bagus, tambahkan **datanya**.")
    raw = new_markdown_cell('Gambar mentah: <img src="x.png"> dan <img src="y.png" alt="ada">')
    nb = new_notebook(cells=[new_markdown_cell("# Tugas"), plot, test, written, raw])
    for i, cell in enumerate(nb.cells):  # fixed ids: pages rendered twice compare equal
        cell.id = f"sel-{i}"
    nb.metadata.language_info = {"name": "python", "pygments_lexer": "ipython3"}
    return nb


def _resources():
    return {
        "nbgrader": {
            "notebook": "tugas",
            "score": 2.0,
            "max_score": 5.0,
            "late_penalty": 0,
        }
    }


def _feedback_config() -> Config:
    """What nbgrader's GenerateFeedback gives its exporter (see its __init__)."""
    from nbgrader.converters.generate_feedback import GenerateFeedback

    return GenerateFeedback().config


def _render(exporter_class) -> str:
    page, _ = exporter_class(config=_feedback_config()).from_notebook_node(
        notebook(), resources=_resources()
    )
    return page


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def _images(page: str) -> list[dict]:
    parser = _Images()
    parser.feed(page)
    return parser.images


@pytest.fixture(scope="module")
def pages():
    return _render(FeedbackExporter), _render(HTMLExporter)


def test_feedback_labels_are_indonesian(pages):
    ours, theirs = pages
    for english in ("Score:", "Student's answer", "Test cell", "Written response", "(Top)"):
        assert english in theirs  # nbgrader's own page has them ...
        assert english not in ours  # ... ours has none of them
    for label in ("Nilai: 2.0 / 5.0", "Sel uji", "Jawaban tertulis", "Jawaban Anda"):
        assert label in ours
    assert "Komentar instruktur:" in ours and "<strong>datanya</strong>" in ours


def test_every_image_gets_alt_text_like_nbconvert(pages):
    ours, theirs = pages
    mine, stock = _images(ours), _images(theirs)
    assert len(mine) == len(stock) == 4
    assert all(img.get("alt") for img in mine)
    assert [img["src"][:40] for img in mine] == [img["src"][:40] for img in stock]
    # An alt text the trainee wrote is kept, as nbconvert keeps it.
    assert {"ada", "logo"} <= {img["alt"] for img in mine}


def test_same_page_as_nbconvert_apart_from_labels(pages):
    """Same cells, code and outputs as nbconvert's exporter with the same template."""
    config = _feedback_config()
    config.HTMLExporter.template_name = "umpan_balik"
    from medsos.grading.feedback import TEMPLATE_DIR

    dirs = config.HTMLExporter.extra_template_basedirs
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR), *dirs]
    config.HTMLExporter.extra_template_paths = [*config.HTMLExporter.extra_template_paths, *dirs]
    stock, _ = HTMLExporter(config=config).from_notebook_node(notebook(), _resources())
    ours = BeautifulSoup(pages[0], "html.parser")
    theirs = BeautifulSoup(stock, "html.parser")
    assert ours.get_text() == theirs.get_text()
    for tag in ("div", "span", "img", "pre", "a", "style"):
        assert len(ours.find_all(tag)) == len(theirs.find_all(tag)), tag
    alts = [img.get("alt") for img in theirs.find_all("img")]
    assert [img.get("alt") for img in ours.find_all("img")] == [
        "Gambar keluaran sel (tanpa keterangan)" if a.startswith("No description") else a
        for a in alts
    ]


def test_accessible_adds_alt_and_tabindex_once():
    page = (
        '<img src="a.png"><IMG SRC="b.png" alt="b"><img\nsrc="c.png" title="t">'
        '<div class="jp-Cell-inputWrapper x">i</div>'
        '<div class="jp-OutputArea-output" tabindex="-1">o</div><div class="lain">z</div>'
    )
    once = accessible(page, 'Gambar "A"')
    assert accessible(once, 'Gambar "A"') == once
    soup = BeautifulSoup(once, "html.parser")
    assert [img.get("alt") for img in soup.find_all("img")] == ['Gambar "A"', "b", 'Gambar "A"']
    divs = soup.find_all("div")
    assert [d.get("tabindex") for d in divs] == ["0", "-1", None]


def test_compiled_templates_are_reused_and_change_nothing(pages):
    from medsos.grading.feedback import _BYTECODE_CACHE

    assert _BYTECODE_CACHE._store  # the module fixture rendered through the cache
    again = _render(FeedbackExporter)
    assert again == pages[0]


# --------------------------------------------------------------------------- a graded course
# A small course shaped like the kit's modules: "### Soal" headings, a 0-point self-check,
# tests with "Soal N.M:" docstrings, two written answers with a rubric in the source.

RUBRIC = "RUBRIK_PENILAI_RAHASIA: 1 poin untuk angka dari data, 1 poin untuk keterbatasan."
ENGLISH_LABELS = (
    "No response.",
    "Comments:",
    "Student's answer",
    "Student's task",
    "Test cell",
    "Written response",
    "Coding free-response",
    "Grade cell",
    "(Top)",
    "Score:",
    "Points:",
    "Late penalty",
    "Autograder",
)


def kit_like_source() -> nbformat.NotebookNode:
    import grading_course as gc

    meta = gc._meta
    cells = [
        new_markdown_cell("# Tugas kecil", metadata=meta("judul", locked=True)),
        new_markdown_cell("### Soal 1.1 (3 poin)\nHitung luas.", metadata=meta("s11", locked=True)),
        new_code_cell(
            "### BEGIN SOLUTION\nluas = 10 * 2\n### END SOLUTION",
            metadata=meta("jawab_luas", solution=True),
        ),
        new_code_cell(
            '"""Cek cepat (tanpa nilai): luas berupa int."""\nassert isinstance(luas, int)',
            metadata=meta("luas_cek", grade=True, locked=True, points=0),
        ),
        new_code_cell(
            '"""Soal 1.1: luas berupa bilangan bulat (int)."""\nassert isinstance(luas, int)',
            metadata=meta("luas_bentuk", grade=True, locked=True, points=1),
        ),
        new_code_cell(
            '"""Soal 1.1: nilai luas benar."""\n### BEGIN HIDDEN TESTS\n'
            'assert luas == 20, "Nilai luas belum tepat."\n### END HIDDEN TESTS',
            metadata=meta("luas_nilai", grade=True, locked=True, points=2),
        ),
        new_markdown_cell(
            "### Soal 1.2 — Jawaban tertulis (2 poin, dinilai instruktur)\nJelaskan.",
            metadata=meta("s12", locked=True),
        ),
        new_markdown_cell(
            f"**Contoh jawaban:** luasnya 20.\n\n**Rubrik penilai (2 poin):** {RUBRIC}",
            metadata=meta("alasan_tertulis", grade=True, solution=True, points=2),
        ),
        new_markdown_cell(
            "### Soal 1.3 — Jawaban tertulis (1 poin, dinilai instruktur)\nSaran Anda?",
            metadata=meta("s13", locked=True),
        ),
        new_markdown_cell(
            f"**Contoh jawaban:** unggah malam hari.\n\n**Rubrik penilai:** {RUBRIC}",
            metadata=meta("saran_tertulis", grade=True, solution=True, points=1),
        ),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(name="python3", display_name="Python 3", language="python")
    return nb


GRADE_IDS = ("luas_cek", "luas_bentuk", "luas_nilai", "alasan_tertulis", "saran_tertulis")


def make_kit_like_course(folder) -> None:
    import grading_course as gc

    from medsos.course import load_config, make_api, run_step

    folder.mkdir(parents=True)
    config_text = (gc.ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (folder / "nbgrader_config.py").write_text(config_text, encoding="utf-8")
    (folder / "source" / gc.ASSIGNMENT).mkdir(parents=True)
    nbformat.write(new_notebook(), folder / "source" / "header.ipynb")
    nbformat.write(kit_like_source(), folder / "source" / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.ipynb")
    (folder / "exchange").mkdir()
    config = load_config(folder, course_dir=folder, exchange=folder / "exchange")
    run_step(make_api(config).generate_assignment(gc.ASSIGNMENT), "generate_assignment")


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """The kit-like course after ``medsos grade`` of one trainee (partly right, Soal 1.3
    left blank), the instructor's 1 of 2 points on Soal 1.2, and the refreshed feedback."""
    import grading_course as gc
    from nbgrader.api import Gradebook

    from medsos.grading import grade

    course = tmp_path_factory.mktemp("umpan_balik") / "kursus"
    make_kit_like_course(course)
    nb = gc.answer(gc.released(course), "jawab_luas", "luas = 21")
    gc.answer(nb, "alasan_tertulis", "Luasnya 21 karena saya menghitungnya sendiri.")
    gc.submit(course, "peserta1", nb)
    grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "medsos-asn-jatim") as gb:
        for grade_id, score in (("alasan_tertulis", 1), ("saran_tertulis", 0)):
            cell = gb.find_grade(grade_id, gc.NOTEBOOK, gc.ASSIGNMENT, "peserta1")
            cell.manual_score = score
            cell.needs_manual_grade = False
        gb.db.commit()
    grade(gc.ASSIGNMENT, course, workers=1, sandbox=False, report=False)  # refreshes feedback
    return course


def _visible_text(page: str) -> str:
    """What a reader sees: the text, and the attributes a browser shows or reads aloud."""
    soup = BeautifulSoup(page, "html.parser")
    for hidden in soup(["style", "script"]):
        hidden.decompose()
    shown = [soup.get_text(" ")]
    for tag in soup.find_all(True):
        shown += [tag.get(attr) or "" for attr in ("title", "alt", "aria-label", "placeholder")]
    return " ".join(shown)


def _trainee_pages(course):
    import grading_course as gc

    from medsos.grading.config import grading_config

    ours = course / "feedback" / "peserta1" / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.html"
    # The formgrader's Generate Feedback button: nbgrader's own generate_feedback.
    from nbgrader.apps import NbGraderAPI

    copy = course / "feedback-nbgrader.html"
    if not copy.exists():
        text = ours.read_text(encoding="utf-8")
        api = NbGraderAPI(config=grading_config(course))
        assert api.generate_feedback(gc.ASSIGNMENT, "peserta1", force=True)["success"]
        copy.write_text(ours.read_text(encoding="utf-8"), encoding="utf-8")
        ours.write_text(text, encoding="utf-8")
    return {"medsos grade": ours.read_text(encoding="utf-8"), "nbgrader": copy.read_text()}


def test_trainee_pages_name_questions_never_grade_ids_or_english(graded_course):
    for origin, page in _trainee_pages(graded_course).items():
        shown = _visible_text(page)
        for grade_id in GRADE_IDS:
            assert grade_id not in shown, (origin, grade_id)
        for english in ENGLISH_LABELS:
            assert english not in shown, (origin, english)
        assert re.search(r"<html\b[^>]*\blang=\"id\"", page), origin
        # No script runs and nothing loads: the policy sits in the head, before any script.
        head = page[: page.index("</head>")]
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', head)
        assert policy, origin
        assert "default-src 'none'" in policy.group(1) and "script-src" not in policy.group(1)
        assert head.index("Content-Security-Policy") < head.find("<script") or (
            "<script" not in head
        ), origin
        for label in (
            "Soal 1.1 — bentuk (1 poin)",
            "Soal 1.1 — nilai (2 poin)",
            "Soal 1.1 — cek cepat (tanpa nilai)",
            "Soal 1.2 — jawaban tertulis (2 poin)",
        ):
            assert label in shown, (origin, label)


def test_summary_calls_partial_credit_partial(graded_course):
    for origin, page in _trainee_pages(graded_course).items():
        summary = page[page.index('id="medsos-ringkasan"') : page.index("</section>")]
        text = BeautifulSoup(summary, "html.parser").get_text(" ")
        assert "sebagian benar (1 dari 2 poin)" in text, origin  # Soal 1.2, instructor's 1 of 2
        assert "belum tepat (0 dari 2 poin)" in text, origin  # Soal 1.1 — nilai, luas = 21
        assert "belum tepat (0 dari 1 poin)" in text, origin  # Soal 1.3 left blank
        assert re.search(r"Soal 1\.1 — bentuk\s+1\s+1\s+benar", text), origin


def test_unanswered_cell_comment_is_indonesian(graded_course):
    from medsos.grading.feedback import BLANK_COMMENT

    for origin, page in _trainee_pages(graded_course).items():
        assert "No response." not in page, origin
        assert "Komentar instruktur:" in page and BLANK_COMMENT in page, origin


def test_rubric_never_reaches_the_trainee(graded_course):
    for origin, page in _trainee_pages(graded_course).items():
        assert "RUBRIK_PENILAI_RAHASIA" not in page, origin
        assert "Rubrik penilai" not in page, origin


# --------------------------------------------------------------------------- the formgrader


@pytest.fixture(scope="module")
def formgrader(graded_course, tmp_path_factory):
    """A real Jupyter server with nbgrader's formgrader, started in the course folder."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = "uji-formgrader"
    log = tmp_path_factory.mktemp("formgrader") / "server.log"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(log.parent / "config")}
    command = [
        sys.executable,
        "-m",
        "jupyter_server",
        f"--ServerApp.root_dir={graded_course}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False",
        f"--IdentityProvider.token={token}",
        "--allow-root",
    ]
    with log.open("w") as out:
        server = subprocess.Popen(
            command, cwd=graded_course, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"

    def get(path: str) -> str:
        sep = "&" if "?" in path else "?"
        with urllib.request.urlopen(f"{base}{path}{sep}token={token}", timeout=60) as reply:
            return reply.read().decode("utf-8")

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get("/api/status")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.5)
        yield get, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _submission_page(graded_course, get) -> str:
    import grading_course as gc
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded_course / 'gradebook.db'}", "medsos-asn-jatim") as gb:
        notebook_id = gb.find_submission_notebook(gc.NOTEBOOK, gc.ASSIGNMENT, "peserta1").id
    return get(f"/formgrader/submissions/{notebook_id}/")


def test_formgrader_shows_the_rubric_under_each_written_answer(graded_course, formgrader):
    get, _ = formgrader
    page = _submission_page(graded_course, get)
    text = BeautifulSoup(page, "html.parser").get_text(" ")
    assert text.count("RUBRIK_PENILAI_RAHASIA") == 2  # Soal 1.2 and Soal 1.3
    answer = text.index("Luasnya 21 karena saya menghitungnya sendiri.")
    rubric = text.index("Rubrik penilai dan contoh jawaban")
    assert answer < rubric < text.index("Saran Anda?"), "right under the Soal 1.2 answer"
    assert "Soal 1.2 — jawaban tertulis (2 poin)" in text[rubric:]
    assert "Contoh jawaban:" in text[rubric:] and "luasnya 20" in text[rubric:]
    # The rubric is shown, not stored: the autograded notebook (feedback's input) lacks it.
    import grading_course as gc

    graded = graded_course / "autograded" / "peserta1" / gc.ASSIGNMENT / f"{gc.NOTEBOOK}.ipynb"
    assert "RUBRIK_PENILAI_RAHASIA" not in graded.read_text(encoding="utf-8")


def test_formgrader_logs_no_config_noise(graded_course, formgrader):
    get, log = formgrader
    assert "Manage Assignments" in get("/formgrader/manage_assignments")
    assert "not serializable" not in log.read_text()


def test_feedback_exporter_never_runs_the_rubric_step(graded_course):
    """The course config gives every HTMLExporter the rubric step; feedback's leaves it out."""
    from nbconvert.exporters import HTMLExporter

    from medsos.grading.config import grading_config
    from medsos.grading.formgrader import ShowRubric

    config = grading_config(graded_course)
    stock = HTMLExporter(config=config)
    ours = FeedbackExporter(config=config)
    assert any(isinstance(p, ShowRubric) for p in stock._preprocessors)
    assert not any(isinstance(p, ShowRubric) for p in ours._preprocessors)


def test_feedback_page_policy_blocks_scripts_and_loads():
    from medsos.grading.feedback import accessible

    page = accessible(
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8" />\n<script>x()</script>'
        "</head><body><img src='data:,'></body></html>",
        "gambar",
    )
    head = page[: page.index("</head>")]
    assert head.index('http-equiv="Content-Security-Policy"') < head.index("<script>")
    assert "default-src 'none'" in head and "script-src" not in head
    assert accessible(page, "gambar").count("Content-Security-Policy") == 1
