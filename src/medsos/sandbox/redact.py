"""Remove hidden-test text from the outputs of an executed notebook.

Trainee code receives every cell it runs, hidden tests included, so it can print them (an
IPython ``pre_run_cell`` hook); and a failing hidden test shows its own code line in the
traceback (``assert jumlah == 6`` gives the expected value away). nbgrader keeps both in the
autograded notebook, from which feedback is made. This step replaces every output line that
contains a line of a hidden-test region with a note. It cannot catch text the trainee
encodes before printing (base64, reversed...): feedback should also be generated with
``ClearHiddenTests``, and hidden tests kept free of anything worth stealing.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

# Terminal escapes as a terminal or nbconvert's ANSI filter reads them: CSI with parameters
# and intermediates (``\x1b[!p``, colours), OSC strings (titles, links), two-byte escapes.
ANSI_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
HTML_TAG = re.compile(r"<[^<>]*>")
SCRIPT_OR_STYLE = re.compile(r"(?is)<(script|style)\b.*?(?:</\1\s*>|$)")
REDACTED = "[baris tes tersembunyi tidak ditampilkan]"
# Shorter hidden lines (``)``, ``else:``) say nothing and would hide innocent output.
MIN_HIDDEN_LINE = 8
TEXT_MIME_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/svg+xml")
# The only output types kept in an autograded notebook, hence in the formgrader and in
# feedback: no JavaScript, no SVG (it can carry scripts), no widget or other rich views.
KEPT_MIME_TYPES = frozenset(
    {"text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg"}
)
# HTML that outputs may keep (pandas tables, simple formatting); everything else is removed.
HTML_TAGS = [
    *("a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "div"),
    *("em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "small"),
    *("span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr"),
    "ul",
]
HTML_ATTRIBUTES = {
    "*": ["class", "title"],
    "a": ["href", "title"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan"],
}


def visible_text(text: str, markup: bool = True) -> str:
    """What a reader sees of ``text``: no terminal escapes, no invisible characters and,
    when ``markup``, no HTML tags and entities; compatibility forms folded (NFKC)."""
    text = ANSI_ESCAPE.sub("", text)
    if markup:
        text = HTML_TAG.sub("", text)
        for _ in range(3):  # entities split by tags, or escaped twice
            plain = html.unescape(text)
            if plain == text:
                break
            text = plain
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch in "\t" or unicodedata.category(ch)[0] != "C")


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def sanitize_html(text: str) -> str:
    """``text`` with every tag and attribute outside HTML_TAGS / HTML_ATTRIBUTES removed
    (scripts, event handlers, styles, iframes...), by nbconvert's own bleach sanitizer."""
    from nbconvert.preprocessors.sanitize import SanitizeHTML

    text = SCRIPT_OR_STYLE.sub("", text)
    cleaner = SanitizeHTML(tags=HTML_TAGS, attributes=HTML_ATTRIBUTES, strip=True)
    cleaned = cleaner.sanitize_html_tags(text)
    return re.sub(r"(?i)\bhref\s*=\s*(['\"])\s*(?:javascript|data|vbscript):[^'\"]*\1", "", cleaned)


def hidden_test_lines(nb: NotebookNode, begin: str, end: str) -> set[str]:
    """The stripped lines between the hidden-test delimiters of every code cell."""
    lines: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        inside = False
        for line in cell.source.splitlines():
            if begin in line:
                inside = True
            elif end in line:
                inside = False
            elif inside and len(line.strip()) >= MIN_HIDDEN_LINE:
                lines.add(line.strip())
    return lines


def redact_text(text: str, hidden: set[str]) -> tuple[str, int]:
    """Replace each line of ``text`` that shows a hidden line; return (text, lines replaced).

    A line is compared as a reader sees it (:func:`visible_text`, with and without markup),
    spaces squeezed, so colour codes, zero-width characters, empty tags or entities inside
    a hidden line do not hide it.
    """
    targets = {_squeezed(visible_text(h, markup=False)) for h in hidden}
    targets = {t for t in targets if len(t) >= MIN_HIDDEN_LINE}
    out, count = [], 0
    for line in text.split("\n"):
        if line.isascii() and line.isprintable() and "<" not in line and "&" not in line:
            seen: tuple[str, ...] = (_squeezed(line),)  # what a reader sees already
        else:
            seen = (_squeezed(visible_text(line)), _squeezed(visible_text(line, markup=False)))
        if any(t in view for t in targets for view in seen):
            out.append(REDACTED)
            count += 1
        else:
            out.append(line)
    return "\n".join(out), count


def clean_outputs(nb: NotebookNode) -> int:
    """Drop output types outside KEPT_MIME_TYPES and sanitize HTML, in outputs and in the
    trainee's Markdown answers; return the outputs changed. Trainee JavaScript then never
    runs in the formgrader or in a feedback page."""
    changed = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "<" in cell.source:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = sanitize_html(cell.source)
            continue
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            for mime in list(data):
                if mime not in KEPT_MIME_TYPES:
                    del data[mime]
                    changed += 1
                elif mime in ("text/html", "text/markdown"):
                    data[mime] = sanitize_html(_joined(data[mime]))
            if not data:
                data["text/plain"] = "[keluaran jenis ini tidak ditampilkan]"
            output.get("metadata", {}).pop("application/vnd.jupyter.widget-view+json", None)
    return changed


def redact_outputs(nb: NotebookNode, hidden: set[str]) -> int:
    """Redact hidden lines in every output of ``nb`` in place; return the lines replaced."""
    if not hidden:
        return 0
    total = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if "text" in output:
                output.text, n = redact_text(_joined(output.text), hidden)
                total += n
            if output.get("output_type") == "error":
                output.evalue, n = redact_text(output.get("evalue", ""), hidden)
                total += n
                lines = []
                for frame in output.get("traceback", []):
                    frame, n = redact_text(frame, hidden)
                    lines.append(frame)
                    total += n
                output.traceback = lines
            for mime in TEXT_MIME_TYPES:
                if mime in output.get("data", {}) and isinstance(output.data[mime], (str, list)):
                    output.data[mime], n = redact_text(_joined(output.data[mime]), hidden)
                    total += n
    return total


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


class RedactHiddenTests(NbGraderPreprocessor):
    """Autograde step after Execute: hidden-test lines never stay in any output."""

    begin_test_delimeter = Unicode(
        "BEGIN HIDDEN TESTS", help="Marks the start of a hidden-test region (as nbgrader)."
    ).tag(config=True)
    end_test_delimeter = Unicode(
        "END HIDDEN TESTS", help="Marks the end of a hidden-test region (as nbgrader)."
    ).tag(config=True)

    def _neutralise_markers(self, nb: NotebookNode) -> None:
        """Hidden-test markers typed by the trainee (answers, extra cells) become plain text:
        nbgrader's feedback would otherwise refuse the notebook (or hide their text)."""
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                continue  # the instructor's test cells
            for marker in (self.begin_test_delimeter, self.end_test_delimeter):
                if marker in cell.source:
                    cell.source = cell.source.replace(marker, marker.replace(" ", "_"))

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        hidden = hidden_test_lines(nb, self.begin_test_delimeter, self.end_test_delimeter)
        self._neutralise_markers(nb)
        # Redact what the trainee's code produced, then sanitize (bleach re-escapes text).
        count = redact_outputs(nb, hidden)
        clean_outputs(nb)
        count += redact_outputs(nb, hidden)
        if count:
            self.log.warning("%d baris tes tersembunyi dihapus dari keluaran sel.", count)
        return nb, resources
