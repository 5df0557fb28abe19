"""What a trainee reads in a module's notebook: prose sentences, chart titles, and the
methods its code shows, so that tests can hold every stated figure against ``datasets/``
and every method an answer needs against what the notebook showed earlier.

Shared by ``test_module_prose.py`` and the per-module registries in ``module_claims.py``
and ``module_methods.py``; it covers every assignment found in ``source/``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat

from medsos import build, course_root

# A date or a time of day a trainee reads ("8 Juli 2024 dini hari", "1–31 Desember",
# "Juli 2025", "31 Des", "pukul 07.00", "00:02"): when something happened in the data, or
# when an outside source says it did, so it is registered like any other figure.
MONTHS = (
    r"(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November"
    r"|Desember|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Ags|Sep|Okt|Nov|Des)"
)
DATE = (
    rf"\b\d{{1,2}}(?:\s?[–-]\s?\d{{1,2}})?\s+{MONTHS}\b(?:\s+\d{{4}})?"
    r"(?:\s+(?:pagi|siang|sore|malam|dini hari))?"
    rf"|\b{MONTHS}\s+\d{{4}}\b"
    r"|\bpukul\s+\d{1,2}(?:[.:]\d{2})?|\b\d{1,2}:\d{2}\b|\b\d{1,2}\.\d{2}\b(?![.,]\d)"
)
# A sentence states something the data must bear out when it quotes a measured figure
# (a decimal, a percentage, a count of "kali"/"ribu"/"juta"/"poin", a date or time),
# approximates ("sekitar", "hampir", "separuh"), or compares ("paling tinggi",
# "terendah", "naik", "sama persis", "lebih banyak daripada", "selalu").
CLAIM_MARKERS = re.compile(
    DATE + r"|\d+(?:[.,]\d+)+|\d\s?%|\b\d+\s?(?:kali|ribu|juta|poin)\b|kali lipat"
    r"|\b(?:sekitar|hampir|kira-kira|separuh|setengah)\b"
    r"|\bpaling\s+(?:banyak|sedikit|tinggi|rendah|jauh|cepat|lambat|sering|besar|kecil)\b"
    r"|\bter(?:tinggi|rendah|banyak|sedikit|besar|kecil|cepat|lambat|panjang|endah)\b"
    r"|\b(?:naik|turun|merosot|anjlok|melonjak|mengungguli|menyusut|selalu)\b"
    r"|\bsama persis\b|\blebih (?:banyak|sedikit|tinggi|rendah|cepat|lambat|besar|kecil)\b",
    re.IGNORECASE,
)
# Chart text a trainee reads: titles, axis labels, annotations, legend labels.
CHART_TEXT = re.compile(
    r"(?:set_title|suptitle|annotate|set_xlabel|set_ylabel|label=)\(?\s*f?(\"[^\"\n]*\")"
)
# Headings' points and question numbers are structure, not findings.
STRUCTURE = re.compile(r"\(\d+ poin[^)]*\)|\bSoal \d+\.\d+(?:\s?[–-]\s?\d+\.\d+)?")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z*(`\"_\d|-])|\n\s*\n|\n(?=\s*[-|#>]|\s*\d+\.\s)")


@dataclass(frozen=True)
class Sentence:
    cell: str  # the cell's grade_id (every cell of the kit's notebooks has one)
    text: str  # whitespace collapsed


def notebook(assignment: str, root: Path | None = None) -> nbformat.NotebookNode:
    (path,) = build.source_notebooks(assignment, root or course_root())
    return nbformat.read(path, as_version=4)


def cell_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", cell.get("id", ""))


def is_question(cell) -> bool:
    """Question statements ("### Soal 1.2") set a task; they state no finding."""
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith("### Soal")


def read_text(cell) -> str:
    """The text of a cell a trainee reads as prose: markdown without the grader's rubric,
    or the chart text of a code cell (graded test cells are not prose)."""
    nbg = cell.metadata.get("nbgrader", {})
    if cell.cell_type == "markdown":
        return cell.source.split("**Rubrik")[0]
    if nbg.get("grade"):
        return ""
    return "\n".join(_literal(s) for s in CHART_TEXT.findall(cell.source))


def _literal(quoted: str) -> str:
    try:
        return str(ast.literal_eval(quoted))
    except (SyntaxError, ValueError):
        return quoted.strip('"')


@cache
def sentences(assignment: str) -> tuple[Sentence, ...]:
    """Every sentence of the module's prose and chart text (questions excluded)."""
    found = []
    for cell in notebook(assignment).cells:
        if is_question(cell):
            continue
        for part in SENTENCE_END.split(read_text(cell)):
            text = " ".join(part.split())
            if text:
                found.append(Sentence(cell_id(cell), text))
    return tuple(found)


def claim_sentences(assignment: str) -> list[Sentence]:
    return [s for s in sentences(assignment) if CLAIM_MARKERS.search(STRUCTURE.sub("", s.text))]


def prose(assignment: str) -> str:
    """All of the module's prose and chart text, whitespace collapsed, for fragment lookup."""
    return "\n".join(s.text for s in sentences(assignment))


# A measured figure: a date or time, a decimal ("5,4"), thousands ("2.500"), or a count
# with its unit.
FIGURE = re.compile(
    DATE + r"|\d+(?:\.\d{3})+|\d+,\d+"
    r"|\d+(?=\s?(?:%|kali\b|poin\b|ribu\b|juta\b|menit\b|jam\b|hari\b|minggu\b"
    r"|komentar\b|pengikut\b|unggahan\b|akun\b))"
)


def figures(text: str) -> list[str]:
    """The numbers a sentence states, without question numbers, points and code."""
    text = re.sub(r"`[^`]*`|\{[^}]*\}", "", STRUCTURE.sub("", text))
    return FIGURE.findall(text)


# --------------------------------------------------------------------------- methods

# Python a trainee meets in module 00 or needs no example for.
BASIC = frozenset(
    [
        "len",
        "round",
        "int",
        "float",
        "str",
        "list",
        "dict",
        "set",
        "tuple",
        "sorted",
        "sum",
        "min",
        "max",
        "abs",
        "print",
        "range",
        "zip",
        "enumerate",
        "isinstance",
        "any",
        "all",
    ]
)
INLINE_CODE = re.compile(r"`([^`]+)`")


def methods_in(code: str) -> set[str]:
    """Functions and methods the code calls (``groupby``, ``pd.crosstab`` as ``crosstab``),
    plus ``agg(nama=...)`` as the separate idea ``agg(nama=(kolom, fungsi))``."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set(re.findall(r"(?:\.|\b)([A-Za-z_]\w*)\(", code))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                found.add(func.attr)
                if func.attr == "agg" and node.keywords:
                    found.add("agg(nama=(kolom, fungsi))")
            elif isinstance(func, ast.Name):
                found.add(func.id)
    return found


def _code_of_solution(cell) -> str:
    lines = cell.source.split("\n")
    inside = False
    kept = []
    for line in lines:
        if "BEGIN SOLUTION" in line:
            inside = True
        elif "END SOLUTION" in line:
            inside = False
        elif inside:
            kept.append(line)
    return "\n".join(kept) if kept else cell.source


def methods_shown_and_used(assignment: str) -> list[tuple[str, set[str], set[str]]]:
    """For each answer cell in order: its grade id, the methods its model answer calls, and
    the methods the notebook has shown before it (example code, and code in the text,
    including the question's own hints)."""
    shown: set[str] = set()
    rows = []
    for cell in notebook(assignment).cells:
        nbg = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown":
            for snippet in INLINE_CODE.findall(cell.source) + re.findall(
                r"```python\n(.*?)```", cell.source, flags=re.DOTALL
            ):
                shown |= methods_in(snippet)
            continue
        if nbg.get("grade"):
            continue  # checks and tests teach nothing
        if nbg.get("solution"):
            used = methods_in(_code_of_solution(cell)) - BASIC
            rows.append((cell_id(cell), used, set(shown)))
            # what an answer cell shows outside its solution (e.g. a print) is shown too
            outside = cell.source.replace(_code_of_solution(cell), "")
            shown |= methods_in(
                outside.replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", "")
            )
            shown |= used  # once answered, a method may be reused
        else:
            shown |= methods_in(cell.source)
    return rows


# --------------------------------------------------------------------------- copies

# Names a copied answer keeps: pandas and pyplot, Python's own words.
_KEPT_NAMES = frozenset(
    ["pd", "plt", "for", "in", "if", "else", "def", "return", "lambda", "True", "False", "None"]
)


def code_shape(code: str) -> list[str]:
    """The statements of ``code`` with variable names, strings and numbers blanked, methods
    and keywords kept: two cells with the same shape differ only in an id, a column or a
    name (``contoh[... == "AK06"]`` and ``jawaban[... == "AK22"]``)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    statements, line = [], []
    skipped = {tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}
    for token in tokens:
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            if line:
                statements.append(" ".join(line))
            line = []
        elif token.type in skipped:
            continue
        elif token.type == tokenize.STRING:
            line.append("S")
        elif token.type == tokenize.NUMBER:
            line.append("N")
        elif token.type == tokenize.NAME:
            after_dot = bool(line) and line[-1] == "."
            line.append(token.string if after_dot or token.string in _KEPT_NAMES else "V")
        else:
            line.append(token.string)
    return statements


def copied_answers(assignment: str) -> list[tuple[str, str, float, int]]:
    """Autograded answers whose model answer is mostly an earlier example cell with names
    and literals changed: (answer's grade id, the example's grade id, share of the answer's
    statements with the example's shape, number of statements). Plots and other answers no
    test scores are left out."""
    cells = notebook(assignment).cells
    examples: list[tuple[str, set[str]]] = []
    found = []
    for index, cell in enumerate(cells):
        nbg = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or nbg.get("grade"):
            continue
        if not nbg.get("solution"):
            examples.append((cell_id(cell), set(code_shape(cell.source))))
            continue
        scored = False
        for later in cells[index + 1 :]:
            meta = later.metadata.get("nbgrader", {})
            if meta.get("solution"):
                break
            scored = scored or (meta.get("grade") and float(meta.get("points", 0)) > 0)
        answer = code_shape(_code_of_solution(cell))
        if not scored or not answer or not examples:
            continue
        share, example = max(
            (sum(s in shape for s in answer) / len(answer), eid) for eid, shape in examples
        )
        found.append((cell_id(cell), example, share, len(answer)))
    return found
