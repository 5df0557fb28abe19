"""Plain-Indonesian explanations of the errors trainees meet in the course notebooks.

:func:`explain` is a pure function of an error's class name, its message and (optionally)
its traceback text: the feedback pages call it for a failed check, the kernel extension
(:mod:`medsos.bantuan.ipython`) calls :func:`explanation` with a :class:`Context` gathered
from the live kernel (the names that exist, the columns of the table involved, the data
files beside the notebook), which lets it suggest the closest existing names.

Rules every explanation follows:

- it says what happened in words a civil servant uses, then one concrete next step;
- it only states what the message proves; anything inferred is a suggestion ("mungkin");
  a name is suggested only when it is close to the one typed, never for an unrelated name;
- it never quotes the traceback text (in feedback that text may come from a hidden test);
  the traceback is only searched for a pattern (e.g. the stub's ``raise NotImplementedError``);
- an error it does not recognise gets no explanation (``None``), rather than a guess.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

NEXT_STEP = "Langkah berikutnya"


@dataclass(frozen=True)
class Explanation:
    """What happened and the one thing to do next, both in Bahasa Indonesia."""

    what: str
    step: str

    def __str__(self) -> str:
        return f"{self.what} {NEXT_STEP}: {self.step}"


@dataclass(frozen=True)
class Context:
    """What the kernel knows beyond the message; every field is optional."""

    # Variable names that exist in the trainee's namespace.
    names: Sequence[str] = ()
    # Column labels, and row labels, of the pandas table the error came from.
    columns: Sequence[str] | None = None
    index: Sequence[str] | None = None
    # "DataFrame" or "Series" when the failing lookup was on one of them.
    container: str | None = None
    # Attribute names of the object an AttributeError was raised on.
    attributes: Sequence[str] | None = None
    # Built-in function names the trainee overwrote, with the type they now hold.
    shadowed: dict[str, str] = field(default_factory=dict)
    # FileNotFoundError: whether data/ exists beside the notebook, and its files.
    data_folder: bool | None = None
    data_files: Sequence[str] = ()
    # The code line that raised the error, when it is the trainee's own cell.
    line: str | None = None


def explain(ename: str, evalue: str, traceback_text: str = "") -> str | None:
    """The explanation of an error as one line of text, or ``None`` when not recognised.

    ``ename``/``evalue`` are as nbformat stores them in an error output (class name and
    ``str(exception)``); ``traceback_text`` is only searched, never quoted.
    """
    found = explanation(ename, evalue, traceback_text)
    return str(found) if found else None


def explanation(
    ename: str, evalue: str, traceback_text: str = "", context: Context | None = None
) -> Explanation | None:
    """The :class:`Explanation` of an error, or ``None`` when it is not recognised."""
    handler = _HANDLERS.get(ename)
    if handler is None:
        return None
    return handler((evalue or "").strip(), traceback_text or "", context or Context())


# --------------------------------------------------------------------------- helpers


def code(text: str) -> str:
    """Mark ``text`` as code (rendered as <code> by the kernel display)."""
    return f"`{text}`"


def _listing(names: Iterable[str], limit: int = 12) -> str:
    names = list(names)
    shown = ", ".join(code(n) for n in names[:limit])
    return shown + (f", dan {len(names) - limit} lainnya" if len(names) > limit else "")


def _normal(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).lower()


# English words trainees may type for the kit's Indonesian column names.
GLOSSARY = {
    "likes": "suka",
    "like": "suka",
    "comments": "komentar",
    "comment": "komentar",
    "shares": "bagikan",
    "share": "bagikan",
    "saves": "simpan",
    "save": "simpan",
    "reach": "jangkauan",
    "impressions": "tayangan",
    "views": "tonton",
    "followers": "pengikut",
    "follower": "pengikut",
    "date": "tanggal",
    "account": "akun",
    "post": "posting",
    "time": "waktu",
    "sentiment": "sentimen",
    "topic": "topik",
    "layer": "lapisan",
    "goal": "tujuan",
    "week": "minggu",
    "agency": "instansi",
}


def closest(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Existing names close to ``name``: same letters ignoring case, spaces and underscores,
    the Indonesian column for an English word, or a near spelling (difflib ratio >= 0.85).
    An unrelated name gets no suggestion."""
    pool = [c for c in dict.fromkeys(str(c) for c in candidates) if c != name]
    if not name or not pool:
        return []
    wanted = _normal(name)
    same = [c for c in pool if _normal(c) == wanted]
    if same:
        return same[:limit]
    translated = GLOSSARY.get(wanted)
    if translated:
        hits = [c for c in pool if _normal(c) == translated or translated in c.lower().split("_")]
        if hits:
            return hits[:limit]
    by_normal = {_normal(c): c for c in pool}
    near = difflib.get_close_matches(wanted, list(by_normal), n=limit, cutoff=0.85)
    return [by_normal[n] for n in near]


def _quoted(evalue: str) -> str | None:
    """The first '...' or "..." quoted text of a message."""
    m = re.search(r"'([^']*)'|\"([^\"]*)\"", evalue)
    return None if m is None else (m.group(1) if m.group(1) is not None else m.group(2))


RUN_ABOVE = (
    "jalankan dulu sel-sel di atasnya dari atas ke bawah (klik sel, tekan Shift+Enter), "
    "lalu jalankan sel ini lagi"
)


# --------------------------------------------------------------------------- per error class


MODULE_NAMES = {"pd": "import pandas as pd", "plt": "import matplotlib.pyplot as plt"}
MODULE_NAMES["np"] = "import numpy as np"
LITERALS = {"true": "True", "false": "False", "none": "None", "null": "None"}


def _name_error(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    m = re.match(r"name '([^']+)' is not defined", evalue)
    if m is None:
        return None
    name = m.group(1)
    if name in MODULE_NAMES:
        return Explanation(
            f"Nama {code(name)} belum dikenal: sel yang berisi {code(MODULE_NAMES[name])} "
            "(biasanya di bagian atas notebook) belum dijalankan sejak kernel dimulai.",
            f"Jalankan sel yang berisi {code(MODULE_NAMES[name])}, lalu jalankan sel ini lagi.",
        )
    if name in LITERALS:
        return Explanation(
            f"Python tidak mengenal {code(name)}: nilai ini ditulis dengan huruf besar di "
            f"awal, {code(LITERALS[name])}.",
            f"Ganti {code(name)} dengan {code(LITERALS[name])}.",
        )
    what = (
        f"Variabel {code(name)} belum ada: jawabannya belum dibuat, sel yang membuatnya belum "
        "dijalankan (misalnya sesudah kernel dimulai ulang), atau namanya salah ketik."
    )
    similar = closest(name, [n for n in ctx.names if not n.startswith("_")])
    if similar:
        return Explanation(
            what + f" Nama yang mirip dan sudah ada: {_listing(similar)}.",
            f"Bila maksud Anda {code(similar[0])}, perbaiki ejaannya; bila bukan, {RUN_ABOVE}.",
        )
    return Explanation(
        what,
        f"{RUN_ABOVE[0].upper()}{RUN_ABOVE[1:]}. Bila ini sel jawaban, simpan hasilnya tepat "
        f"di nama {code(name)} seperti diminta soal.",
    )


STUB = "raise NotImplementedError"


def _not_implemented(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    source = ctx.line if ctx.line is not None else tb
    if evalue or (source and STUB not in source):
        return None  # raised by a library with its own message, not the answer stub
    return Explanation(
        f"Sel jawaban ini masih berisi baris bawaan soal {code('raise NotImplementedError()')}, "
        "yang sengaja menghentikan sel sampai Anda menjawab.",
        f"Tulis jawaban Anda di bawah {code('# TULIS KODE ANDA DI SINI')}, hapus baris "
        f"{code('raise NotImplementedError()')}, lalu jalankan sel ini lagi.",
    )


_KEY_MESSAGES = re.compile(
    r"not in index|not found in axis|do not exist|None of .* are in the|[Cc]olumns? not found"
)


def missing_keys(evalue: str) -> list[str] | None:
    """The labels a ``KeyError`` says are missing: ``'x'`` is one label, pandas' sentences
    (``"['x'] not in index"``, ``"Column(s) ['x'] do not exist"``, ``"None of [Index(['x'],
    dtype='str')] are in the [columns]"``, ``'Column not found: x'``) name several; anything
    else (a number, another object) gives ``None``."""
    m = re.fullmatch(r"'(.*)'|\"(.*)\"", evalue, re.S)
    if m is None:
        return None
    inner = m.group(1) if m.group(1) is not None else m.group(2)
    if not _KEY_MESSAGES.search(inner):
        return [inner]
    single = re.fullmatch(r"[Cc]olumn not found: (.+)", inner)
    if single:
        return [single.group(1)]
    listed = re.sub(r"dtype='[^']*'", "", inner)
    keys = re.findall(r"'([^']*)'", listed)
    return keys or None


def _key_error(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    keys = missing_keys(evalue)
    if not keys:
        return None  # a number or another object as key: say nothing rather than guess
    shown = ", ".join(code(k) for k in keys)
    if ctx.columns is None and ctx.index is None:
        return Explanation(
            f"Nama kolom atau label {shown} tidak ada di tabel (atau kamus) yang dipakai. "
            "Huruf besar-kecil, spasi dan ejaan harus persis sama.",
            "Lihat nama kolom yang ada dengan `nama_tabel.columns`, lalu salin namanya persis.",
        )
    pool = list(ctx.columns or ()) + list(ctx.index or ())
    similar = [s for k in keys for s in closest(k, pool)]
    if ctx.container == "Series":
        where = "Series ini tidak punya label"
        available = list(ctx.index or ())
        kind = "label indeks"
    else:
        where = "Tabel ini tidak punya kolom" if ctx.columns else "Tabel ini tidak punya label"
        available = list(ctx.columns or ctx.index or ())
        kind = "kolom" if ctx.columns else "label"
    what = f"{where} {shown}. Huruf besar-kecil, spasi dan ejaan harus persis sama."
    if similar:
        return Explanation(
            what + f" Yang mirip: {_listing(similar)}.",
            f"Ganti {code(keys[0])} dengan nama yang dimaksud, mis. {code(similar[0])}.",
        )
    if available:
        what += f" {kind[0].upper()}{kind[1:]} yang ada: {_listing(available)}."
    return Explanation(
        what, f"Pilih salah satu {kind} yang ada, salin namanya persis, lalu jalankan lagi."
    )


# pandas methods removed in pandas 2/3 that older tutorials still use.
REMOVED = {
    "applymap": ".map(...)",
    "append": "pd.concat([tabel1, tabel2])",
    "iteritems": ".items()",
    "is_monotonic": ".is_monotonic_increasing",
    "swapaxes": ".transpose()",
    "mad": "(x - x.mean()).abs().mean()",
}


def _pandas_attributes(kind: str) -> list[str]:
    import pandas as pd

    cls = {"DataFrame": pd.DataFrame, "Series": pd.Series}[kind]
    return [n for n in dir(cls) if not n.startswith("_")]


def _attribute_error(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    if evalue.startswith("Can only use .str accessor with string values"):
        return Explanation(
            "Kolom ini tidak berisi teks, jadi `.str` tidak bisa dipakai (`.str` hanya untuk "
            "kolom teks).",
            "Periksa jenis kolomnya dengan `df.dtypes`; pilih kolom teks yang dimaksud, atau "
            "ubah dulu menjadi teks dengan `.astype(str)` bila memang perlu.",
        )
    module = re.match(r"module '([\w.]+)' has no attribute '(\w+)'", evalue)
    if module:
        return _module_attribute(*module.groups(), ctx)
    m = re.match(r"'([\w.]+)' object has no attribute '(\w+)'", evalue)
    if m is None:
        return None
    kind, attr = m.groups()
    if kind in SCALARS and attr in _pandas_attributes("Series"):
        return _scalar_attribute(kind, attr)
    if kind == "NoneType":
        return Explanation(
            f"Nilai yang Anda pakai di depan {code('.' + attr)} adalah `None` (kosong). "
            "Biasanya itu hasil perintah yang tidak mengembalikan apa-apa, mis. "
            "`inplace=True` atau `print(...)`, yang disimpan ke variabel.",
            "Periksa baris yang membuat variabel itu: simpan hasilnya tanpa `inplace=True`, "
            "mis. `df = df.sort_values('kolom')`, lalu jalankan sel-selnya lagi.",
        )
    if attr in REMOVED and kind in ("DataFrame", "Series"):
        return Explanation(
            f"{code('.' + attr)} sudah dihapus dari pandas versi baru (kursus ini memakai "
            "pandas 3); contoh lama di internet masih memakainya.",
            f"Pakai {code(REMOVED[attr])} sebagai gantinya.",
        )
    if kind in ("DataFrame", "Series"):
        other = "Series" if kind == "DataFrame" else "DataFrame"
        own = _pandas_attributes(kind)
        if attr not in own and attr in _pandas_attributes(other):
            if kind == "Series":
                return Explanation(
                    f"{code('.' + attr)} dimiliki DataFrame (tabel), tetapi yang Anda pakai "
                    "adalah Series (satu kolom). Mengambil satu kolom, `df['kolom']`, atau "
                    "`groupby(...)['kolom']` menghasilkan Series.",
                    "Pakai tabelnya (DataFrame) di sini, atau ubah Series menjadi tabel dengan "
                    "`.to_frame()`; untuk nama dan label Series pakai `.name` dan `.index`.",
                )
            return Explanation(
                f"{code('.' + attr)} hanya ada pada Series (satu kolom), sedangkan yang Anda "
                "pakai adalah DataFrame (tabel).",
                "Pilih kolomnya dulu, mis. " + code("df['nama_kolom']." + attr) + ".",
            )
        pool = own + list(ctx.columns or ())
    elif ctx.attributes is not None:
        pool = [a for a in ctx.attributes if not a.startswith("_")]
    else:
        return None
    similar = closest(attr, pool)
    what = f"{kind} tidak punya {code('.' + attr)}."
    if similar:
        columns = set(ctx.columns or ())
        if similar[0] in columns:
            return Explanation(
                what + f" Tabel ini punya kolom {_listing(similar)}.",
                "Ambil kolomnya dengan kurung siku: " + code(f"df['{similar[0]}']") + ".",
            )
        return Explanation(
            what + f" Mungkin maksud Anda {_listing(similar)}.",
            f"Periksa ejaannya dan ganti dengan {code('.' + similar[0])} bila itu yang dimaksud.",
        )
    if kind == "DataFrame":
        return Explanation(
            what + " Bila itu nama kolom, kolom tersebut tidak ada di tabel ini.",
            "Lihat daftar kolom dengan `df.columns`, lalu ambil kolom dengan kurung siku: "
            "`df['nama_kolom']`.",
        )
    return Explanation(
        what, "Periksa ejaannya; tekan Tab setelah titik untuk melihat pilihan yang ada."
    )


# One value where a column was meant, as Python names its type in the error message.
SCALARS = {
    "bool": "satu nilai benar/salah (True/False)",
    "numpy.bool": "satu nilai benar/salah (True/False)",
    "numpy.bool_": "satu nilai benar/salah (True/False)",
    "int": "satu angka",
    "float": "satu angka",
    "numpy.int64": "satu angka",
    "numpy.float64": "satu angka",
    "str": "satu teks",
}


def _scalar_attribute(kind: str, attr: str) -> Explanation:
    """``.mean()`` and friends on one value: the column was lost a step earlier."""
    what = (
        f"Yang ada di depan {code('.' + attr)} adalah {SCALARS[kind]}, bukan kolom (Series) "
        f"atau tabel (DataFrame); {code('.' + attr)} hanya ada pada kolom dan tabel."
    )
    if "bool" in kind:
        return Explanation(
            what + " Satu True/False biasanya muncul bila perbandingan (`==`, `>`, `<`) "
            "ditulis sesudah `groupby(...)`, atau membandingkan dua nilai tunggal.",
            "Bandingkan kolomnya dulu, baru kelompokkan hasilnya, mis. "
            + code("(df['kolom'] == 'nilai').groupby(df['kelompok']).mean()")
            + ". Jalankan bagian di depan titik sendirian di sel coretan untuk melihat isinya.",
        )
    return Explanation(
        what + " Biasanya langkah sebelumnya (mis. `.sum()`, `.mean()`, `.max()` atau "
        "mengambil satu baris dengan `.loc[...]`) sudah meringkas kolom menjadi satu nilai.",
        "Jalankan bagian di depan titik sendirian di sel coretan untuk melihat isinya, lalu "
        "pindahkan langkah peringkas itu ke akhir baris.",
    )


MODULE_ALIASES = {"pandas": "pd", "matplotlib.pyplot": "plt", "numpy": "np"}


def _module_attribute(module: str, attr: str, ctx: Context) -> Explanation | None:
    import importlib
    import sys

    names = ctx.attributes
    if names is None and module.split(".")[0] in KIT_MODULES:
        loaded = sys.modules.get(module)
        names = dir(loaded if loaded is not None else importlib.import_module(module))
    similar = closest(attr, [n for n in names or () if not n.startswith("_")])
    if not similar:
        return None
    alias = MODULE_ALIASES.get(module, module)
    return Explanation(
        f"Modul {code(module)} tidak punya {code(attr)}; mungkin salah ketik. Yang mirip: "
        f"{_listing(similar)}.",
        f"Ganti dengan {code(alias + '.' + similar[0])}.",
    )


_TEXT_NUMBER = (
    re.compile(r'can only concatenate str \(not "(int|float|int64|float64)"\) to str'),
    re.compile(
        r"unsupported operand type\(s\) for .+: '(?:int|float|str)' "
        r"and '(?:int|float|str)'"
    ),
    re.compile(
        r"'[<>]=?' not supported between instances of '(?:str|int|float)' and '(?:str|int|float)'"
    ),
    re.compile(r"can't multiply sequence by non-int of type 'float'"),
    re.compile(r"Cannot perform reduction '\w+' with string dtype"),
    re.compile(r"unsupported operand type\(s\) for .+: '\w*(?:String|str)\w*' and"),
)
BUILTINS = {
    "sum",
    "max",
    "min",
    "len",
    "list",
    "dict",
    "str",
    "int",
    "float",
    "print",
    "type",
    "round",
    "sorted",
    "range",
    "abs",
    "input",
    "set",
    "tuple",
    "open",
    "format",
}
ATTRIBUTES_NOT_METHODS = {
    "tuple": ".shape",
    "Index": ".columns atau .index",
    "int": ".size",
    "Series": ".dtypes",
    "DataFrame": ".T",
    "ndarray": ".values",
}


def _type_error(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    mixed = [p for p in _TEXT_NUMBER if p.search(evalue)]
    if mixed and ("str" in evalue or "string" in evalue.lower()):
        both = (
            "'int'" in evalue
            or "'float'" in evalue
            or '"int"' in evalue
            or '"float"' in evalue
            or "reduction" in evalue
            or "multiply" in evalue
        )
        if both or "String" in evalue:
            return Explanation(
                "Anda menghitung dengan teks dan angka sekaligus. Python tidak mengubah teks "
                "seperti '12' menjadi angka 12 dengan sendirinya. Di tabel, ini biasanya "
                "berarti kolomnya terbaca sebagai teks (jenis str), misalnya karena ada "
                "pemisah ribuan atau sel berisi tulisan.",
                "Periksa jenis kolom dengan `df.dtypes`, lalu ubah menjadi angka dengan "
                "`pd.to_numeric(df['kolom'])`; untuk menyisipkan angka ke kalimat pakai "
                "f-string, mis. `f'Total: {angka}'`.",
            )
    m = re.match(r"'(\w+)' object is not callable", evalue)
    if m is None:
        return None
    kind = m.group(1)
    shadow = [n for n, t in ctx.shadowed.items() if t == kind]
    if shadow:
        name = shadow[0]
        return Explanation(
            f"{code(name)} biasanya fungsi bawaan Python, tetapi di notebook ini nama "
            f"{code(name)} sudah Anda isi dengan nilai ({kind}), sehingga tidak bisa "
            "dipanggil lagi.",
            f"Ganti nama variabel itu (mis. {code('total_' + name)}), jalankan "
            f"{code('del ' + name)}, lalu jalankan sel ini lagi.",
        )
    what = (
        f"Anda memakai tanda kurung ( ) setelah sesuatu yang bukan fungsi (sebuah {kind}), "
        'jadi Python tidak bisa "memanggil"-nya.'
    )
    if kind in ("DataFrame", "Series"):
        step = (
            "Untuk mengambil kolom pakai kurung siku, `df['kolom']`, bukan `df('kolom')`; "
            "atribut seperti `.dtypes` atau `.shape` ditulis tanpa tanda kurung."
        )
    else:
        step = (
            "Hapus tanda kurung setelah atribut seperti `.shape`, `.columns`, `.index`, "
            "`.dtypes` (itu atribut, bukan fungsi), dan periksa apakah nama fungsi pernah "
            "tertimpa oleh variabel dengan nama yang sama."
        )
    return Explanation(what, step)


def _value_error(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    low = evalue.lower()
    if (
        "doesn't match format" in evalue
        or "unknown datetime string format" in low
        or re.search(r"month must be in 1\.\.12|day is out of range|hour must be in", evalue)
        or "out of bounds nanosecond" in low
    ):
        return _date_parse(evalue, tb, ctx)
    number = re.search(
        r"Unable to parse string \"([^\"]*)\"|Unable to parse string '([^']*)'"
        r"|invalid literal for int\(\) with base 10: '([^']*)'"
        r"|could not convert string to float: '([^']*)'",
        evalue,
    )
    if number:
        text = next(g for g in number.groups() if g is not None)
        what = f"Teks {code(text)} tidak bisa dibaca sebagai angka."
        if re.search(r"\d[.,]\d", text):
            what += (
                " Penulisan Indonesia memakai titik untuk ribuan dan koma untuk desimal, "
                "sedangkan Python memakai titik untuk desimal dan tanpa pemisah ribuan."
            )
        return Explanation(
            what,
            "Untuk file CSV baca dengan `pd.read_csv(..., thousands='.', decimal=',')`; untuk "
            "satu kolom pakai `pd.to_numeric(df['kolom'], errors='coerce')` lalu periksa baris "
            "yang menjadi NaN.",
        )
    if "Can only compare identically-labeled" in evalue or "Lengths must match" in evalue:
        lengths = re.search(r"\((\d+),\), \((\d+),\)", evalue)
        detail = f" (panjangnya {lengths.group(1)} dan {lengths.group(2)})" if lengths else ""
        return Explanation(
            "Anda membandingkan dua Series atau tabel yang barisnya tidak sama"
            f"{detail}: pandas membandingkan baris demi baris menurut labelnya, jadi "
            "keduanya harus punya label (indeks) yang sama dan sama panjang.",
            "Untuk memeriksa apakah isinya sama persis pakai `a.equals(b)`; untuk "
            "membandingkan urutan nilainya saja, samakan dulu indeksnya: "
            "`a.reset_index(drop=True) == b.reset_index(drop=True)`.",
        )
    if "truth value of a" in low and "is ambiguous" in low:
        return Explanation(
            "`if`, `and`, `or` dan `not` butuh satu nilai benar/salah, tetapi yang diberikan "
            "adalah seluruh kolom (satu nilai benar/salah untuk tiap baris).",
            "Untuk menyaring baris pakai `&`, `|`, `~` dengan tanda kurung, mis. "
            "`df[(df['a'] > 1) & (df['b'] < 5)]`; untuk satu jawaban ya/tidak pakai `.any()` "
            "atau `.all()`.",
        )
    length = re.match(
        r"Length of values \((\d+)\) does not match length of index \((\d+)\)", evalue
    )
    if length:
        return Explanation(
            f"Anda mengisi kolom dengan {length.group(1)} nilai, padahal tabelnya punya "
            f"{length.group(2)} baris.",
            "Pastikan jumlah nilai sama dengan jumlah baris, atau hitung kolom baru dari kolom "
            "tabel itu sendiri, mis. `df['total'] = df['suka'] + df['komentar']`.",
        )
    return None


def _date_parse(evalue: str, tb: str, ctx: Context) -> Explanation:
    text = _quoted(evalue)
    if text is None:
        m = re.search(r"(?:parse|1\.\.12|range): (.+)$", evalue.splitlines()[0])
        text = m.group(1).strip() if m else None
    shown = f" (mis. {code(text)})" if text else ""
    return Explanation(
        f"pandas tidak bisa membaca sebagian teks sebagai tanggal atau waktu{shown}: "
        "bentuknya berbeda dari yang lain, salah ketik, atau bukan tanggal.",
        "Cari baris yang bermasalah dengan `pd.to_datetime(df['kolom'], errors='coerce')` "
        "(yang gagal menjadi NaT); bila semua tanggal berbentuk sama, sebutkan bentuknya, "
        "mis. `format='%d/%m/%Y'`.",
    )


_SYNTAX = [
    (
        "incomplete input",
        "Kode di sel ini berhenti sebelum lengkap: biasanya ada kurung atau tanda kutip yang "
        "dibuka tetapi belum ditutup.",
        "Periksa baris terakhir yang berisi kode: tutup kurung ( ), [ ], { } atau tanda kutip "
        "yang masih terbuka.",
    ),
    (
        "unterminated triple-quoted string",
        "Ada teks bertanda kutip tiga (''' atau \"\"\") yang tidak ditutup.",
        "Tambahkan tanda kutip tiga penutupnya.",
    ),
    (
        "unterminated string literal",
        "Ada teks yang tanda kutip penutupnya hilang.",
        "Tambahkan tanda kutip penutup (' atau \", sama dengan pembukanya) pada baris yang "
        "ditunjuk.",
    ),
    (
        "was never closed",
        "Ada kurung yang dibuka tetapi tidak pernah ditutup.",
        "Hitung pasangan kurung ( ), [ ], { } pada baris yang ditunjuk dan baris sesudahnya, "
        "lalu tambahkan penutupnya.",
    ),
    (
        "unmatched",
        "Ada kurung penutup yang tidak punya pembuka (kelebihan kurung tutup).",
        "Hapus kurung penutup yang berlebih pada baris yang ditunjuk, atau tambahkan pembukanya.",
    ),
    (
        "does not match opening parenthesis",
        "Jenis kurung penutup tidak sama dengan pembukanya, mis. `(` ditutup dengan `]`.",
        "Samakan pasangan kurungnya: ( ), [ ], { }.",
    ),
    (
        "expected ':'",
        "Baris yang diawali `if`, `for`, `def`, `else` dan sejenisnya harus "
        "diakhiri titik dua `:`.",
        "Tambahkan `:` di akhir baris yang ditunjuk.",
    ),
    (
        "instead of '='",
        "Tanda `=` berarti menyimpan nilai; untuk membandingkan (sama dengan?) "
        "Python memakai `==`.",
        "Ganti `=` dengan `==` di bagian yang membandingkan, mis. "
        "`df[df['platform'] == 'instagram']`.",
    ),
    (
        "unexpected indent",
        "Baris yang ditunjuk menjorok (ada spasi di awal) padahal tidak seharusnya.",
        "Hapus spasi di awal baris itu sehingga sejajar dengan baris di atasnya.",
    ),
    (
        "expected an indented block",
        "Sesudah baris yang diakhiri `:` (if, for, def), baris berikutnya harus menjorok ke dalam.",
        "Tambahkan 4 spasi di awal baris sesudah `:`.",
    ),
    (
        "unindent does not match",
        "Baris yang ditunjuk menjorok dengan jumlah spasi yang tidak "
        "sama dengan baris-baris di atasnya.",
        "Samakan jumlah spasi di awal baris itu dengan "
        "baris lain di blok yang sama (kelipatan 4 spasi).",
    ),
    (
        "inconsistent use of tabs and spaces",
        "Spasi dan tombol Tab tercampur di awal baris.",
        "Hapus jarak di awal baris itu dan ketik ulang dengan spasi saja.",
    ),
    (
        "invalid character",
        "Ada karakter yang bukan bagian dari kode, biasanya tanda kutip "
        "miring “ ” ‘ ’ yang ikut tersalin dari Word, WhatsApp atau PDF.",
        "Ketik ulang tanda kutip pada baris itu langsung dengan keyboard (' atau \").",
    ),
    (
        "leading zeros in decimal integer",
        "Angka tidak boleh diawali 0 (mis. `08`); biasanya "
        "ini tanggal yang ditulis tanpa tanda kutip.",
        "Tulis tanggal sebagai teks dalam tanda kutip, mis. `'2024-08-01'`.",
    ),
    (
        "invalid decimal literal",
        "Ada angka yang langsung diikuti huruf, mis. `5jam` atau nama variabel yang diawali angka.",
        "Nama variabel harus diawali huruf (mis. `data_2024`, "
        "bukan `2024_data`); angka desimal ditulis dengan titik, mis. `2.5`.",
    ),
    (
        "Perhaps you forgot a comma",
        "Sepertinya ada koma yang kurang di antara dua nilai.",
        "Tambahkan koma di antara nilai-nilai di baris yang ditunjuk, mis. `['a', 'b']`.",
    ),
]


def _syntax_error(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    for pattern, what, step in _SYNTAX:
        if pattern in evalue:
            return Explanation(
                what + " Karena itu tidak satu baris pun di sel ini dijalankan.", step
            )
    if evalue.startswith("invalid syntax"):
        return Explanation(
            "Python tidak dapat membaca baris yang ditunjuk tanda ^, sehingga tidak satu baris "
            "pun di sel ini dijalankan.",
            "Periksa baris itu dan baris tepat di atasnya: tanda kutip, kurung, titik dua atau "
            "koma yang kurang.",
        )
    return None


def _file_not_found(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    m = re.search(r"No such file or directory: '([^']+)'", evalue)
    if m is None:
        return None
    path = m.group(1).replace("\\", "/")
    if not path.startswith(("data/", "./data/")):
        return Explanation(
            f"File {code(path)} tidak ditemukan.",
            "Periksa nama dan letak file; data tugas ada di folder `data/` di sebelah notebook, "
            "jadi bacalah sebagai `data/<nama file>`.",
        )
    name = path.split("/")[-1]
    if ctx.data_folder:
        similar = closest(name, ctx.data_files)
        if similar:
            return Explanation(
                f"Folder `data/` ada, tetapi tidak berisi {code(name)}. Yang mirip: "
                f"{_listing(similar)}.",
                f"Perbaiki nama file menjadi {code('data/' + similar[0])}.",
            )
        return Explanation(
            f"Folder `data/` ada, tetapi tidak berisi {code(name)}. Isinya: "
            f"{_listing(ctx.data_files)}.",
            "Salin nama file persis dari daftar itu.",
        )
    what = (
        f"File {code(path)} tidak ditemukan. Data tugas ada di folder `data/` di sebelah "
        "notebook, jadi kemungkinan besar notebook ini tidak dibuka dari folder tugasnya "
        "(misalnya dipindahkan atau disalin sendirian)."
    )
    if ctx.data_folder is False:
        what = (
            f"File {code(path)} tidak ditemukan: di folder tempat notebook ini berjalan tidak "
            "ada folder `data/`. Notebook ini tidak berada di folder tugasnya (misalnya "
            "dipindahkan atau disalin sendirian)."
        )
    return Explanation(
        what,
        "Buka notebook dari folder tugasnya, mis. `release/01-tujuan-publikasi/`, tempat "
        "folder `data/` berada; jangan memindahkan notebook tanpa folder `data/`-nya.",
    )


KIT_MODULES = ("pandas", "matplotlib", "numpy", "openpyxl", "pandera", "nbgrader", "medsos")
KIT_SUBMODULES = ("matplotlib.pyplot", "matplotlib.dates", "matplotlib.ticker")


def _module_not_found(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    m = re.match(r"No module named '([\w.]+)'", evalue)
    if m is None:
        return None
    name = m.group(1)
    top = name.split(".")[0]
    if top in KIT_MODULES and "." in name:
        similar = closest(name, KIT_SUBMODULES)
        if similar:
            return Explanation(
                f"Modul {code(name)} tidak ada; mungkin salah ketik.",
                f"Tulis {code('import ' + similar[0])}.",
            )
        return None
    if top in KIT_MODULES:
        return Explanation(
            f"Modul {code(top)} termasuk kit kursus, tetapi Python yang menjalankan notebook "
            "ini tidak memilikinya: notebook berjalan di luar lingkungan kit.",
            "Tutup JupyterLab ini dan buka kursus dari folder kit dengan `python mandiri.py` "
            "(atau `medsos lab`), agar notebook memakai Python kit.",
        )
    similar = closest(top, KIT_MODULES)
    if similar:
        return Explanation(
            f"Tidak ada modul bernama {code(top)}; mungkin salah ketik.",
            f"Tulis {code('import ' + similar[0])}.",
        )
    return Explanation(
        f"Modul {code(top)} tidak terpasang di lingkungan kursus. Kursus ini hanya memakai "
        "pandas dan matplotlib, dan notebook dinilai di komputer yang juga hanya punya "
        "modul kit.",
        "Kerjakan dengan pandas dan matplotlib seperti contoh di modul; jangan memasang paket "
        "lain, karena penilaian tidak akan menemukannya.",
    )


def _assertion(evalue: str, tb: str, ctx: Context) -> Explanation:
    if evalue:
        what = (
            "Sebuah pemeriksaan (`assert`) tidak terpenuhi: jawaban yang diperiksa belum "
            "memenuhi syaratnya. Pesan pemeriksaan itu adalah petunjuknya; kode Anda sendiri "
            "tidak rusak."
        )
    else:
        what = (
            "Sebuah pemeriksaan (`assert`) tidak terpenuhi: jawaban yang diperiksa belum "
            "memenuhi syaratnya. Baris yang ditandai panah (---->) menunjukkan syarat mana."
        )
    return Explanation(
        what,
        "Perbaiki sel jawaban soal ini (di atas pemeriksaan) mengikuti petunjuk itu, jalankan "
        "sel jawaban lagi, lalu jalankan pemeriksaannya.",
    )


def _chained(evalue: str, tb: str, ctx: Context) -> Explanation:
    rewrite = loc_form(ctx.line) if ctx.line else None
    example = code(rewrite) if rewrite else "`df.loc[df['x'] > 0, 'y'] = nilai`"
    return Explanation(
        "Baris ini tidak mengubah tabel Anda sama sekali. Sejak pandas 3 (copy-on-write), "
        "memilih baris lalu kolom dengan dua pasang kurung siku, mis. `df[...]['y'] = ...`, "
        "hanya mengubah salinan sementara yang langsung dibuang.",
        f"Tulis pemilihan baris dan kolomnya dalam satu `.loc`: {example}.",
    )


def loc_form(line: str) -> str | None:
    """``tabel.loc[rows, col] = value`` for a chained assignment ``tabel[rows][col] = value``,
    or ``None`` when ``line`` is not of that simple shape."""
    m = re.match(r"\s*([A-Za-z_]\w*)\s*\[", line)
    if m is None:
        return None
    parts, pos = [], m.end() - 1
    for _ in range(2):
        if pos >= len(line) or line[pos] != "[":
            return None
        depth, start = 0, pos
        for pos in range(start, len(line)):
            depth += {"[": 1, "]": -1}.get(line[pos], 0)
            if depth == 0:
                break
        else:
            return None
        parts.append(line[start + 1 : pos].strip())
        pos += 1
        while pos < len(line) and line[pos] == " ":
            pos += 1
    rest = line[pos:]
    value = re.match(r"=(?!=)\s*(.+?)\s*$", rest)
    if value is None or not all(parts):
        return None
    rows, column = parts
    if rows.startswith(".loc") or rows == ":":
        return None
    return f"{m.group(1)}.loc[{rows}, {column}] = {value.group(1)}"


def _index_error(evalue: str, tb: str, ctx: Context) -> Explanation | None:
    if "positional indexer is out-of-bounds" in evalue or re.match(
        r"index -?\d+ is out of bounds for axis \d+ with size \d+", evalue
    ):
        return Explanation(
            "Anda mengambil baris ke-sekian dengan `.iloc[...]`, tetapi tabel atau kolom itu "
            "lebih pendek dari itu, sering kali kosong sama sekali: penyaringan sebelumnya "
            "tidak menemukan satu baris pun.",
            "Periksa dulu hasil saringannya dengan `len(...)`, dan pastikan nilai yang "
            "disaring ditulis persis seperti di data (lihat `df['kolom'].unique()`; huruf "
            "besar-kecil, ejaan dan tanggal berpengaruh).",
        )
    return None


_HANDLERS = {
    "NameError": _name_error,
    "NotImplementedError": _not_implemented,
    "KeyError": _key_error,
    "AttributeError": _attribute_error,
    "IndexError": _index_error,
    "TypeError": _type_error,
    "ValueError": _value_error,
    "DateParseError": _date_parse,
    "OutOfBoundsDatetime": _date_parse,
    "SyntaxError": _syntax_error,
    "IndentationError": _syntax_error,
    "TabError": _syntax_error,
    "FileNotFoundError": _file_not_found,
    "ModuleNotFoundError": _module_not_found,
    "AssertionError": _assertion,
    "ChainedAssignmentError": _chained,
}
HANDLED = frozenset(_HANDLERS)
