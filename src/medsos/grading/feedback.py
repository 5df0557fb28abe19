"""Feedback pages: nbgrader's, in Bahasa Indonesia, opened by a short summary.

nbgrader's feedback HTML shows the graded notebook (hidden tests removed by the course's
``ClearHiddenTests`` feedback step). :class:`FeedbackExporter` (the course's
``GenerateFeedback.exporter_class``) renders it with nbgrader's feedback template, its labels
translated. The summary added at the top of ``<body>`` (:func:`add_summary`) gives the score
per question, the checks to review with their messages, and any note of what grading had to
restore.
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
from nbformat import NotebookNode
from traitlets import Unicode
from traitlets.config import Config

from medsos.course import read_grades

if TYPE_CHECKING:
    from medsos.grading.status import SubmissionResult

# nbgrader's feedback template, and ours (the same page with Indonesian labels) extending it.
NBGRADER_TEMPLATE = "feedback"
TEMPLATE = "umpan_balik"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

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


def accessible(page: str, image_alt: str) -> str:
    """``page`` with nbconvert's accessibility edits: alt text, focusable lab cells."""
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
    return "–" if value is None else f"{value:g}"


def summary_html(config: Config, assignment: str, student: str, result: SubmissionResult) -> str:
    grades = [g for g in read_grades(config, assignment, student) if g.max_score > 0]
    pending = any(g.needs_manual_grade and g.score is None for g in grades)
    earned = sum(g.score or 0.0 for g in grades)
    available = sum(g.max_score for g in grades)
    rows = []
    review = []
    for g in grades:
        if g.needs_manual_grade and g.score is None:
            state = "menunggu penilaian instruktur"
        elif g.score is not None and g.score >= g.max_score:
            state = "benar"
        else:
            state = "belum tepat"
            message = result.failures.get(g.grade_id)
            if g.written and g.by_instructor:
                message = "Dinilai instruktur: baca komentarnya pada jawaban Anda di bawah."
            elif g.written:
                message = message or "Jawaban tertulis belum diisi."
            review.append((g.grade_id, message or "Periksa kembali jawaban untuk bagian ini."))
        css = ' class="belum"' if state == "belum tepat" else ""
        rows.append(
            f"<tr><td>{html.escape(g.grade_id)}</td><td>{_fmt(g.score)}</td>"
            f"<td>{_fmt(g.max_score)}</td><td{css}>{state}</td></tr>"
        )
    parts = [
        f"{MARKER}>",
        f"<style>{STYLE}</style>",
        f"<h2>Ringkasan nilai: {html.escape(assignment)}</h2>",
        f"<p>Nilai Anda{' sementara' if pending else ''}: <strong>{_fmt(earned)} dari "
        f"{_fmt(available)}</strong> poin."
        + (f" {html.escape(result.reason)}" if result.reason else "")
        + "</p>",
        "<table><tr><th>Bagian</th><th>Nilai</th><th>Maks</th><th>Keterangan</th></tr>",
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
        parts += [f"<li>{html.escape(note)}</li>" for note in result.notes]
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
