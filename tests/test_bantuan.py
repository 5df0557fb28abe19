"""The error help (``medsos.bantuan``) in a real IPython kernel, and its pure function.

Two kernels run the same cells, one with ``%load_ext medsos.bantuan``: the error output of
every case must be byte-identical in both (the help never hides or changes the original
error), and the helped kernel must show the Indonesian explanation right under it. The
messages are the real ones of Python 3.11 and pandas 3 raised in the kernel, not copies.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import start_new_kernel

from medsos.bantuan import explain, explanation
from medsos.bantuan.explain import Context, closest, loc_form

ROOT = Path(__file__).resolve().parents[1]
MODULE_01 = ROOT / "release" / "01-tujuan-publikasi"
SETUP = """\
import os
import pandas as pd
akun = pd.read_csv("data/akun.csv")
jumlah_pengikut = 10
df = pd.DataFrame({"Platform": ["instagram"], "jumlah_suka": [2], "teks": ["12"]})
"""


def _cell(folder: Path, grade_id: str) -> str:
    """The source of a cell of the released notebook in ``folder`` (a real visible check)."""
    nb = nbformat.read(folder / f"{folder.name}.ipynb", as_version=4)
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return cell.source


class Kernel:
    def __init__(self, cwd: Path, extension: bool):
        self.manager, self.client = start_new_kernel(kernel_name="python3", cwd=str(cwd))
        # The same number of cells in both kernels, so tracebacks show the same In[n].
        self.run("%load_ext medsos.bantuan" if extension else "pass")
        status, outputs = self.run(SETUP)
        assert status == "ok", outputs

    def run(self, code: str) -> tuple[str, list[dict]]:
        outputs: list[dict] = []

        def keep(msg):
            if msg["msg_type"] in ("stream", "error", "display_data", "execute_result"):
                outputs.append({"type": msg["msg_type"], **msg["content"]})

        reply = self.client.execute_interactive(code, output_hook=keep, timeout=120)
        return reply["content"]["status"], outputs

    def stop(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def kernels(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tugas")
    (folder / "data").mkdir()
    shutil.copy(MODULE_01 / "data" / "akun.csv", folder / "data" / "akun.csv")
    plain, helped = Kernel(folder, extension=False), Kernel(folder, extension=True)
    yield plain, helped
    plain.stop()
    helped.stop()


def _comparable(output: dict) -> dict:
    """An output without what may differ between two kernels: the process id in cell file
    names and the execution count (the helped kernel runs a few more cells)."""
    text = repr({k: v for k, v in output.items() if k != "execution_count"})
    text = re.sub(r"In\[\d+\]", "In[N]", text)
    return {"repr": re.sub(r"ipykernel_\d+", "ipykernel_N", text)}


def _help(outputs: list[dict]) -> list[str]:
    return [
        o["data"]["text/plain"]
        for o in outputs
        if o["type"] == "display_data" and "medsos" in o.get("metadata", {})
    ]


# (id, code, error class shown, words the explanation must contain, words it must not)
CASES = [
    ("nama-belum-ada", "jumlah_pengikutt", "NameError", ["belum ada", "`jumlah_pengikut`"], []),
    ("nama-tanpa-kemiripan", "laju_pertumbuhan", "NameError", ["belum ada"], ["mirip"]),
    (
        "pd-belum-diimpor",
        "del pd\ntry:\n    pd.Series([1])\nfinally:\n    import pandas as pd",
        "NameError",
        ["import pandas as pd"],
        [],
    ),
    (
        "stub-jawaban",
        "# TULIS KODE ANDA DI SINI\nraise NotImplementedError()\nbersih_bulanan",
        "NotImplementedError",
        ["hapus baris `raise NotImplementedError()`"],
        [],
    ),
    ("kolom-huruf-besar", "df['platform']", "KeyError", ["`Platform`", "tidak punya kolom"], []),
    ("kolom-inggris", "df['likes']", "KeyError", ["`jumlah_suka`"], []),
    (
        "kolom-tak-mirip",
        "akun['zzz']",
        "KeyError",
        ["tidak punya kolom `zzz`", "`akun_id`", "`tanggal_dibuat`"],
        ["mirip"],
    ),
    ("label-loc", "akun.set_index('akun_id').loc['AK1']", "KeyError", ["`AK1`"], []),
    (
        "kolom-agg",
        "df.groupby('Platform').agg(total=('jumlah_suk', 'sum'))",
        "KeyError",
        ["tidak punya kolom `jumlah_suk`", "`jumlah_suka`"],
        ["Label(s)", "do not exist"],
    ),
    (
        "dua-kolom",
        "df[['Platform', 'jumlah_suk']]",
        "KeyError",
        ["`jumlah_suk`", "`jumlah_suka`"],
        ["not in index"],
    ),
    ("metode-salah-ketik", "df.groupyby('Platform')", "AttributeError", ["`groupby`"], []),
    (
        "series-bukan-dataframe",
        "df['Platform'].columns",
        "AttributeError",
        ["Series (satu kolom)"],
        [],
    ),
    (
        "perbandingan-sesudah-groupby",
        "(df.groupby('Platform')['Platform'] == 'Instagram').mean()",
        "AttributeError",
        ["satu nilai benar/salah", ".groupby(df['kelompok']).mean()"],
        ["ejaan"],
    ),
    (
        "satu-angka",
        "df['jumlah_suka'].sum().groupby(df['Platform'])",
        "AttributeError",
        ["satu angka", "`.sum()`"],
        ["ejaan"],
    ),
    ("kolom-dengan-titik", "df.jumlah_suk", "AttributeError", ["df['jumlah_suka']"], []),
    ("metode-pandas-lama", "df.applymap(str)", "AttributeError", ["pandas 3", ".map("], []),
    ("fungsi-pandas", "pd.read_cvs('data/akun.csv')", "AttributeError", ["`pd.read_csv`"], []),
    (
        "hasil-none",
        "urut = df.copy()\nurut = urut.sort_index(inplace=True)\nurut.head()",
        "AttributeError",
        ["`None`", "inplace=True"],
        [],
    ),
    ("teks-tambah-angka", "df['teks'] + 1", "TypeError", ["teks dan angka", "pd.to_numeric"], []),
    ("rata-rata-teks", "df['teks'].mean()", "TypeError", ["teks dan angka"], []),
    ("bukan-fungsi", "df.shape()", "TypeError", ["bukan fungsi", "`.shape`"], []),
    (
        "saringan-kosong",
        "df[df['Platform'] == 'Instagram']['jumlah_suka'].iloc[0]",
        "IndexError",
        ["kosong", "unique()"],
        [],
    ),
    ("fungsi-tertimpa", "sum = 5\nsum([1, 2])", "TypeError", ["`del sum`"], []),
    (
        "tanggal",
        "pd.to_datetime(pd.Series(['2024-01-05', '5 Januari 2024']))",
        "ValueError",
        ["tanggal", "errors='coerce'", "`5 Januari 2024`"],
        [],
    ),
    (
        "tanggal-format",
        "pd.to_datetime(pd.Series(['2024-13-45']))",
        "DateParseError",
        ["tanggal", "NaT"],
        [],
    ),
    (
        "angka-indonesia",
        "pd.to_numeric(pd.Series(['1.000,5']))",
        "ValueError",
        ["`1.000,5`", "decimal=','"],
        [],
    ),
    ("angka-float", "float('12,5')", "ValueError", ["`12,5`", "koma untuk desimal"], []),
    (
        "banding-series",
        "pd.Series([1, 2]) == pd.Series([1, 2], index=[1, 2])",
        "ValueError",
        ["a.equals(b)", "label"],
        [],
    ),
    ("banding-panjang", "pd.Series([1, 2]) == [1, 2, 3]", "ValueError", ["2 dan 3"], []),
    ("kutip", "judul = 'Laju pertumbuhan", "SyntaxError", ["tanda kutip penutup"], []),
    ("kurung", "print(round(3.14159, 2)", "SyntaxError", ["kurung", "belum ditutup"], []),
    ("titik-dua", "for x in [1, 2]\n    print(x)", "SyntaxError", ["titik dua"], []),
    ("kurung-lebih", "print(round(3.14159, 2)))", "SyntaxError", ["kelebihan kurung"], []),
    ("blok-kosong", "for x in [1, 2]:\nprint(x)", "IndentationError", ["4 spasi"], []),
    ("sama-dengan", "if jumlah_pengikut = 10:\n    pass", "SyntaxError", ["`==`"], []),
    ("menjorok", "a = 1\n    b = 2", "IndentationError", ["Hapus spasi"], []),
    ("kutip-word", "judul = \u201cLaju\u201d", "SyntaxError", ["Word"], []),
    (
        "file-salah-ketik",
        "pd.read_csv('data/akunn.csv')",
        "FileNotFoundError",
        ["`akun.csv`", "tidak berisi"],
        ["tidak berada di folder tugasnya"],
    ),
    ("modul-lain", "import seaborn", "ModuleNotFoundError", ["pandas dan matplotlib"], []),
    ("modul-salah-ketik", "import panda", "ModuleNotFoundError", ["`import pandas`"], []),
    (
        "cek-cepat",
        "bersih_bulanan = pd.DataFrame({'bersih': [1]})\n" + _cell(MODULE_01, "bersih_bulanan_cek"),
        "AssertionError",
        ["petunjuknya", "Perbaiki sel jawaban"],
        [],
    ),
]


@pytest.mark.parametrize(
    ("code", "ename", "wanted", "unwanted"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_error_is_explained_under_the_unchanged_error(kernels, code, ename, wanted, unwanted):
    _check(kernels, code, ename, wanted, unwanted)


def test_notebook_outside_its_assignment_folder(kernels):
    for kernel in kernels:
        kernel.run("_tugas = os.getcwd()\nos.chdir('..')")
    try:
        _check(
            kernels,
            "pd.read_csv('data/akun.csv')",
            "FileNotFoundError",
            ["tidak berada di folder tugasnya", "release/"],
            ["tidak berisi"],
        )
    finally:
        for kernel in kernels:
            kernel.run("os.chdir(_tugas)")


def _check(kernels, code, ename, wanted, unwanted):
    plain, helped = kernels
    plain_status, plain_out = plain.run(code)
    status, outputs = helped.run(code)
    assert plain_status == status == "error"
    errors = [o for o in outputs if o["type"] == "error"]
    assert [_comparable(o) for o in errors] == [
        _comparable(o) for o in plain_out if o["type"] == "error"
    ]
    assert errors and errors[0]["ename"] == ename
    helps = _help(outputs)
    assert len(helps) == 1, outputs
    assert outputs.index(errors[0]) < len(outputs) - 1 and outputs[-1]["type"] == "display_data"
    text = helps[0]
    assert text.startswith("Penjelasan: ") and "\nLangkah berikutnya: " in text
    for word in wanted:
        assert word in text
    for word in unwanted:
        assert word not in text


def test_unrecognised_error_gets_no_guess(kernels):
    _, helped = kernels
    status, outputs = helped.run("raise NotImplementedError('fitur ini belum ada di pustaka')")
    assert status == "error" and not _help(outputs)
    status, outputs = helped.run("{'a': 1}[2]")  # a dict key that is a number
    assert status == "error" and not _help(outputs)
    status, outputs = helped.run("[1, 2][5]")  # a list, not a table: no guess
    assert status == "error" and not _help(outputs)
    status, outputs = helped.run("1 / 0")
    assert status == "error" and [o["type"] for o in outputs] == ["error"]


def test_chained_assignment_warning_gets_the_loc_form(kernels):
    plain, helped = kernels
    code = (
        "tabel = pd.DataFrame({'x': [1, -1], 'y': [0, 0]})\n"
        "tabel[tabel['x'] > 0]['y'] = 5\n"
        "int(tabel['y'].sum())"
    )
    plain_status, plain_out = plain.run(code)
    status, outputs = helped.run(code)
    assert plain_status == status == "ok"
    warning = [o for o in outputs if o["type"] == "stream" and o["name"] == "stderr"]
    assert "ChainedAssignmentError" in warning[0]["text"]
    assert _comparable(warning[0]) == _comparable(plain_out[0])
    (text,) = _help(outputs)
    assert "tidak mengubah tabel" in text
    assert "`tabel.loc[tabel['x'] > 0, 'y'] = 5`" in text
    assert outputs[-1]["data"]["text/plain"] == "0"  # the table indeed did not change
    status, outputs = helped.run("tabel[tabel['x'] < 0]['y'] = 1")  # again: shown again
    assert len(_help(outputs)) == 1


def test_no_error_no_trace(kernels):
    plain, helped = kernels
    code = "print('halo')\njumlah_pengikut * 2"
    assert [_comparable(o) for o in helped.run(code)[1]] == [
        _comparable(o) for o in plain.run(code)[1]
    ]
    status, outputs = helped.run(
        "ip = get_ipython()\n"
        "[len(ip.events.callbacks[e]) for e in ('pre_run_cell', 'post_run_cell')]"
    )
    plain_status, plain_outputs = plain.run(
        "ip = get_ipython()\n"
        "[len(ip.events.callbacks[e]) for e in ('pre_run_cell', 'post_run_cell')]"
    )
    assert outputs[0]["data"] == plain_outputs[0]["data"]  # no per-cell work added


def test_html_shows_code_and_escapes(kernels):
    _, helped = kernels
    _, outputs = helped.run("df['<b>']")
    (display,) = [o for o in outputs if o["type"] == "display_data"]
    page = display["data"]["text/html"]
    assert "<code>&lt;b&gt;</code>" in page and "<b>" not in page
    assert 'role="note"' in page


def test_unload_restores_plain_errors(kernels):
    _, helped = kernels
    helped.run("%unload_ext medsos.bantuan")
    try:
        status, outputs = helped.run("jumlah_pengikutt")
        assert status == "error" and not _help(outputs)
    finally:
        helped.run("%load_ext medsos.bantuan")
    assert _help(helped.run("jumlah_pengikutt")[1])


# ------------------------------------------------------------------ the pure function


def test_explain_without_context_is_cautious():
    text = explain("KeyError", "'platform'")
    assert "`platform`" in text and "nama_tabel.columns" in text
    assert explain("NameError", "name 'laju' is not defined").startswith("Variabel `laju`")
    assert explain("ZeroDivisionError", "division by zero") is None
    assert explain("KeyError", "3") is None
    assert explain("AttributeError", "'Series' object has no attribute 'columns'")


def test_explain_never_quotes_the_traceback():
    secret = "expected = 4821.5  # hidden test"
    for ename, evalue in [
        ("NameError", "name 'x' is not defined"),
        ("AssertionError", ""),
        ("KeyError", "'a'"),
        ("TypeError", "'int' object is not callable"),
        ("ValueError", "Can only compare identically-labeled Series objects"),
    ]:
        text = explain(ename, evalue, f"Traceback\n----> 3 {secret}\n")
        assert text and "4821" not in text and "hidden" not in text


def test_stub_only_when_the_stub_raised():
    assert explain("NotImplementedError", "", "----> 2 raise NotImplementedError()")
    assert explain("NotImplementedError", "", "----> 9 return self._impl()") is None
    assert explain("NotImplementedError", "ini belum didukung") is None


def test_suggestions_only_for_close_names():
    names = ["jumlah_pengikut", "laju_pertumbuhan", "er_akun", "df"]
    assert closest("jumlah_pengikt", names) == ["jumlah_pengikut"]
    assert closest("Laju Pertumbuhan", names) == ["laju_pertumbuhan"]
    for unrelated in ("zzz", "x", "total", "akun", "dt", "hasil"):
        assert closest(unrelated, names) == [], unrelated
    found = explanation("NameError", "name 'hasil' is not defined", context=Context(names=names))
    assert "mirip" not in found.what


def test_loc_form():
    assert loc_form("df[df.x > 0]['y'] = 5") == "df.loc[df.x > 0, 'y'] = 5"
    assert (
        loc_form("posting[posting['platform'] == 'x']['suka'] = 0")
        == "posting.loc[posting['platform'] == 'x', 'suka'] = 0"
    )
    assert loc_form("df['y'][0] == 5") is None
    assert loc_form("x = df[df.a > 0]['y']") is None
