"""The cohort report: one self-contained HTML file an instructor opens offline.

For every assignment in the gradebook:

- the score of the assessment: count, mean, median, standard deviation, lowest and highest,
  and its distribution; when submissions have timestamps (nbgrader records the time of each
  submission), when trainees submitted, relative to the due date if there is one;
- item statistics per question (a question is a "Soal N.M" of the notebook: the sum of its
  test cells, or a written answer once the instructor has scored it), as PrairieLearn gives
  them: mean, median, standard deviation, discrimination (correlation of the question's
  score with the rest of the score), the share of trainees with a perfect and with a nonzero
  score, and a histogram; questions that discriminate poorly or that almost nobody gets
  fully right are flagged;
- the checks failed most often, with the message trainees saw, and the trainees who need
  follow-up (could not be graded, not submitted, or below the pass mark).

Across assignments: each trainee's progress, with the roster's NIP, name and agency. The
formulas are stated in the report. Plots are matplotlib PNGs embedded as base64 (count axes
with integer ticks), so the file needs nothing else. Questions are named as the notebook
names them (:mod:`medsos.grading.questions`), never by grade id.
"""

from __future__ import annotations

import base64
import html
import io
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from nbgrader.api import Gradebook, MissingEntry  # noqa: E402

from medsos.grading.questions import Question, assignment_questions, fallback  # noqa: E402
from medsos.grading.status import Status, load_statuses, output_dir  # noqa: E402
from medsos.roster import Peserta, RosterError  # noqa: E402

PASS_MARK = 0.6  # share of the autograded points below which a trainee needs follow-up
REPORT_NAME = "laporan-kohort.html"
SOURCE = "source"
# Flags of the item analysis (stated in the report).
LOW_DISCRIMINATION = 0.2
RARELY_RIGHT = 0.1
MIN_FOR_DISCRIMINATION = 3
WIB = ZoneInfo("Asia/Jakarta")
SOURCE_LINE = "Sumber: buku nilai nbgrader kursus"


# --------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Summary:
    """Descriptive statistics of a list of numbers (``sd`` needs two values)."""

    n: int
    mean: float | None
    median: float | None
    sd: float | None
    minimum: float | None
    maximum: float | None


def describe(values: Iterable[float]) -> Summary:
    """Count, mean, median, sample standard deviation (n − 1), lowest, highest."""
    data = [float(v) for v in values]
    if not data:
        return Summary(0, None, None, None, None, None)
    sd = statistics.stdev(data) if len(data) > 1 else None
    return Summary(
        len(data), statistics.fmean(data), statistics.median(data), sd, min(data), max(data)
    )


def correlation(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's r of two paired lists; None when fewer than 3 pairs or a list is constant."""
    if len(x) != len(y) or len(x) < MIN_FOR_DISCRIMINATION:
        return None
    try:
        return statistics.correlation([float(v) for v in x], [float(v) for v in y])
    except statistics.StatisticsError:
        return None


@dataclass
class QuestionStats:
    """One question across the cohort: scores of the trainees whose score is known."""

    question: Question  # the first graded cell of the question (title, number)
    max_score: float
    written: bool
    scores: dict[str, float] = field(default_factory=dict)
    discrimination: float | None = None

    @property
    def title(self) -> str:
        q = self.question
        if not q.number:
            return q.title
        return f"Soal {q.number}" + (" (tantangan, opsional)" if q.optional else "")

    @property
    def summary(self) -> Summary:
        return describe(self.scores.values())

    def share(self, test) -> float | None:
        if not self.scores:
            return None
        return sum(1 for s in self.scores.values() if test(s)) / len(self.scores)

    @property
    def perfect(self) -> float | None:
        """Share of trainees with the question's full points."""
        return self.share(lambda s: s >= self.max_score - 1e-9)

    @property
    def nonzero(self) -> float | None:
        """Share of trainees with more than 0 points."""
        return self.share(lambda s: s > 1e-9)

    @property
    def flags(self) -> list[str]:
        out = []
        if self.discrimination is not None and self.discrimination < LOW_DISCRIMINATION:
            out.append("daya beda rendah")
        perfect = self.perfect
        if perfect is not None and perfect < RARELY_RIGHT:
            out.append("hampir tidak ada yang benar penuh")
        return out


def discrimination(question: Mapping[str, float], totals: Mapping[str, float]) -> float | None:
    """Correlation of the question's score with the rest of the score (total − question)."""
    common = [s for s in question if s in totals]
    return correlation([question[s] for s in common], [totals[s] - question[s] for s in common])


# --------------------------------------------------------------------------- gathering


@dataclass
class Item:
    """One autograded test cell across the cohort (for the checks failed most often)."""

    question: Question
    max_score: float
    passed: int = 0
    attempts: int = 0
    messages: Counter = field(default_factory=Counter)

    @property
    def grade_id(self) -> str:
        return self.question.grade_id

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


@dataclass
class AssignmentStats:
    name: str
    max_auto: float
    scores: dict[str, float] = field(default_factory=dict)  # autograded points
    totals: dict[str, float] = field(default_factory=dict)  # every known question score
    items: list[Item] = field(default_factory=list)
    questions: list[QuestionStats] = field(default_factory=list)
    follow_up: list[tuple[str, str]] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)  # student -> status text
    submitted: dict[str, datetime] = field(default_factory=dict)  # UTC
    duedate: datetime | None = None  # UTC
    pending_written: int = 0

    @property
    def max_total(self) -> float:
        return sum(q.max_score for q in self.questions)

    @property
    def hours_to_due(self) -> dict[str, float]:
        """Hours between each submission and the due date (positive: before it)."""
        if self.duedate is None:
            return {}
        return {s: (self.duedate - t).total_seconds() / 3600 for s, t in self.submitted.items()}


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _graded_cells(nb) -> list:
    order = {cell.name: i for i, cell in enumerate(nb.source_cells)}
    return sorted(
        (c for c in nb.grade_cells if float(c.max_score) > 0),
        key=lambda c: order.get(c.name, len(order)),
    )


def collect_stats(
    course_dir: Path, db_url: str, course_id: str | None = None, students: Iterable[str] = ()
) -> list[AssignmentStats]:
    """Gather the report's numbers from the gradebook and ``medsos grade``'s statuses.

    ``students``: logins expected besides the gradebook's (the roster's), so a trainee who
    never submitted is listed for follow-up too.
    """
    course_dir = Path(course_dir)
    out = []
    expected = set(students)
    with Gradebook(db_url, course_id) as gb:
        students = sorted({s.id for s in gb.students} | expected)
        for assignment in gb.assignments:
            statuses = load_statuses(course_dir, assignment.name)
            known_questions = assignment_questions(course_dir / SOURCE / assignment.name)
            items: dict[tuple[str, str], Item] = {}
            groups: dict[tuple[str, str], QuestionStats] = {}
            cell_group: dict[tuple[str, str], tuple[str, str]] = {}
            position = 0
            for nb in assignment.notebooks:
                for cell in _graded_cells(nb):
                    position += 1
                    points = float(cell.max_score)
                    question = known_questions.get((nb.name, cell.name)) or fallback(
                        nb.name, cell.name, points, position
                    )
                    written = cell.cell_type == "markdown"
                    group = (nb.name, question.number or f"#{cell.name}")
                    cell_group[(nb.name, cell.name)] = group
                    if group not in groups:
                        groups[group] = QuestionStats(question, 0.0, written)
                    groups[group].max_score += points
                    groups[group].written = groups[group].written or written
                    if not written:
                        items[(nb.name, cell.name)] = Item(question, points)
            max_auto = sum(item.max_score for item in items.values())
            stats = AssignmentStats(assignment.name, max_auto)
            stats.duedate = _utc(assignment.duedate)
            for student in sorted(set(students) | set(statuses)):
                known = statuses.get(student)
                try:
                    submission = gb.find_submission(assignment.name, student)
                except MissingEntry:
                    submission = None
                if known is not None and not known.status.has_score:
                    stats.follow_up.append((student, f"{known.status.value}: {known.reason}"))
                    stats.statuses[student] = known.status.value
                    continue
                if submission is None:
                    stats.follow_up.append((student, Status.ABSENT.value))
                    stats.statuses[student] = Status.ABSENT.value
                    continue
                stats.statuses[student] = (known.status if known else Status.GRADED).value
                if submission.timestamp is not None:
                    stats.submitted[student] = _utc(submission.timestamp)
                earned = 0.0
                per_group: dict[tuple[str, str], float] = {}
                unknown: set[tuple[str, str]] = set()
                for nb in submission.notebooks:
                    for grade in nb.grades:
                        group = cell_group.get((nb.name, grade.name))
                        if group is None:
                            continue
                        if grade.needs_manual_grade and grade.manual_score is None:
                            unknown.add(group)
                            stats.pending_written += 1
                            continue
                        score = float(grade.score or 0.0)
                        per_group[group] = per_group.get(group, 0.0) + score
                        item = items.get((nb.name, grade.name))
                        if item is None:
                            continue
                        earned += score
                        item.attempts += 1
                        if score >= item.max_score:
                            item.passed += 1
                        elif known is not None and grade.name in known.failures:
                            item.messages[known.failures[grade.name]] += 1
                for group, score in per_group.items():
                    if group not in unknown:
                        groups[group].scores[student] = score
                stats.scores[student] = earned
                stats.totals[student] = sum(s for g, s in per_group.items() if g not in unknown)
                if max_auto and earned < PASS_MARK * max_auto:
                    stats.follow_up.append(
                        (student, f"nilai otomatis {earned:g} dari {max_auto:g} (di bawah 60%)")
                    )
            for q in groups.values():
                q.discrimination = discrimination(q.scores, stats.totals)
            stats.items = list(items.values())
            stats.questions = list(groups.values())
            if stats.scores or stats.follow_up:
                out.append(stats)
    return out


# --------------------------------------------------------------------------- plots


# A figure and its alt text; :func:`_png` embeds it in the page.
Plot = tuple[Figure, str]


def _png(plot: Plot) -> str:
    fig, alt = plot
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _caption(fig) -> None:
    fig.text(0.01, -0.02, SOURCE_LINE, fontsize=7, color="0.3")


def _count_axis(axis) -> None:
    """Counts of trainees: whole numbers only."""
    axis.set_major_locator(MaxNLocator(integer=True))


PERCENT_BINS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.01]


def distribution_plot(stats: AssignmentStats) -> Plot:
    fig, ax = plt.subplots(figsize=(6, 3))
    values = [100 * v / stats.max_auto for v in stats.scores.values()] if stats.max_auto else []
    ax.hist(values, bins=PERCENT_BINS, color="0.45", edgecolor="black")
    ax.axvline(100 * PASS_MARK, color="black", linestyle="--", linewidth=1)
    below = sum(1 for v in values if v < 100 * PASS_MARK)
    ax.set_title(f"{stats.name}: {below} dari {len(values)} peserta di bawah batas 60%")
    ax.set_xlabel("Nilai otomatis (% dari maksimum)")
    ax.set_ylabel("Jumlah peserta")
    _count_axis(ax.yaxis)
    _caption(fig)
    return fig, f"Sebaran nilai otomatis tugas {stats.name}"


def question_histograms(stats: AssignmentStats) -> Plot:
    """One small histogram per question: how many trainees got each share of its points."""
    questions = [q for q in stats.questions if q.scores]
    cols = min(4, len(questions))
    rows = math.ceil(len(questions) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2.6 * cols, 2.1 * rows), squeeze=False)
    for ax in axes.flat[len(questions) :]:
        ax.axis("off")
    for ax, q in zip(axes.flat, questions, strict=False):
        values = [100 * s / q.max_score for s in q.scores.values()]
        ax.hist(values, bins=[0, 20, 40, 60, 80, 100.01], color="0.55", edgecolor="black")
        ax.set_title(q.title + (" (tertulis)" if q.written else ""), fontsize=9)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% dari poin soal", fontsize=8)
        ax.set_ylabel("Peserta", fontsize=8)
        ax.tick_params(labelsize=7)
        _count_axis(ax.yaxis)
    fig.suptitle(f"{stats.name}: sebaran nilai tiap soal", fontsize=11)
    fig.tight_layout()
    _caption(fig)
    return fig, f"Histogram nilai tiap soal tugas {stats.name}"


def question_means_plot(stats: AssignmentStats) -> Plot:
    questions = [q for q in stats.questions if q.scores]
    fig, ax = plt.subplots(figsize=(6, 0.35 * len(questions) + 1.2))
    means = [100 * (q.summary.mean or 0) / q.max_score for q in questions]
    bars = ax.barh([q.title for q in questions], means, color="0.6", edgecolor="black")
    for bar, q in zip(bars, questions, strict=True):
        if q.flags:
            bar.set_hatch("//")
            bar.set_facecolor("white")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    hardest = min(questions, key=lambda q: (q.summary.mean or 0) / q.max_score)
    ax.set_title(f"{stats.name}: soal tersulit {hardest.title} (arsir = ditandai)")
    ax.set_xlabel("Rata-rata nilai (% dari poin soal)")
    _caption(fig)
    return fig, f"Rata-rata nilai tiap soal tugas {stats.name}"


def timing_plot(stats: AssignmentStats) -> Plot:
    fig, ax = plt.subplots(figsize=(6, 3))
    if stats.duedate is not None:
        values = list(stats.hours_to_due.values())
        ax.axvline(0, color="black", linestyle="--", linewidth=1)
        ax.set_xlabel("Jam sebelum batas waktu (negatif: terlambat)")
        late = sum(1 for v in values if v < 0)
        ax.set_title(f"{stats.name}: {late} dari {len(values)} kiriman terlambat")
    else:
        first = min(stats.submitted.values())
        values = [(t - first).total_seconds() / 3600 for t in stats.submitted.values()]
        unit = "Jam"
        if max(values) < 2:  # a short session reads better in minutes
            values, unit = [60 * v for v in values], "Menit"
        ax.set_xlabel(f"{unit} sejak kiriman pertama")
        ax.set_title(f"{stats.name}: kapan peserta mengumpulkan")
    ax.hist(values, bins=min(12, max(3, len(values))), color="0.5", edgecolor="black")
    ax.xaxis.get_major_formatter().set_useOffset(False)
    ax.set_ylabel("Jumlah kiriman")
    _count_axis(ax.yaxis)
    _caption(fig)
    return fig, f"Waktu pengumpulan tugas {stats.name}"


def progress_plot(stats_list: list[AssignmentStats], students: list[str], names) -> Plot:
    """Trainees (rows) × assignments (columns): autograded % or a mark for no score."""
    import numpy as np

    grid = np.full((len(students), len(stats_list)), np.nan)
    for j, stats in enumerate(stats_list):
        for i, student in enumerate(students):
            if student in stats.scores and stats.max_auto:
                grid[i, j] = 100 * stats.scores[student] / stats.max_auto
    fig, ax = plt.subplots(figsize=(1.3 * len(stats_list) + 3, 0.35 * len(students) + 1.5))
    ax.imshow(grid, cmap="Greys", vmin=-20, vmax=120, aspect="auto")
    for i in range(len(students)):
        for j in range(len(stats_list)):
            text = "–" if math.isnan(grid[i, j]) else f"{grid[i, j]:.0f}"
            ax.text(j, i, text, ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(stats_list)), [s.name for s in stats_list], rotation=30, ha="right")
    ax.set_yticks(range(len(students)), [names(s) for s in students], fontsize=8)
    ax.set_title("Kemajuan peserta: nilai otomatis (%) per tugas; – belum ada nilai")
    _caption(fig)
    return fig, "Kemajuan tiap peserta per tugas"


# --------------------------------------------------------------------------- rendering


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%".replace(".", ",")


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _rel(value: float | None, maximum: float) -> str:
    """A score and its share of the maximum: ``1,80 (60%)``."""
    if value is None:
        return "–"
    return f"{_num(value)} ({_pct(value / maximum) if maximum else '–'})"


def _wib(value: datetime) -> str:
    return value.astimezone(WIB).strftime("%d-%m-%Y %H.%M WIB")


FORMULAS = """
<h2 id="rumus">Cara membaca statistik</h2>
<ul>
<li><b>Soal</b>: satu "Soal N.M" di notebook; nilainya jumlah poin semua sel ujinya (jawaban
tertulis: poin dari instruktur). Hanya peserta yang kirimannya dinilai dan yang nilai soalnya
sudah ada yang dihitung (<i>n</i>); kiriman yang tidak dapat dinilai tidak dihitung sebagai 0.</li>
<li><b>Rata-rata</b> x̄ = Σx / n; <b>median</b>: nilai tengah setelah diurutkan;
<b>simpangan baku</b> s = √(Σ(x − x̄)² / (n − 1)). Persen = terhadap poin maksimum soal.</li>
<li><b>Daya beda</b> (diskriminasi) = korelasi Pearson antara nilai soal dan <i>sisa nilai</i>
peserta (nilai total dikurangi nilai soal itu):
r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²). Mendekati 1: peserta yang unggul di tugas ini
juga unggul di soal ini; mendekati 0 atau negatif: soal tidak membedakan (mungkin ambigu atau
salah kunci). Tidak dihitung (–) bila n &lt; 3 atau semua nilainya sama.</li>
<li><b>Benar penuh</b>: porsi peserta dengan poin maksimum soal; <b>nilai &gt; 0</b>: porsi
peserta dengan poin lebih dari 0.</li>
<li><b>Tanda</b>: <i>daya beda rendah</i> bila r &lt; 0,2; <i>hampir tidak ada yang benar
penuh</i> bila kurang dari 10% peserta benar penuh. Periksa kembali kalimat soal, datanya,
dan uji tersembunyinya.</li>
<li><b>Nilai otomatis</b> tugas: jumlah poin sel uji yang dinilai otomatis (tanpa jawaban
tertulis); batas tindak lanjut 60%. <b>Waktu pengumpulan</b>: dari cap waktu kiriman nbgrader
(nbgrader tidak mencatat kapan peserta mulai mengerjakan, jadi lama pengerjaan tidak dapat
dihitung).</li>
</ul>
"""

STYLE = (
    "body{font-family:sans-serif;max-width:64em;margin:2em auto;color:#111;padding:0 1em}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;"
    "padding:.2em .5em;text-align:left;vertical-align:top}td.n{text-align:right}"
    ".tanda{font-weight:bold}img{max-width:100%}"
)


def _person(student: str, roster: Mapping[str, Peserta]) -> list[str]:
    p = roster.get(student)
    if p is None:
        return [student, "–", "(tidak ada di daftar peserta)", "–"]
    return [student, p.nip, p.nama, p.instansi]


PERSON_HEAD = "<th>Login</th><th>NIP</th><th>Nama</th><th>Instansi</th>"


def _row(cells: Iterable[str], numeric_from: int = 99) -> str:
    out = []
    for i, cell in enumerate(cells):
        css = ' class="n"' if i >= numeric_from else ""
        out.append(f"<td{css}>{html.escape(str(cell))}</td>")
    return "<tr>" + "".join(out) + "</tr>"


def _assessment_section(stats: AssignmentStats) -> list[str]:
    parts = [f"<h2>Tugas {html.escape(stats.name)}</h2>"]
    n = len(stats.scores)
    if not n:
        parts.append("<p>Belum ada kiriman yang dinilai.</p>")
        return parts
    auto = describe(stats.scores.values())
    parts.append("<h3>Nilai tugas</h3><table>")
    parts.append(
        "<tr><th>Nilai</th><th>n</th><th>Rata-rata</th><th>Median</th><th>Simpangan baku</th>"
        "<th>Terendah</th><th>Tertinggi</th><th>Maksimum</th></tr>"
    )
    rows = [("Nilai otomatis", auto, stats.max_auto)]
    if stats.max_total > stats.max_auto:
        label = "Total (termasuk jawaban tertulis yang sudah dinilai)"
        rows.append((label, describe(stats.totals.values()), stats.max_total))
    for label, summary, maximum in rows:
        parts.append(
            _row(
                [
                    label,
                    str(summary.n),
                    _rel(summary.mean, maximum),
                    _rel(summary.median, maximum),
                    _num(summary.sd),
                    _num(summary.minimum),
                    _num(summary.maximum),
                    f"{maximum:g}",
                ],
                numeric_from=1,
            )
        )
    parts.append("</table>")
    if stats.pending_written:
        parts.append(
            f"<p>{stats.pending_written} jawaban tertulis masih menunggu penilaian instruktur "
            "(belum masuk statistik soalnya).</p>"
        )
    parts.append(_png(distribution_plot(stats)))
    if stats.submitted:
        parts += _timing_section(stats)
    if any(q.scores for q in stats.questions):
        parts += _questions_section(stats)
    parts += _failed_checks(stats)
    return parts


def _timing_section(stats: AssignmentStats) -> list[str]:
    times = sorted(stats.submitted.values())
    parts = ["<h3>Waktu pengumpulan</h3><ul>"]
    parts.append(
        f"<li>{len(times)} kiriman; pertama {_wib(times[0])}, terakhir {_wib(times[-1])}, "
        f"median {_wib(times[0] + _median_delta(times))}.</li>"
    )
    if stats.duedate is not None:
        hours = describe(stats.hours_to_due.values())
        late = sum(1 for h in stats.hours_to_due.values() if h < 0)
        parts.append(
            f"<li>Batas waktu {_wib(stats.duedate)}: {late} kiriman terlambat. Jam sebelum batas "
            f"waktu: rata-rata {_num(hours.mean, 1)}, median {_num(hours.median, 1)}, "
            f"simpangan baku {_num(hours.sd, 1)}, paling awal {_num(hours.maximum, 1)}, "
            f"paling akhir {_num(hours.minimum, 1)}.</li>"
        )
    else:
        parts.append("<li>Tugas ini tidak punya batas waktu di buku nilai.</li>")
    parts.append("</ul>")
    parts.append(_png(timing_plot(stats)))
    return parts


def _median_delta(times: list[datetime]) -> timedelta:
    seconds = [(t - times[0]).total_seconds() for t in times]
    return timedelta(seconds=statistics.median(seconds))


def _questions_section(stats: AssignmentStats) -> list[str]:
    parts = [
        "<h3>Statistik tiap soal</h3>",
        '<p>Rumus dan batas tanda: lihat <a href="#rumus">cara membaca statistik</a>.</p>',
        "<table><tr><th>Soal</th><th>Poin</th><th>n</th><th>Rata-rata</th><th>Median</th>"
        "<th>Simpangan baku</th><th>Daya beda</th><th>Benar penuh</th><th>Nilai &gt; 0</th>"
        "<th>Tanda</th></tr>",
    ]
    for q in stats.questions:
        s = q.summary
        name = q.title + (" (jawaban tertulis)" if q.written else "")
        cells = [
            name,
            f"{q.max_score:g}",
            str(s.n),
            _rel(s.mean, q.max_score),
            _rel(s.median, q.max_score),
            _num(s.sd),
            _num(q.discrimination),
            _pct(q.perfect),
            _pct(q.nonzero),
        ]
        flags = ", ".join(q.flags)
        parts.append(
            _row(cells, numeric_from=1)[: -len("</tr>")]
            + f'<td class="tanda">{html.escape(flags)}</td></tr>'
        )
    parts.append("</table>")
    flagged = [q for q in stats.questions if q.flags]
    if flagged:
        parts.append(
            "<p>Soal yang ditandai: "
            + ", ".join(
                f"<b>{html.escape(q.title)}</b> ({html.escape(', '.join(q.flags))})"
                for q in flagged
            )
            + ".</p>"
        )
    parts.append(_png(question_means_plot(stats)))
    parts.append(_png(question_histograms(stats)))
    return parts


def _failed_checks(stats: AssignmentStats) -> list[str]:
    failing = [i for i in sorted(stats.items, key=lambda i: i.pass_rate) if i.passed < i.attempts]
    if not failing:
        return []
    parts = [
        "<h3>Cek yang paling sering gagal</h3><table>",
        "<tr><th>Bagian soal</th><th>Gagal</th><th>Pesan paling sering</th></tr>",
    ]
    for item in failing[:5]:
        message = item.messages.most_common(1)[0][0] if item.messages else ""
        failed = item.attempts - item.passed
        parts.append(_row([item.question.label, f"{failed} dari {item.attempts}", message]))
    parts.append("</table>")
    return parts


def _follow_up(stats: AssignmentStats, roster: Mapping[str, Peserta]) -> list[str]:
    parts = [f"<h3>Peserta yang perlu ditindaklanjuti: {html.escape(stats.name)}</h3>"]
    if not stats.follow_up:
        return [*parts, "<p>Tidak ada.</p>"]
    parts.append(f"<table><tr>{PERSON_HEAD}<th>Alasan</th></tr>")
    parts += [_row([*_person(s, roster), r]) for s, r in stats.follow_up]
    parts.append("</table>")
    return parts


def _progress_section(stats_list: list[AssignmentStats], roster: Mapping[str, Peserta]):
    students = sorted(
        set(roster) | {s for st in stats_list for s in (*st.scores, *st.statuses)},
        key=lambda s: (roster[s].nama.lower() if s in roster else "~", s),
    )
    if not students:
        return []
    head = "".join(f"<th>{html.escape(s.name)}</th>" for s in stats_list)
    parts = [
        "<h2>Kemajuan tiap peserta</h2>",
        "<p>Nilai otomatis tiap tugas (% dari maksimum), atau statusnya bila belum ada nilai.</p>",
        f"<table><tr>{PERSON_HEAD}{head}</tr>",
    ]
    for student in students:
        cells = _person(student, roster)
        for stats in stats_list:
            if student in stats.scores and stats.max_auto:
                cells.append(_pct(stats.scores[student] / stats.max_auto))
            else:
                cells.append(stats.statuses.get(student, Status.ABSENT.value))
        parts.append(_row(cells, numeric_from=4))
    parts.append("</table>")

    def name(student: str) -> str:
        return roster[student].nama if student in roster else student

    parts.append(_png(progress_plot(stats_list, students, name)))
    return parts


def render(
    stats_list: list[AssignmentStats], roster: Iterable[Peserta] = (), roster_problem: str = ""
) -> str:
    people = {p.login: p for p in roster}
    parts = [
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>",
        f"<title>Laporan kohort</title><style>{STYLE}</style></head><body>",
        "<h1>Laporan kohort kursus</h1>",
        "<p>Berisi data pribadi peserta: simpan hanya di komputer instruktur. Statistik soal "
        "mengikuti PrairieLearn (rata-rata, median, simpangan baku, daya beda, porsi benar "
        'penuh dan bernilai); rumusnya di <a href="#rumus">bagian akhir</a>.</p>',
    ]
    if roster_problem:
        parts.append(f"<p><b>Daftar peserta tidak dipakai:</b> {html.escape(roster_problem)}</p>")
    if not stats_list:
        parts.append("<p>Belum ada kiriman yang dinilai.</p>")
    for stats in stats_list:
        parts += _assessment_section(stats)
        parts += _follow_up(stats, people)
    if stats_list:
        parts += _progress_section(stats_list, people)
    parts.append(FORMULAS)
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(
    course_dir: Path,
    db_url: str,
    course_id: str | None = None,
    roster: Iterable[Peserta] | None = None,
    path: Path | None = None,
) -> Path:
    """Write the report (default ``laporan/laporan-kohort.html``) and return its path.

    ``roster`` defaults to the course's (``peserta.csv``/``.xlsx``, or ``MEDSOS_ROSTER``); a
    roster file that cannot be read is named at the top of the report, never fatal.
    """
    from medsos.grading.export import load_roster

    problem = ""
    if roster is None:
        try:
            roster = load_roster(course_dir)
        except RosterError as err:
            roster, problem = [], str(err)
    path = Path(path) if path else output_dir(course_dir) / REPORT_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    roster = list(roster)
    stats = collect_stats(course_dir, db_url, course_id, [p.login for p in roster])
    text = render(stats, roster, problem)
    path.write_text(text, encoding="utf-8")
    return path
