"""Feedback pages: nbgrader's, in Bahasa Indonesia, opened by a short summary.

nbgrader's feedback HTML shows the graded notebook (hidden tests removed by the course's
``ClearHiddenTests`` feedback step). :class:`ForTrainee` is the course's last feedback step:
every edit of the notebook a trainee will read happens there, in one list of steps (graded
cells named as questions, nbgrader's English placeholder comment replaced).
:class:`FeedbackExporter` (the course's ``GenerateFeedback.exporter_class``) renders it with
nbgrader's feedback template, its labels translated, the page declared ``lang="id"``. The
summary added at the top of ``<body>`` (:func:`add_summary`) gives the score per question,
the checks to review with their messages, and any note of what grading had to restore.

No grade id and no English label reaches a trainee's page (tested).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool, Unicode
from traitlets.config import Config

from medsos.course import read_grades
from medsos.grading.formgrader import NAME as SHOW_RUBRIC
from medsos.grading.formgrader import is_rubric
from medsos.grading.preprocessors import NOTE_PREFIX
from medsos.grading.questions import Question, fallback, points_text, questions_for, questions_of

if TYPE_CHECKING:
    from medsos.grading.status import SubmissionResult

# nbgrader's feedback template, and ours (the same page with Indonesian labels) extending it.
NBGRADER_TEMPLATE = "feedback"
TEMPLATE = "umpan_balik"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

# nbgrader's comment on an answer cell left as released (SaveAutoGrades), and ours.
NBGRADER_BLANK_COMMENT = "No response."
BLANK_COMMENT = "Belum dijawab: sel ini masih berisi teks awal dari tugas."

# A feedback page runs no script and loads nothing from anywhere: whatever a submission
# smuggled into its outputs cannot run in a trainee's or an instructor's browser, and an
# offline page makes no network call (MathJax from a CDN included). Styles and images are
# inline in the page, so they are all it may use.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)
_CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}" />'
_CHARSET_META = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)
_HTML_WITHOUT_LANG = re.compile(r"<html\b(?![^>]*\slang=)", re.IGNORECASE)
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)", re.IGNORECASE)
_FOCUSABLE = re.compile(
    r'(<div\b[^>]*\sclass="[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b[^"]*")'
    r"(?![^>]*\stabindex=)"
)


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, for every exporter of this process.

    nbgrader makes a new exporter, hence a new jinja environment, for every feedback page;
    with this cache a grading worker compiles the templates once. Jinja checks each entry
    against the template source's checksum; async environments compile differently, so they
    get entries of their own.
    """

    def __init__(self) -> None:
        self._store: dict[tuple[bool, str], bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        key = (bucket.environment.is_async, bucket.key)
        if key in self._store:
            bucket.bytecode_from_string(self._store[key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[(bucket.environment.is_async, bucket.key)] = bucket.bytecode_to_string()


_BYTECODE_CACHE = _MemoryBytecodeCache()


def name_questions(nb: NotebookNode) -> None:
    """Give each graded cell its question label (``metadata.medsos.soal``) for the template."""
    for grade_id, question in questions_of(nb).items():
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
                cell.metadata.setdefault("medsos", {})["soal"] = question.label


def name_cells_in_text(text: str, questions: dict[str, Question]) -> str:
    """``text`` with every quoted grade id (``'luas_nilai'``, as grading notes quote cells)
    replaced by its question's name (``«Soal 1.1 — nilai»``)."""
    for grade_id, question in questions.items():
        text = text.replace(f"'{grade_id}'", f"«{question.title}»")
    return text


def name_cells_in_notes(nb: NotebookNode) -> None:
    """Grading notes (cells of ``RestoreFromSource``) name cells as questions, not by id."""
    questions = questions_of(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith(NOTE_PREFIX):
            cell.source = name_cells_in_text(cell.source, questions)


def drop_grader_cells(nb: NotebookNode) -> None:
    """Cells meant for the grader only (the formgrader's rubric) never reach a trainee."""
    nb.cells = [cell for cell in nb.cells if not is_rubric(cell)]


def translate_comments(nb: NotebookNode) -> None:
    """nbgrader's English "No response." under an unanswered cell, in Bahasa Indonesia."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("comment") == NBGRADER_BLANK_COMMENT:
            meta["comment"] = BLANK_COMMENT


class ForTrainee(Preprocessor):
    """The course's last feedback step: the notebook as the trainee will read it.

    Runs after nbgrader's ``GetGrades`` and ``ClearHiddenTests`` (course config,
    ``GenerateFeedback.preprocessors``). Each step is a function of the notebook, in
    :attr:`steps`; further trainee-facing edits (explanations of errors, redactions) are
    added to that list.
    """

    steps = (drop_grader_cells, name_questions, name_cells_in_notes, translate_comments)
    enabled = Bool(True, help="nbconvert runs a preprocessor only when enabled.").tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        for step in self.steps:
            step(nb)
        return nb, resources


class FeedbackExporter(HTMLExporter):
    """nbconvert's ``HTMLExporter`` as nbgrader's ``GenerateFeedback`` uses it, with two changes.

    - nbgrader's ``feedback`` template is replaced by ``umpan_balik``, the same page with its
      labels in Bahasa Indonesia (``templates/umpan_balik``, extending nbgrader's).
    - nbconvert ends every page with an accessibility pass (alt text on images without one,
      ``tabindex`` on lab-template cells) that re-parses the whole page with BeautifulSoup's
      pure-Python parser: 1.0 of the 1.7 s of CPU a feedback page of module 01 costs (the
      page is 1 MB: inline Bootstrap, highlighted code, embedded plots). Here the same two
      edits are made on the rendered text with regular expressions, and the alt text is in
      Bahasa Indonesia.

    Its templates are compiled once per process (:class:`_MemoryBytecodeCache`).
    """

    image_alt = Unicode(
        "Gambar keluaran sel (tanpa keterangan)",
        help="Alt text given to an image that has none (screen readers read it aloud).",
    ).tag(config=True)

    def __init__(self, config: Config | None = None, **kw: Any) -> None:
        parent = kw.get("parent")
        config = Config(config if config is not None else getattr(parent, "config", None))
        # The formgrader's rubric step (course config, HTMLExporter.preprocessors) never runs
        # on a page for the trainee.
        for section in ("Exporter", "TemplateExporter", "HTMLExporter", "FeedbackExporter"):
            steps = config[section].get("preprocessors")
            if steps:
                config[section].preprocessors = [s for s in steps if not _is_show_rubric(s)]
        # GenerateFeedback configures nbgrader's template for HTMLExporter; use ours instead
        # (it extends nbgrader's, so nbgrader's folder stays on the search path ...
        if config.HTMLExporter.get("template_name") == NBGRADER_TEMPLATE:
            ours = config.FeedbackExporter
            ours.setdefault("template_name", TEMPLATE)
            basedirs = config.HTMLExporter.get("extra_template_basedirs", [])
            ours.setdefault("extra_template_basedirs", [str(TEMPLATE_DIR), *basedirs])
            # ... and found by name: {% extends 'feedback/index.html.j2' %}.
            paths = config.HTMLExporter.get("extra_template_paths", [])
            ours.setdefault("extra_template_paths", [*paths, *basedirs])
        super().__init__(config=config, **kw)

    def _create_environment(self) -> Environment:
        environment = super()._create_environment()
        environment.bytecode_cache = _BYTECODE_CACHE
        return environment

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        # HTMLExporter.from_notebook_node of nbconvert 7, up to its BeautifulSoup pass.
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return accessible(page, self.image_alt), resources


def _is_show_rubric(step: Any) -> bool:
    name = step if isinstance(step, str) else f"{step.__module__}.{step.__qualname__}"
    return name == SHOW_RUBRIC


def accessible(page: str, image_alt: str) -> str:
    """``page`` with nbconvert's accessibility edits (alt text, focusable lab cells), and
    its language declared: ``<html lang="id">``, and a Content-Security-Policy that lets it
    run no script and load nothing (:data:`CONTENT_SECURITY_POLICY`)."""
    page = _HTML_WITHOUT_LANG.sub('<html lang="id"', page, count=1)
    if "Content-Security-Policy" not in page:
        page = _CHARSET_META.sub(lambda m: m.group(0) + _CSP_META, page, count=1)
    page = _IMG_WITHOUT_ALT.sub(f'<img alt="{html.escape(image_alt)}"', page)
    return _FOCUSABLE.sub(r'\1 tabindex="0"', page)


MARKER = '<section id="medsos-ringkasan"'
STYLE = """
#medsos-ringkasan{font-family:sans-serif;max-width:60em;margin:1em auto;padding:1em 1.5em;
border:2px solid #2b5797;border-radius:6px;background:#f5f8fc;color:#111}
#medsos-ringkasan table{border-collapse:collapse;margin:.5em 0}
#medsos-ringkasan td,#medsos-ringkasan th{border:1px solid #bbb;padding:.25em .6em;text-align:left}
#medsos-ringkasan .belum{color:#a00}
"""


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:g}".replace(".", ",")


def state_text(score: float | None, points: float, pending: bool) -> str:
    """What a score means, in words: partial credit is called partial credit."""
    if pending or score is None:
        return "menunggu penilaian instruktur"
    if score >= points:
        return "benar"
    if score > 0:
        return f"sebagian benar ({_fmt(score)} dari {points_text(points)})"
    return f"belum tepat (0 dari {points_text(points)})"


def summary_html(config: Config, assignment: str, student: str, result: SubmissionResult) -> str:
    grades = [g for g in read_grades(config, assignment, student) if g.max_score > 0]
    questions = questions_for(config, assignment)
    pending = any(g.needs_manual_grade and g.score is None for g in grades)
    earned = sum(g.score or 0.0 for g in grades)
    available = sum(g.max_score for g in grades)
    rows = []
    review = []
    for position, g in enumerate(grades, start=1):
        question: Question = questions.get((g.notebook, g.grade_id)) or fallback(
            g.notebook, g.grade_id, g.max_score, position
        )
        waiting = g.needs_manual_grade and g.score is None
        state = state_text(g.score, g.max_score, waiting)
        complete = waiting or (g.score is not None and g.score >= g.max_score)
        if not complete:
            message = result.failures.get(g.grade_id)
            if g.written and g.by_instructor:
                message = "Dinilai instruktur: baca komentarnya pada jawaban Anda di bawah."
            elif g.written:
                message = message or "Jawaban tertulis belum diisi."
            review.append((question.title, message or "Periksa kembali jawaban untuk bagian ini."))
        css = "" if complete else ' class="belum"'
        rows.append(
            f"<tr><td>{html.escape(question.title)}</td><td>{_fmt(g.score)}</td>"
            f"<td>{_fmt(g.max_score)}</td><td{css}>{html.escape(state)}</td></tr>"
        )
    parts = [
        f"{MARKER}>",
        f"<style>{STYLE}</style>",
        f"<h2>Ringkasan nilai: {html.escape(assignment)}</h2>",
        f"<p>Nilai Anda{' sementara' if pending else ''}: <strong>{_fmt(earned)} dari "
        f"{_fmt(available)}</strong> poin."
        + (f" {html.escape(result.reason)}" if result.reason else "")
        + "</p>",
        "<table><tr><th>Soal</th><th>Nilai</th><th>Maks</th><th>Keterangan</th></tr>",
        *rows,
        "</table>",
    ]
    if review:
        parts.append("<h3>Yang perlu ditinjau</h3><ul>")
        parts += [
            f"<li><strong>{html.escape(name)}</strong>: {html.escape(msg)}</li>"
            for name, msg in review
        ]
        parts.append("</ul>")
    else:
        parts.append("<p>Semua pemeriksaan otomatis terpenuhi. Bagus!</p>")
    if result.notes:
        parts.append("<h3>Catatan penilaian</h3><ul>")
        by_id = {q.grade_id: q for q in questions.values()}
        parts += [
            f"<li>{html.escape(name_cells_in_text(note, by_id))}</li>" for note in result.notes
        ]
        parts.append("</ul>")
    parts.append(
        "<p>Rincian tiap sel ada di bawah. Bagian yang belum tepat menampilkan pesan "
        "pemeriksaannya.</p></section>"
    )
    return "\n".join(parts)


def add_summary(
    page: Path, config: Config, assignment: str, student: str, result: SubmissionResult
) -> None:
    """Insert the summary right after ``<body>`` of a feedback page (once)."""
    text = page.read_text(encoding="utf-8")
    if MARKER in text:
        return
    summary = summary_html(config, assignment, student, result)
    start = text.find("<body")
    end = text.find(">", start) + 1 if start >= 0 else 0
    page.write_text(text[:end] + "\n" + summary + "\n" + text[end:], encoding="utf-8")
