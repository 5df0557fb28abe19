"""What every module's notebook tells a trainee holds, for every assignment found in
``source/``: each figure and comparison in its prose, chart titles and key points is
registered in ``module_claims.py`` and computed from ``datasets/`` (or named as an outside
source or definition); the front matter's time budget fits the sessions; every method a
model answer calls is shown earlier in the notebook; the released folder stands alone.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from module_claims import (
    CITED,
    CLAIMS,
    PACING,
    TRIALED,
    Data,
    challenge_phrase,
    pacing_fragments,
    session_phrase,
)
from module_prose import (
    claim_sentences,
    copied_answers,
    figures,
    methods_shown_and_used,
    notebook,
    prose,
)

from medsos import build, course_root
from medsos.datasets import dictionary
from medsos.grading.questions import questions_of

ASSIGNMENTS = build.assignments()
TIME_LINE = "**Waktu:** sekitar"
SESSION_MINUTES = 90
MEASURED = "diukur dalam uji coba dengan peserta simulasi yang bukan pemrogram"
SESSION_LIMIT = f"masing-masing paling lama {SESSION_MINUTES} menit"
# Modules whose notebook does not meet a check yet: the test still runs on them and must
# fail (strict xfail), so the entry has to go once the module's owner fixes the notebook.
NOT_YET_ADOPTED = {
    "front_matter": set(),
    "methods": set(),
}


def adopted(check: str) -> list:
    return [
        pytest.param(
            a,
            marks=pytest.mark.xfail(strict=True, reason=f"{a} has not adopted this check yet"),
        )
        if a in NOT_YET_ADOPTED[check]
        else a
        for a in ASSIGNMENTS
    ]


# Files and notes a trainee's released folder does not have.
OUTSIDE_POINTERS = (
    "datasets/",
    "catatan domain",
    "belum kami periksa",
    "src/medsos",
    "tests/",
)


@pytest.fixture(scope="module")
def data() -> Data:
    return Data()


def points_phrase(assignment: str) -> str | None:
    """ "nilai penuh tanpa tantangan 23 dari 28 poin", from the notebook's graded cells."""
    questions = questions_of(notebook(assignment)).values()
    optional = sum(q.points for q in questions if q.optional)
    if not optional:
        return None
    total = sum(q.points for q in questions)
    return f"nilai penuh tanpa tantangan {total - optional:g} dari {total:g} poin"


def time_fragments(assignment: str) -> list[str]:
    """Sentences of the front matter's time budget, checked by the pacing test below."""
    measured = [SESSION_LIMIT] if assignment in TRIALED else []
    return [
        TIME_LINE,
        *measured,
        *pacing_fragments(assignment),
        *filter(None, [points_phrase(assignment)]),
    ]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_claim_is_registered(assignment):
    """A sentence that quotes a figure or compares must be checked or cited."""
    fragments = [
        *time_fragments(assignment),
        *CLAIMS.get(assignment, {}),
        *CITED.get(assignment, []),
    ]
    unchecked = [
        f"[{s.cell}] {s.text}"
        for s in claim_sentences(assignment)
        if not any(f in s.text for f in fragments)
    ]
    assert not unchecked, (
        f"{assignment}: {len(unchecked)} sentence(s) state a figure or comparison that no "
        "entry of tests/module_claims.py checks against datasets/ or cites:\n"
        + "\n".join(unchecked)
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_figure_of_a_claim_is_in_its_entry(assignment):
    """A changed figure makes its sentence unregistered again, so it must be re-checked."""
    fragments = [
        *time_fragments(assignment)[1:],
        *CLAIMS.get(assignment, {}),
        *CITED.get(assignment, []),
    ]
    loose = []
    for s in claim_sentences(assignment):
        if s.text.startswith(TIME_LINE):
            continue  # checked by test_front_matter_states_a_time_budget_that_fits
        matched = " ".join(f for f in fragments if f in s.text)
        missing = [n for n in figures(s.text) if n not in figures(matched)]
        if matched and missing:
            loose.append(f"[{s.cell}] {missing} in: {s.text}")
    assert not loose, (
        f"{assignment}: figures outside the registered fragment (widen the entry in "
        "tests/module_claims.py and check them):\n" + "\n".join(loose)
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_registered_fragments_are_still_in_the_notebook(assignment):
    text = prose(assignment)
    stale = [f for f in [*CLAIMS.get(assignment, {}), *CITED.get(assignment, [])] if f not in text]
    assert not stale, f"{assignment}: entries no longer found in the notebook: {stale}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_claims_hold_on_the_data(assignment, data):
    false = [fragment for fragment, check in CLAIMS.get(assignment, {}).items() if not check(data)]
    assert not false, f"{assignment}: the data contradict: {false}"


@pytest.mark.parametrize("assignment", adopted("front_matter"))
def test_front_matter_states_a_time_budget_that_fits(assignment):
    """The front matter states the time budget registered for the module: the minutes a
    pacing trial measured (TRIALED), per class session, each session within 90 minutes, and
    the optional challenge outside them with the full score without it; or, for a module not
    yet trialled, an estimate that says so (PACING)."""
    front = notebook(assignment).cells[0].source
    stated = " ".join(front.split())
    questions = questions_of(notebook(assignment)).values()
    if assignment in TRIALED:
        trial = TRIALED[assignment]
        teach = sum(t for t, _ in trial.sessions)
        practice = sum(p for _, p in trial.sessions)
        assert f"{TIME_LINE} {teach} menit penjelasan dan {practice} menit latihan" in stated
        assert MEASURED in stated and SESSION_LIMIT in stated
        position = 0
        for number, (t, p) in enumerate(trial.sessions, start=1):
            assert t + p <= SESSION_MINUTES, f"sesi {number} would not fit 90 minutes"
            position = stated.index(f"**sesi {number}**", position)
            assert stated.find(session_phrase(t, p), position) > position, f"sesi {number}"
        optional = [q for q in questions if q.optional]
        if trial.challenge:
            assert "**Tantangan (opsional)**" in stated
            assert challenge_phrase(trial.challenge) in stated
            assert optional, "the challenge's heading must say 'Tantangan'"
            assert points_phrase(assignment) in stated
        else:
            assert not optional and "Tantangan" not in stated
        return
    assert assignment in PACING, f"{assignment}: add its time budget to PACING or TRIALED"
    teach, (low, high), sessions = PACING[assignment]
    assert f"{TIME_LINE} {teach} menit penjelasan dan {low}–{high} menit latihan" in stated
    assert "perkiraan" in stated and "belum diukur" in stated
    assert (teach + high) / sessions <= SESSION_MINUTES, "a session would not fit 90 minutes"
    if sessions > 1:
        for number in range(1, sessions + 1):
            assert f"**sesi {number}**" in stated


@pytest.mark.parametrize("assignment", adopted("methods"))
def test_every_method_an_answer_needs_is_shown_before_it(assignment):
    """Each model answer calls only what the notebook has shown earlier (example code, code
    in the text, the question's own hints) or basic Python: no question asks for a method
    the trainee has not seen (e.g. groupby, named aggregation)."""
    rows = methods_shown_and_used(assignment)
    assert rows, f"{assignment}: no answer cells found"
    unseen = [f"{cell}: {sorted(used - shown)}" for cell, used, shown in rows if used - shown]
    assert not unseen, (
        f"{assignment}: answers use methods the notebook has not shown before them (add a "
        "worked example or a hint, or answer with what was shown):\n" + "\n".join(unseen)
    )


# An answer is the worked example again when more than this share of its statements (two
# or more) has the shape of one earlier example cell (names and literals aside).
COPY_SHARE = 0.7


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_questions_after_the_first_are_not_the_example_with_an_id_changed(assignment):
    """Each question practises an idea the text has shown, with a step of its own: only the
    module's first autograded question (a warm-up) may be the worked example with an id,
    a column or a name changed (trials found such questions 'too easy', and their minutes
    better spent where a method was asked for without an example)."""
    answers = copied_answers(assignment)
    copies = [
        f"{cell} is {share:.0%} of {example}"
        for position, (cell, example, share, statements) in enumerate(answers)
        if position > 0 and statements >= 2 and share > COPY_SHARE
    ]
    assert not copies, (
        f"{assignment}: questions that repeat a worked example (ask for a step of their own, "
        "or make the example show something else):\n" + "\n".join(copies)
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_folder_stands_alone(assignment):
    """The released folder is all a trainee has: the notebook points to no file outside it,
    carries no author's notes, and its tables come with their data dictionary."""
    folder = course_root() / "release" / assignment
    tables = build.tables_used(assignment)
    text = "\n".join(
        cell.source for path in folder.glob("*.ipynb") for cell in nbformat.read(path, 4).cells
    )
    for pointer in OUTSIDE_POINTERS:
        assert pointer not in text, f"{assignment}: the notebook points to {pointer!r}"
    for name in set(re.findall(r"data/(\w[\w-]*\.(?:csv|md))", text)):
        assert (folder / "data" / name).is_file(), f"{assignment}: data/{name} is not released"
    documented = build.documented_tables(tables)
    if documented:
        kamus = (folder / "data" / dictionary.FOLDER_FILE).read_text(encoding="utf-8")
        assert kamus == dictionary.render_folder(documented)
        assert "data/KAMUS-DATA.md" in text, f"{assignment}: the notebook never names it"
