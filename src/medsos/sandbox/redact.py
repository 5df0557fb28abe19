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
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
REDACTED = "[baris tes tersembunyi tidak ditampilkan]"
# Shorter hidden lines (``)``, ``else:``) say nothing and would hide innocent output.
MIN_HIDDEN_LINE = 8
TEXT_MIME_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex")


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
    """Replace each line of ``text`` that shows a hidden line; return (text, lines replaced)."""
    out, count = [], 0
    for line in text.split("\n"):
        plain = html.unescape(ANSI_ESCAPE.sub("", line))
        if any(h in plain for h in hidden):
            out.append(REDACTED)
            count += 1
        else:
            out.append(line)
    return "\n".join(out), count


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
                if mime in output.get("data", {}):
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

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        hidden = hidden_test_lines(nb, self.begin_test_delimeter, self.end_test_delimeter)
        count = redact_outputs(nb, hidden)
        if count:
            self.log.warning("%d baris tes tersembunyi dihapus dari keluaran sel.", count)
        return nb, resources
