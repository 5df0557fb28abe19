"""nbgrader preprocessors added by ``medsos grade``: restore from the source, bound the output.

:class:`RestoreFromSource` runs among nbgrader's sanitize steps, just before
``OverwriteCells``. nbgrader on its own drops or blanks what a trainee changed by accident: a
cell whose ``grade_id`` was changed loses its grade (and the notebook then fails metadata
validation), a deleted test cell is simply not graded, a deleted locked set-up cell breaks
every later cell, and a locked cell the trainee typed into is overwritten without a trace.
This step puts back what grading needs, from the gradebook's copy of the source, and adds a
Markdown note cell (seen in the formgrader and in feedback) saying what was changed, with the
trainee's own text when nbgrader would otherwise discard it.

:class:`BoundedExecute` caps the output kept per cell while the cell runs (memory), and
:class:`LimitOutputSize` caps each output's text afterwards (nbgrader's ``LimitOutput`` counts
lines only, so one 50 MB line passes through it).

:class:`CheckCellMetadataOnce` is nbgrader's ``CheckCellMetadata`` with the metadata schema
compiled once per process instead of once per cell.
"""

from __future__ import annotations

import functools
import json
import traceback
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader.api import Gradebook
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import (
    BaseMetadataValidator,
    SchemaTooNewError,
    SchemaTooOldError,
)
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    Execute,
    NbGraderPreprocessor,
)
from traitlets import Integer

# Every note cell starts with this text; feedback and status detection look for it.
NOTE_PREFIX = "**Catatan penilaian otomatis:**"
TRUNCATED = "\n... [keluaran dipotong: terlalu panjang] ...\n"


def note_cell(message: str, original: str | None = None) -> NotebookNode:
    """A Markdown cell telling the instructor what grading changed (and the trainee's text)."""
    text = f"{NOTE_PREFIX} {message}"
    if original is not None:
        fence = "~~~~" if "```" in original else "```"
        text += f"\n\nTeks asli peserta:\n\n{fence}\n{original}\n{fence}"
    cell = new_markdown_cell(text)
    cell.metadata["medsos"] = {"catatan": True}
    return cell


def note_text(cell: NotebookNode) -> str | None:
    """The message of a note cell made by :func:`note_cell`, else ``None``."""
    if cell.cell_type != "markdown" or not cell.source.startswith(NOTE_PREFIX):
        return None
    return cell.source[len(NOTE_PREFIX) :].split("\n\nTeks asli peserta:")[0].strip()


def _grade_id(cell: NotebookNode) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


class RestoreFromSource(NbGraderPreprocessor):
    """Put back what grading needs from the source; note every change (see module docstring)."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            source_nb = gb.find_notebook(info["notebook"], info["assignment"])
            points = {cell.name: float(cell.max_score) for cell in source_nb.grade_cells}
            solutions = {cell.name for cell in source_nb.solution_cells}
            sources = [
                {
                    "name": cell.name,
                    "cell_type": cell.cell_type,
                    "locked": bool(cell.locked),
                    "source": cell.source,
                    "checksum": cell.checksum,
                }
                for cell in source_nb.source_cells
            ]
        notes: list[tuple[int, NotebookNode]] = []
        cells = list(nb.cells)
        known = {s["name"] for s in sources}
        self._adopt_orphans(cells, sources, solutions, points, notes)
        self._note_changes(cells, sources, notes)
        present = {_grade_id(c) for c in cells}
        for pos, src in enumerate(sources):
            name = src["name"]
            if name in present:
                continue
            if name in solutions:
                message = (
                    f"Sel jawaban '{name}' tidak ada di kiriman (terhapus); sel kosong dari "
                    "soal aslinya dipasang kembali."
                )
            elif name in points:
                message = (
                    f"Sel uji '{name}' dihapus dari kiriman; dipasang kembali dari soal "
                    "aslinya agar dapat dinilai."
                )
            elif src["locked"] and src["cell_type"] == "code":
                message = (
                    f"Sel kode terkunci '{name}' dihapus dari kiriman; dipasang kembali "
                    "karena sel-sel berikutnya memerlukannya."
                )
            else:
                continue
            index = self._slot(cells, sources, pos, known)
            cell = self._from_source(src, points, solutions)
            cells.insert(index, cell)
            notes.append((id(cell), note_cell(message)))
            present.add(name)
        nb.cells = self._with_notes(cells, notes)
        for _, note in notes:
            self.log.warning("Catatan penilaian: %s", note_text(note))
        return nb, resources

    # -- steps ---------------------------------------------------------------------------

    def _adopt_orphans(self, cells, sources, solutions, points, notes) -> None:
        """A missing answer or test cell whose place holds a cell nbgrader cannot match.

        The cell's ``grade_id`` was changed, or its nbgrader metadata was lost (e.g. its type
        was changed in an editor that drops metadata): it takes back the source's identity.
        """
        known = {s["name"] for s in sources}
        present = {_grade_id(c) for c in cells}
        for pos, src in enumerate(sources):
            name = src["name"]
            if name in present or (name not in solutions and name not in points):
                continue
            lo, hi = self._bounds(cells, sources, pos, known)
            for i in range(lo, hi):
                cell = cells[i]
                old = _grade_id(cell)
                if old in known:
                    continue
                meta = cell.metadata.get("nbgrader", {})
                if old is not None and (
                    bool(meta.get("solution")) != (name in solutions)
                    or bool(meta.get("grade")) != (name in points)
                ):
                    continue
                if old is None and name not in solutions:
                    continue  # a test cell never loses its metadata unnoticed: re-insert it
                changed = f"grade_id-nya diubah menjadi '{old}'" if old else "penandanya hilang"
                cell.metadata["nbgrader"] = self._metadata(src, points, solutions)
                message = (
                    f"Sel '{name}' ({changed}, mungkin karena jenis selnya diubah) dikenali "
                    "dari posisinya dan dinilai sebagai sel aslinya."
                )
                notes.append((id(cell), note_cell(message)))
                present.add(name)
                break

    def _note_changes(self, cells, sources, notes) -> None:
        """Type changes (nbgrader converts back) and edited locked cells (nbgrader overwrites)."""
        by_name = {s["name"]: s for s in sources}
        for cell in cells:
            src = by_name.get(_grade_id(cell))
            if src is None:
                continue
            name = src["name"]
            if cell.cell_type != src["cell_type"]:
                kinds = {"code": "kode", "markdown": "teks (Markdown)", "raw": "mentah"}
                message = (
                    f"Jenis sel '{name}' diubah peserta menjadi {kinds.get(cell.cell_type)}; "
                    f"dikembalikan ke {kinds.get(src['cell_type'])} seperti soal aslinya. "
                    "Isinya tetap isi tulisan peserta."
                )
                notes.append((id(cell), note_cell(message)))
            if src["locked"] and cell.source.strip() != self._released_text(src).strip():
                message = (
                    f"Sel terkunci '{name}' diubah peserta; untuk penilaian isinya "
                    "dikembalikan ke soal aslinya."
                )
                notes.append((id(cell), note_cell(message, original=cell.source)))

    # -- helpers -------------------------------------------------------------------------

    def _released_text(self, src: dict) -> str:
        """The text trainees received for a source cell (hidden tests removed)."""
        cell = NotebookNode({"cell_type": src["cell_type"], "source": src["source"]})
        ClearHiddenTests(parent=self)._remove_hidden_test_region(cell)
        return cell.source

    @staticmethod
    def _bounds(cells, sources, pos, known) -> tuple[int, int]:
        """Indices in ``cells`` between the nearest present source neighbours of ``pos``."""
        index = {_grade_id(c): i for i, c in enumerate(cells) if _grade_id(c) in known}
        lo = 0
        for src in reversed(sources[:pos]):
            if src["name"] in index:
                lo = index[src["name"]] + 1
                break
        hi = len(cells)
        for src in sources[pos + 1 :]:
            if src["name"] in index:
                hi = index[src["name"]]
                break
        return lo, max(lo, hi)

    def _slot(self, cells, sources, pos, known) -> int:
        """Where a re-inserted cell goes: just before its next present source neighbour."""
        return self._bounds(cells, sources, pos, known)[1]

    @staticmethod
    def _metadata(src, points, solutions) -> dict:
        name = src["name"]
        meta = {
            "grade": name in points,
            "grade_id": name,
            "locked": src["locked"],
            "schema_version": 3,
            "solution": name in solutions,
            "task": False,
        }
        if name in points:
            meta["points"] = points[name]
        return meta

    def _from_source(self, src, points, solutions) -> NotebookNode:
        make = new_code_cell if src["cell_type"] == "code" else new_markdown_cell
        cell = make(src["source"], metadata={"nbgrader": self._metadata(src, points, solutions)})
        if src["locked"]:
            cell.metadata["editable"] = False
            cell.metadata["deletable"] = False
        return cell

    @staticmethod
    def _with_notes(cells, notes) -> list[NotebookNode]:
        after: dict[int, list[NotebookNode]] = {}
        for key, note in notes:
            after.setdefault(key, []).append(note)
        out = []
        for cell in cells:
            out.append(cell)
            out.extend(after.get(id(cell), []))
        return out


class BoundedExecute(Execute):
    """nbgrader's Execute keeping at most ``max_output_bytes`` of output per cell in memory.

    Used when grading runs without the sandbox; the sandbox's own ``SandboxedExecute`` does the
    same for sandboxed kernels. The note is written to stdout so that it never turns a passing
    test cell into a failing one (nbgrader counts any stderr output as an error).
    """

    max_output_bytes = Integer(2 * 2**20, help="Output bytes kept per cell.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> Any:
        self._used: dict[int, int] = {}
        return super().preprocess(nb, resources, km)

    def output(self, outs, msg, display_id, cell_index):
        used = self._used.get(cell_index, 0)
        if used > self.max_output_bytes:
            return None
        used += len(json.dumps(msg.get("content", {}), default=str))
        self._used[cell_index] = used
        if used <= self.max_output_bytes:
            return super().output(outs, msg, display_id, cell_index)
        note = NotebookNode(output_type="stream", name="stdout", text=TRUNCATED)
        outs.append(note)
        return note


class LimitOutputSize(NbGraderPreprocessor):
    """Cap the characters of every text output (stream, text/plain, HTML, error value)."""

    max_chars = Integer(100_000, help="Characters kept per output text.").tag(config=True)

    def _cut(self, text: str) -> str:
        if len(text) <= self.max_chars:
            return text
        half = self.max_chars // 2
        return text[:half] + TRUNCATED + text[-half:]

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):
        if cell.cell_type != "code":
            return cell, resources
        for out in cell.outputs:
            if out.output_type == "stream":
                out.text = self._cut(out.text)
            elif out.output_type == "error":
                out.evalue = self._cut(out.evalue)
                out.traceback = [self._cut(line) for line in out.traceback]
            elif "data" in out:
                for mime, value in list(out.data.items()):
                    if isinstance(value, str) and len(value) > self.max_chars:
                        if mime == "text/plain":
                            out.data[mime] = self._cut(value)
                        elif not mime.startswith("image/"):
                            del out.data[mime]
                if not out.data:
                    out.data["text/plain"] = TRUNCATED.strip()
        return cell, resources


class _CompiledSchemaCheck(BaseMetadataValidator):
    """nbgrader's per-cell schema check, with the schema compiled once.

    ``BaseMetadataValidator.validate_cell`` calls ``jsonschema.validate``, which checks the
    schema itself against its meta-schema on every call: 60% of the time of nbgrader's
    ``CheckCellMetadata``, which runs twice per submission. The checks and errors are nbgrader's.
    """

    @functools.cached_property
    def _compiled(self) -> jsonschema.protocols.Validator:
        cls = jsonschema.validators.validator_for(self.schema)
        cls.check_schema(self.schema)
        return cls(self.schema)

    def validate_cell(self, cell: NotebookNode) -> None:
        if "nbgrader" not in cell.metadata:
            return
        schema = cell.metadata["nbgrader"].get("schema_version", 0)
        if schema < self.schema_version:
            raise SchemaTooOldError(
                f"Outdated schema version: {schema} (expected {self.schema_version})",
                schema,
                self.schema_version,
            )
        if schema > self.schema_version:
            raise SchemaTooNewError(
                f"Schema version is too new: {schema} (expected {self.schema_version})",
                schema,
                self.schema_version,
            )
        error = best_match(self._compiled.iter_errors(cell.metadata["nbgrader"]))
        if error is not None:
            raise error


class CompiledMetadataValidator(MetadataValidator, _CompiledSchemaCheck):
    """nbgrader's ``MetadataValidator``; its base check is :class:`_CompiledSchemaCheck`."""


@functools.cache
def _validator() -> CompiledMetadataValidator:
    return CompiledMetadataValidator()


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's ``CheckCellMetadata`` using one :class:`CompiledMetadataValidator`."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        try:
            _validator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg) from None
        return nb, resources
