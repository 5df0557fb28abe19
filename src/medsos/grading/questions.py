"""Graded cells named as the notebook names them: "Soal 1.2 — nilai (1 poin)".

nbgrader knows a graded cell by its ``grade_id`` (``laju_pertumbuhan_nilai``); trainees and
instructors know it as a question of the notebook and a part of it. :func:`questions_of`
reads a notebook (the source, or an autograded copy: both have the same headings and
graded cells) and gives each graded cell its :class:`Question`:

- the number is the last ``### Soal N.M`` heading above the cell (else the "Soal N.M:" that opens
  the docstring of a test cell);
- the part comes from the grade ids of the question's cells: what is left after the words
  they share (``rata_suka_instagram_nilai`` and ``rata_suka_instagram_bulat`` are "nilai"
  and "pembulatan"), with a few words spelled out; a written answer is "jawaban tertulis";
  a 0-point check is "cek cepat";
- a question whose heading says "Tantangan" (``### Soal 3.8 — Tantangan (opsional, 5 poin)``)
  is named "Soal 3.8 (tantangan, opsional)" everywhere, so feedback and reports say that a
  trainee may leave it (its points still count: nbgrader has no autograded extra credit);
- a written answer of the source notebook also carries its rubric (the cell's text in
  ``source/``: model answer and grading rubric), shown to the grader, never to the trainee.

Every page and export names graded cells with :attr:`Question.label` (or ``.title``), never
with the grade id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode

_HEADING = re.compile(r"^#{1,6}\s*Soal\s+(\d+(?:\.\d+)*)(.*)$", re.MULTILINE)
_OPTIONAL = re.compile(r"\bTantangan\b", re.IGNORECASE)
_DOCSTRING = re.compile(r'^\s*(?:"""|\'\'\')\s*Soal\s+(\d+(?:\.\d+)*)[^:]*:\s*(.*?)\s*(?:"""|$)')
# Grade-id words spelled out for readers.
_WORDS = {"urut": "urutan", "bulat": "pembulatan", "tipe": "bentuk", "fb": "Facebook"}
# Words that name a kind of check rather than a variable ("err_lapisan_bentuk").
_KINDS = {"bentuk", "urut", "bulat", "tipe"}
WRITTEN = "jawaban tertulis"
SELF_CHECK = "cek cepat"


def points_text(points: float) -> str:
    """``1`` -> ``"1 poin"``, ``1.5`` -> ``"1,5 poin"`` (Indonesian decimal comma)."""
    return f"{points:g}".replace(".", ",") + " poin"


@dataclass(frozen=True)
class Question:
    """One graded cell of a notebook, as the notebook names it."""

    notebook: str
    grade_id: str
    number: str | None  # "1.2"; None when the notebook gives the cell no question number
    part: str  # "nilai", "urutan", "jawaban tertulis", ...
    points: float
    written: bool = False
    description: str = ""  # the test's docstring after "Soal N.M:", if any
    rubric: str = ""  # a written answer's text in the source notebook
    position: int = 0  # graded cell's position among the notebook's graded cells (1-based)
    optional: bool = False  # under a "Tantangan" heading: a trainee may leave it

    @property
    def title(self) -> str:
        """``"Soal 1.2 — nilai"``; ``"Soal 3.8 (tantangan, opsional) — struktur"``."""
        head = f"Soal {self.number}" if self.number else f"Bagian {self.position}"
        if self.optional:
            head += " (tantangan, opsional)"
        return f"{head} — {self.part}"

    @property
    def label(self) -> str:
        """``"Soal 1.2 — nilai (1 poin)"``; a 0-point check says it carries no points."""
        points = points_text(self.points) if self.points > 0 else "tanpa nilai"
        return f"{self.title} ({points})"


def _is_graded(cell: NotebookNode) -> bool:
    return bool(cell.metadata.get("nbgrader", {}).get("grade"))


def _tokens(grade_id: str) -> list[str]:
    return [t for t in grade_id.split("_") if t]


def _common_prefix(token_lists: list[list[str]]) -> int:
    n = 0
    while all(len(t) > n + 1 for t in token_lists) and len({t[n] for t in token_lists}) == 1:
        n += 1
    return n


def _parts(grade_ids: list[str]) -> dict[str, str]:
    """The part name of each grade id of one question's autograded cells."""
    tokens = {gid: _tokens(gid) for gid in grade_ids}
    if len(grade_ids) == 1:
        (gid,) = grade_ids
        words = tokens[gid]
        return {gid: _WORDS.get(words[-1], words[-1]) if words else "nilai"}
    shared = _common_prefix(list(tokens.values()))
    rest = {gid: words[shared:] for gid, words in tokens.items()}
    # A one-word shared prefix ("median" of median_sepi_nilai, median_aktif_nilai) is part of
    # the variable's name: keep it unless every part is then a single word.
    if shared == 1 and any(len(words) > 1 for words in rest.values()):
        rest = tokens
    out = {}
    for gid, words in rest.items():
        if len(words) > 1 and words[-1] == "nilai":
            words = words[:-1]
        spelled = [_WORDS.get(w, w) for w in words]
        if len(words) > 1 and words[-1] in _KINDS:  # "err lapisan, bentuk"
            out[gid] = " ".join(spelled[:-1]) + ", " + spelled[-1]
        else:
            out[gid] = " ".join(spelled)
    if len(set(out.values())) < len(out):  # never two parts with the same name
        out = {gid: " ".join(_WORDS.get(w, w) for w in tokens[gid]) for gid in grade_ids}
    return out


def questions_of(nb: NotebookNode, notebook: str = "") -> dict[str, Question]:
    """Every graded cell of ``nb`` by grade id, in notebook order."""
    found: list[tuple[NotebookNode, str | None, str]] = []
    number: str | None = None
    optional: set[str | None] = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            headings = _HEADING.findall(cell.source)
            if headings:
                number, rest = headings[-1]
                if _OPTIONAL.search(rest):
                    optional.add(number)
        if not _is_graded(cell):
            continue
        description = ""
        own = number
        match = _DOCSTRING.match(cell.source) if cell.cell_type == "code" else None
        if match:
            own = own or match.group(1)
            description = match.group(2)
        found.append((cell, own, description))
    groups: dict[str | None, list[str]] = {}
    for cell, own, _ in found:
        meta = cell.metadata.nbgrader
        if cell.cell_type == "code" and float(meta.get("points", 0) or 0) > 0:
            groups.setdefault(own, []).append(meta["grade_id"])
    parts: dict[str, str] = {}
    for own, ids in groups.items():
        parts.update(_parts(ids) if own is not None else {gid: "nilai" for gid in ids})
    out = {}
    for position, (cell, own, description) in enumerate(found, start=1):
        meta = cell.metadata.nbgrader
        grade_id = meta["grade_id"]
        points = float(meta.get("points", 0) or 0)
        written = cell.cell_type == "markdown"
        if written:
            part = WRITTEN
        elif points <= 0:
            part = SELF_CHECK
        else:
            part = parts[grade_id]
        out[grade_id] = Question(
            notebook=notebook,
            grade_id=grade_id,
            number=own,
            part=part,
            points=points,
            written=written,
            description=description,
            rubric=cell.source.strip() if written else "",
            position=position,
            optional=own in optional,
        )
    return out


def source_notebooks(source_dir: Path) -> list[Path]:
    """The notebooks of one assignment's source folder, sorted by name."""
    return sorted(p for p in Path(source_dir).glob("*.ipynb") if p.is_file())


def assignment_questions(source_dir: Path) -> dict[tuple[str, str], Question]:
    """``(notebook, grade_id) -> Question`` for every notebook in ``source_dir``.

    A missing folder gives an empty mapping: callers fall back to :func:`fallback`.
    """
    out: dict[tuple[str, str], Question] = {}
    for path in source_notebooks(source_dir):
        nb = nbformat.read(path, as_version=4)
        for grade_id, question in questions_of(nb, path.stem).items():
            out[(path.stem, grade_id)] = question
    return out


def fallback(notebook: str, grade_id: str, points: float, position: int) -> Question:
    """A name for a graded cell whose source notebook is gone: its place, never its id."""
    return Question(notebook, grade_id, None, "nilai", points, position=position)


def lookup(
    questions: dict[tuple[str, str], Question],
    cells: Iterable[tuple[str, str, float]],
) -> list[Question]:
    """The question of each ``(notebook, grade_id, points)``, with a fallback for unknown ones."""
    return [
        questions.get((nb, gid)) or fallback(nb, gid, points, i)
        for i, (nb, gid, points) in enumerate(cells, start=1)
    ]


def questions_for(config, assignment: str) -> dict[tuple[str, str], Question]:
    """The questions of ``assignment`` read from the course's source folder (``config``)."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    folder = coursedir.format_path(coursedir.source_directory, ".", assignment)
    return assignment_questions(Path(folder))
