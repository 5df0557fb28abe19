"""The short Bahasa Indonesia summary that opens every feedback page.

nbgrader's feedback HTML shows the graded notebook (hidden tests removed by the course's
``ClearHiddenTests`` feedback step). The summary added at the top of ``<body>`` gives the
score per question, the checks to review with their messages, and any note of what grading
had to restore.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from traitlets.config import Config

from medsos.course import read_grades

if TYPE_CHECKING:
    from medsos.grading.status import SubmissionResult

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
            if g.written:
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
