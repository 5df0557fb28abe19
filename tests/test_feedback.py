"""The feedback page's exporter: nbgrader's page in Bahasa Indonesia, nbconvert's a11y edits.

:class:`medsos.grading.feedback.FeedbackExporter` repeats a few lines of nbconvert's
``HTMLExporter.from_notebook_node`` and replaces its BeautifulSoup pass by regular
expressions; these tests compare both against nbconvert's own exporter, so a change in a
pinned nbconvert that the copy misses fails here.
"""

from __future__ import annotations

import base64
from html.parser import HTMLParser

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from traitlets.config import Config

from medsos.grading.feedback import FeedbackExporter, accessible

# A 1x1 PNG, as a plot's inline output.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()


def _meta(grade_id, **flags):
    meta = {"grade": False, "solution": False, "locked": False, "task": False}
    meta.update(flags, grade_id=grade_id, schema_version=3)
    return {"nbgrader": meta}


def notebook() -> nbformat.NotebookNode:
    """A graded notebook as GenerateFeedback sees it: scores in the cell metadata."""
    plot = new_code_cell("plt.plot([1, 2])", metadata=_meta("grafik", solution=True))
    plot.outputs = [new_output("display_data", data={"image/png": PNG, "text/plain": "<Fig>"})]
    test = new_code_cell(
        "assert jawaban == 3", metadata=_meta("uji", grade=True, locked=True, points=2)
    )
    test.metadata.nbgrader["score"] = 0.0
    written = new_markdown_cell(
        "Jawaban saya. ![logo](data:image/png;base64," + PNG + ")",
        metadata=_meta("tulis", grade=True, solution=True, points=3),
    )
    written.metadata.nbgrader.update(score=2.0, comment="Bagus, tambahkan **datanya**.")
    raw = new_markdown_cell('Gambar mentah: <img src="x.png"> dan <img src="y.png" alt="ada">')
    nb = new_notebook(cells=[new_markdown_cell("# Tugas"), plot, test, written, raw])
    for i, cell in enumerate(nb.cells):  # fixed ids: pages rendered twice compare equal
        cell.id = f"sel-{i}"
    nb.metadata.language_info = {"name": "python", "pygments_lexer": "ipython3"}
    return nb


def _resources():
    return {
        "nbgrader": {
            "notebook": "tugas",
            "score": 2.0,
            "max_score": 5.0,
            "late_penalty": 0,
        }
    }


def _feedback_config() -> Config:
    """What nbgrader's GenerateFeedback gives its exporter (see its __init__)."""
    from nbgrader.converters.generate_feedback import GenerateFeedback

    return GenerateFeedback().config


def _render(exporter_class) -> str:
    page, _ = exporter_class(config=_feedback_config()).from_notebook_node(
        notebook(), resources=_resources()
    )
    return page


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def _images(page: str) -> list[dict]:
    parser = _Images()
    parser.feed(page)
    return parser.images


@pytest.fixture(scope="module")
def pages():
    return _render(FeedbackExporter), _render(HTMLExporter)


def test_feedback_labels_are_indonesian(pages):
    ours, theirs = pages
    for english in ("Score:", "Student's answer", "Test cell", "Written response", "(Top)"):
        assert english in theirs  # nbgrader's own page has them ...
        assert english not in ours  # ... ours has none of them
    for label in ("Nilai: 2.0 / 5.0", "Sel uji", "Jawaban tertulis", "Jawaban Anda"):
        assert label in ours
    assert "Komentar instruktur:" in ours and "<strong>datanya</strong>" in ours


def test_every_image_gets_alt_text_like_nbconvert(pages):
    ours, theirs = pages
    mine, stock = _images(ours), _images(theirs)
    assert len(mine) == len(stock) == 4
    assert all(img.get("alt") for img in mine)
    assert [img["src"][:40] for img in mine] == [img["src"][:40] for img in stock]
    # An alt text the trainee wrote is kept, as nbconvert keeps it.
    assert {"ada", "logo"} <= {img["alt"] for img in mine}


def test_same_page_as_nbconvert_apart_from_labels(pages):
    """Same cells, code and outputs as nbconvert's exporter with the same template."""
    config = _feedback_config()
    config.HTMLExporter.template_name = "umpan_balik"
    from medsos.grading.feedback import TEMPLATE_DIR

    dirs = config.HTMLExporter.extra_template_basedirs
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR), *dirs]
    config.HTMLExporter.extra_template_paths = [*config.HTMLExporter.extra_template_paths, *dirs]
    stock, _ = HTMLExporter(config=config).from_notebook_node(notebook(), _resources())
    ours = BeautifulSoup(pages[0], "html.parser")
    theirs = BeautifulSoup(stock, "html.parser")
    assert ours.get_text() == theirs.get_text()
    for tag in ("div", "span", "img", "pre", "a", "style"):
        assert len(ours.find_all(tag)) == len(theirs.find_all(tag)), tag
    alts = [img.get("alt") for img in theirs.find_all("img")]
    assert [img.get("alt") for img in ours.find_all("img")] == [
        "Gambar keluaran sel (tanpa keterangan)" if a.startswith("No description") else a
        for a in alts
    ]


def test_accessible_adds_alt_and_tabindex_once():
    page = (
        '<img src="a.png"><IMG SRC="b.png" alt="b"><img\nsrc="c.png" title="t">'
        '<div class="jp-Cell-inputWrapper x">i</div>'
        '<div class="jp-OutputArea-output" tabindex="-1">o</div><div class="lain">z</div>'
    )
    once = accessible(page, 'Gambar "A"')
    assert accessible(once, 'Gambar "A"') == once
    soup = BeautifulSoup(once, "html.parser")
    assert [img.get("alt") for img in soup.find_all("img")] == ['Gambar "A"', "b", 'Gambar "A"']
    divs = soup.find_all("div")
    assert [d.get("tabindex") for d in divs] == ["0", "-1", None]


def test_compiled_templates_are_reused_and_change_nothing(pages):
    from medsos.grading.feedback import _BYTECODE_CACHE

    assert _BYTECODE_CACHE._store  # the module fixture rendered through the cache
    again = _render(FeedbackExporter)
    assert again == pages[0]
