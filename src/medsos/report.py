"""The cohort report: one self-contained HTML file an instructor opens offline.

For every assignment in the gradebook: the distribution of scores, the pass rate of each
autograded test cell (item analysis), the checks failed most often (with the message trainees
saw), and the trainees who need follow-up (could not be graded, not submitted, or below the
pass mark). Plots are matplotlib PNGs embedded as base64, so the file needs nothing else.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from nbgrader.api import Gradebook, MissingEntry  # noqa: E402

from medsos.grading.status import Status, load_statuses, output_dir  # noqa: E402

PASS_MARK = 0.6  # share of the autograded points below which a trainee needs follow-up
REPORT_NAME = "laporan-kohort.html"


@dataclass
class Item:
    """One autograded test cell across the cohort."""

    grade_id: str
    max_score: float
    passed: int = 0
    attempts: int = 0
    messages: Counter = field(default_factory=Counter)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


@dataclass
class AssignmentStats:
    name: str
    max_auto: float
    scores: dict[str, float] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    follow_up: list[tuple[str, str]] = field(default_factory=list)


def collect_stats(
    course_dir: Path, db_url: str, course_id: str | None = None
) -> list[AssignmentStats]:
    """Gather the report's numbers from the gradebook and ``medsos grade``'s statuses."""
    out = []
    with Gradebook(db_url, course_id) as gb:
        students = sorted(s.id for s in gb.students)
        for assignment in gb.assignments:
            statuses = load_statuses(course_dir, assignment.name)
            items: dict[str, Item] = {}
            for nb in assignment.notebooks:
                for cell in nb.grade_cells:
                    if (
                        cell.cell_type == "code"
                        and float(cell.max_score) > 0  # 0-point cells are self-checks
                        and not _is_solution(nb, cell.name)
                    ):
                        items[cell.name] = Item(cell.name, float(cell.max_score))
            max_auto = sum(item.max_score for item in items.values())
            stats = AssignmentStats(assignment.name, max_auto)
            for student in sorted(set(students) | set(statuses)):
                known = statuses.get(student)
                try:
                    submission = gb.find_submission(assignment.name, student)
                except MissingEntry:
                    submission = None
                if known is not None and not known.status.has_score:
                    stats.follow_up.append((student, f"{known.status.value}: {known.reason}"))
                    continue
                if submission is None:
                    stats.follow_up.append((student, Status.ABSENT.value))
                    continue
                earned = 0.0
                for nb in submission.notebooks:
                    for grade in nb.grades:
                        item = items.get(grade.name)
                        if item is None:
                            continue
                        score = float(grade.score or 0.0)
                        earned += score
                        item.attempts += 1
                        if score >= item.max_score:
                            item.passed += 1
                        elif known is not None and grade.name in known.failures:
                            item.messages[known.failures[grade.name]] += 1
                stats.scores[student] = earned
                if max_auto and earned < PASS_MARK * max_auto:
                    stats.follow_up.append(
                        (student, f"nilai otomatis {earned:g} dari {max_auto:g} (di bawah 60%)")
                    )
            stats.items = list(items.values())
            if stats.scores or stats.follow_up:
                out.append(stats)
    return out


def _is_solution(nb, name: str) -> bool:
    return any(cell.name == name for cell in nb.solution_cells)


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="grafik" src="data:image/png;base64,{data}">'


def distribution_plot(stats: AssignmentStats) -> str:
    fig, ax = plt.subplots(figsize=(6, 3))
    values = [100 * v / stats.max_auto for v in stats.scores.values()] if stats.max_auto else []
    ax.hist(values, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.01], color="#4a6fa5")
    ax.axvline(100 * PASS_MARK, color="black", linestyle="--", linewidth=1)
    ax.set_title(f"Sebaran nilai otomatis: {stats.name}")
    ax.set_xlabel("Nilai otomatis (% dari maksimum)")
    ax.set_ylabel("Jumlah peserta")
    return _png(fig)


def item_plot(stats: AssignmentStats) -> str:
    items = sorted(stats.items, key=lambda i: i.pass_rate)
    fig, ax = plt.subplots(figsize=(6, 0.35 * len(items) + 1))
    ax.barh([i.grade_id for i in items], [100 * i.pass_rate for i in items], color="#888888")
    ax.set_xlim(0, 100)
    ax.set_title(f"Persentase peserta lulus per sel uji: {stats.name}")
    ax.set_xlabel("Peserta yang lulus cek (%)")
    return _png(fig)


def render(stats_list: list[AssignmentStats]) -> str:
    parts = [
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>",
        "<title>Laporan kohort</title><style>body{font-family:sans-serif;max-width:60em;",
        "margin:2em auto;color:#111}table{border-collapse:collapse}td,th{border:1px solid #bbb;",
        "padding:.2em .6em;text-align:left}</style></head><body>",
        "<h1>Laporan kohort kursus</h1>",
        "<p>Nilai otomatis dihitung dari sel uji yang dinilai otomatis; jawaban tertulis "
        "tidak termasuk. Batas tindak lanjut: 60% nilai otomatis.</p>",
    ]
    if not stats_list:
        parts.append("<p>Belum ada kiriman yang dinilai.</p>")
    for stats in stats_list:
        n = len(stats.scores)
        parts.append(f"<h2>Tugas {html.escape(stats.name)}</h2>")
        if n:
            mean = sum(stats.scores.values()) / n
            parts.append(
                f"<p>{n} kiriman dinilai; rata-rata {mean:.1f} dari {stats.max_auto:g} poin.</p>"
            )
            parts.append(distribution_plot(stats))
        if stats.items and n:
            parts.append("<h3>Analisis butir: persentase lulus per sel uji</h3>")
            parts.append(item_plot(stats))
            parts.append("<h3>Cek yang paling sering gagal</h3><table>")
            parts.append("<tr><th>Sel uji</th><th>Gagal</th><th>Pesan paling sering</th></tr>")
            for item in sorted(stats.items, key=lambda i: i.pass_rate)[:5]:
                if item.passed == item.attempts:
                    continue
                message = item.messages.most_common(1)[0][0] if item.messages else ""
                failed = item.attempts - item.passed
                parts.append(
                    f"<tr><td>{html.escape(item.grade_id)}</td><td>{failed} dari "
                    f"{item.attempts}</td><td>{html.escape(message)}</td></tr>"
                )
            parts.append("</table>")
        parts.append("<h3>Peserta yang perlu ditindaklanjuti</h3>")
        if stats.follow_up:
            parts.append("<table><tr><th>Peserta</th><th>Alasan</th></tr>")
            parts += [
                f"<tr><td>{html.escape(s)}</td><td>{html.escape(r)}</td></tr>"
                for s, r in stats.follow_up
            ]
            parts.append("</table>")
        else:
            parts.append("<p>Tidak ada.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(course_dir: Path, db_url: str, course_id: str | None = None) -> Path:
    """Write ``laporan/laporan-kohort.html`` for the whole course; return its path."""
    path = output_dir(course_dir) / REPORT_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(collect_stats(course_dir, db_url, course_id)), encoding="utf-8")
    return path
