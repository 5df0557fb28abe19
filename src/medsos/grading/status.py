"""The status of each submission, its reason in Bahasa Indonesia, and where statuses are kept.

nbgrader records scores but not whether a submission could be graded at all (a corrupted or
missing notebook is scored 0). ``medsos grade`` keeps one JSON file per assignment,
``laporan/<assignment>/status.json``, written by the grading process only (never by the
parallel workers), so exports and reports can tell a 0 from "not graded".
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from medsos.bantuan import explain

OUTPUT_DIR = "laporan"  # git-ignored in the kit: grades are personal data


class Status(StrEnum):
    """Status of one submission, as shown to instructors."""

    GRADED = "dinilai"
    MANUAL = "perlu dinilai manual"
    LATE = "terlambat"
    FAILED = "tidak dapat dinilai"
    ABSENT = "belum mengumpulkan"
    # Written before a submission is graded, replaced when it is done: what an interrupted
    # run (Ctrl-C, kill -9, power cut) leaves, so no old score passes for the new submission.
    PENDING = "belum selesai dinilai"

    @property
    def has_score(self) -> bool:
        return self in (Status.GRADED, Status.MANUAL, Status.LATE)


@dataclass
class SubmissionResult:
    """What grading one submission produced (scores themselves stay in the gradebook)."""

    student: str
    status: Status
    reason: str = ""
    timestamp: str | None = None
    seconds_late: float = 0.0
    notes: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    feedback: str | None = None
    seconds: float = 0.0
    # Written answers were waiting for the instructor when this result was made.
    manual_pending: bool = False
    # The instructor's scores and comments in the gradebook when the feedback page was made
    # (medsos.grading.worker.instructor_marks): a later change makes the page out of date.
    graded_as: str | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    @classmethod
    def from_json(cls, data: dict) -> SubmissionResult:
        data = dict(data)
        data["status"] = Status(data["status"])
        # Status files written before ``manual_pending`` existed: infer it from the status.
        data.setdefault("manual_pending", data["status"] is Status.MANUAL)
        return cls(**data)


def output_dir(course_dir: Path, assignment: str | None = None) -> Path:
    folder = Path(course_dir) / OUTPUT_DIR
    return folder / assignment if assignment else folder


def status_path(course_dir: Path, assignment: str) -> Path:
    return output_dir(course_dir, assignment) / "status.json"


def load_statuses(course_dir: Path, assignment: str) -> dict[str, SubmissionResult]:
    path = status_path(course_dir, assignment)
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {student: SubmissionResult.from_json(item) for student, item in data.items()}


def save_statuses(course_dir: Path, assignment: str, results: dict[str, SubmissionResult]) -> None:
    path = status_path(course_dir, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {student: results[student].to_json() for student in sorted(results)}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------- explanations


def explain_error(ename: str, evalue: str) -> str:
    """A failed check or cell error in plain Bahasa Indonesia (the assert message when given)."""
    evalue = (evalue or "").strip()
    first = evalue.splitlines()[0] if evalue else ""
    if ename == "AssertionError":
        return first or "Hasilnya belum sesuai dengan yang diharapkan."
    # Errors the kernel's error help knows get the same plain explanation and next step.
    helped = explain(ename, evalue) if ename != "CellTimeoutError" else None
    if helped:
        return helped
    if ename == "NotImplementedError":
        return "Jawaban belum diisi (masih berisi kode bawaan soal)."
    if ename == "NameError":
        name = first.split("'")[1] if first.count("'") >= 2 else ""
        return (
            f"Variabel '{name}' belum ada: jawabannya belum dibuat, belum dijalankan, "
            "atau namanya berbeda dari yang diminta soal."
        )
    if ename == "CellTimeoutError":
        return "Sel ini berjalan melebihi batas waktu dan dihentikan."
    if ename in ("KeyError", "AttributeError", "TypeError", "ValueError", "IndexError"):
        return f"Terjadi galat {ename} saat memeriksa jawaban: {first[:200]}"
    return f"Terjadi galat {ename}: {first[:200]}" if first else f"Terjadi galat {ename}."


def timeout_reason(cell: str, seconds: float | None) -> str:
    limit = f" {seconds:g} detik" if seconds else ""
    return (
        f"Batas waktu terlampaui: sel '{cell}' berjalan lebih dari{limit} dan dihentikan, "
        "sehingga nilainya tidak dapat dipastikan. Periksa kode peserta (mis. perulangan "
        "tanpa akhir), lalu nilai ulang peserta ini."
    )


KERNEL_DIED = (
    "Kernel (mesin Python) berhenti mendadak saat menjalankan notebook, misalnya karena "
    "memori habis atau kode peserta mematikan prosesnya. Periksa notebook peserta, lalu "
    "nilai ulang peserta ini."
)
KERNEL_UNRESPONSIVE = (
    "Batas waktu terlampaui: kernel tidak menanggapi dan tidak dapat dihentikan (kemungkinan "
    "perulangan tanpa akhir yang memakan memori). Periksa notebook peserta, lalu nilai ulang."
)

OUTPUT_TIMEOUT = (
    "Batas waktu terlampaui: keluaran sel terlalu banyak sehingga tidak selesai diterima. "
    "Periksa apakah peserta mencetak data yang sangat besar, lalu nilai ulang peserta ini."
)


PENDING_REASON = (
    "Penilaian kiriman ini terputus sebelum selesai (penilaian dihentikan). Nilainya belum "
    "berlaku; jalankan medsos grade lagi untuk menilainya."
)


def unknown_failure_reason(log: str) -> str:
    """Why nbgrader could not grade a submission, from its log, in plain Indonesian."""
    if "failed to validate" in log or "ValidationError" in log or "SchemaToo" in log:
        return (
            "Notebook ini tidak cocok dengan tugasnya: penanda sel nbgrader rusak atau berasal "
            "dari tugas lain (mungkin peserta mengumpulkan notebook tugas lain dengan nama "
            "ini). Minta peserta mengambil ulang tugas yang benar, menyalin jawabannya, lalu "
            "mengumpulkan ulang."
        )
    names = [w.strip(":,.") for w in log.split() if w.strip(":,.").endswith(("Error", "Exception"))]
    name = f" ({names[-1]})" if names else ""
    return (
        f"nbgrader gagal menilai kiriman ini karena galat yang tidak dikenal{name}. Periksa "
        "notebook peserta di Formgrader, lalu nilai ulang peserta ini."
    )


def corrupted_reason(notebook: str, error: Exception) -> str:
    """Why a notebook file cannot be read, without quoting its (possibly huge) content."""
    name = type(error).__name__
    if name in ("NotJSONError", "JSONDecodeError", "UnicodeDecodeError"):
        detail = "isinya bukan JSON yang utuh, mungkin terpotong atau diubah di luar Jupyter"
    elif "Validation" in name:
        detail = "strukturnya tidak sesuai format notebook Jupyter"
    else:
        detail = f"galat {name}"
    return (
        f"Berkas notebook '{notebook}' rusak dan tidak dapat dibuka ({detail}). "
        "Minta peserta membuka notebooknya di Jupyter, menyimpannya, dan mengumpulkan ulang."
    )


def missing_reason(notebook: str, others: list[str]) -> str:
    if others:
        names = ", ".join(f"'{name}'" for name in others)
        return (
            f"Notebook '{notebook}' tidak ada di kiriman; yang ada: {names}. Kemungkinan "
            f"namanya diubah: minta peserta mengembalikan namanya menjadi '{notebook}' dan "
            "mengumpulkan ulang."
        )
    return (
        f"Notebook '{notebook}' tidak ada di kiriman (terhapus atau tidak ikut terkumpul). "
        "Minta peserta mengumpulkan ulang."
    )


# --------------------------------------------------------------------------- refusals


def refusals_path(course_dir: Path, assignment: str) -> Path:
    """Submissions the safe collect refused (``laporan/<assignment>/ditolak.json``)."""
    return output_dir(course_dir, assignment) / "ditolak.json"


def load_refusals(course_dir: Path, assignment: str) -> dict[str, dict[str, str]]:
    """Refused submissions: shown id -> {"alasan": reason, "waktu": timestamp}."""
    path = refusals_path(course_dir, assignment)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def save_refusals(course_dir: Path, assignment: str, refusals: dict[str, dict[str, str]]) -> None:
    path = refusals_path(course_dir, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(refusals, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
