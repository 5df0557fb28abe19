"""Find export files, recognise each one, read all of them or none, merge overlaps."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pandas as pd

from medsos.datasets.schema import LAPISAN, TOPIK, TOPIK_LAPISAN
from medsos.impor import meta, tiktok, x, youtube
from medsos.impor.core import (
    DAILY_COLUMNS,
    POST_COLUMNS,
    REEXPORT_HINT,
    ImportProblem,
    Source,
    daily_frame,
    decode,
    normalise_daily,
    normalise_posts,
    posts_frame,
    split_rows,
    table,
)

LABEL_FILE = "label_topik.csv"
IGNORED_SUFFIXES = {".md", ".txt", ".pdf", ".png", ".jpg", ".jpeg", ".ds_store"}
PLATFORM_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "x": "X",
}
# Header names of files that hold citizens' personal data (comment or message exports).
PERSONAL_COLUMNS = {
    "comment", "comment text", "commenter", "commenter name", "comment author", "author",
    "author name", "from", "from name", "sender", "sender name", "message", "message text",
    "username", "user name", "komentar oleh", "nama pengirim", "pengirim", "pesan",
    "isi komentar", "nama pengguna",
}  # fmt: skip
SUPPORTED = (
    "ekspor unggahan Facebook/Instagram dan file metrik harian dari Meta Business Suite; "
    "ZIP/CSV/XLSX tab Overview, Content, dan Followers dari TikTok Studio; ZIP tab Konten "
    "(Content) mode lanjutan YouTube Studio; account_analytics_content, "
    "account_overview_analytics, dan tweet_activity_metrics dari X; serta label_topik.csv"
)


class ImportFailed(ValueError):
    """Nothing was imported; ``problems`` holds one Indonesian message per bad file."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems)
        super().__init__(
            f"Impor dibatalkan, tidak ada data yang dimuat ({len(problems)} masalah). "
            f"Perbaiki file berikut lalu impor lagi:\n{lines}"
        )


@dataclass
class Imported:
    """The result of one import: the two tidy tables, what was read, and notes."""

    posts: pd.DataFrame
    daily: pd.DataFrame
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def copy(self) -> Imported:
        """An independent copy (changing it never changes a cached import)."""
        return Imported(self.posts.copy(), self.daily.copy(), list(self.files), list(self.notes))

    def period(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """First and last day covered by the posts or the daily metrics."""
        days = pd.concat([self.posts["waktu_unggah"].dt.normalize(), self.daily["tanggal"]])
        return (days.min(), days.max()) if len(days) else None


# --------------------------------------------------------------------------- discovery


def _files(paths) -> list[Path]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            out.append(path)
        else:
            raise ImportFailed([ImportProblem(str(path), "file atau folder ini tidak ada.")])
    return [
        p for p in out if not p.name.startswith(".") and p.suffix.lower() not in IGNORED_SUFFIXES
    ]


def _sources(path: Path) -> list[Source]:
    name, suffix = path.name, path.suffix.lower()
    data = path.read_bytes()
    folder = path.parent.name
    if suffix == ".zip":
        return _zip_sources(name, data, folder)
    if suffix == ".csv":
        text, encoding = decode(name, data)
        return [Source(name, name, name, text=text, encoding=encoding, folder=folder)]
    if suffix == ".xlsx":
        return [Source(name, name, name, rows=_xlsx_rows(name, data), folder=folder)]
    if suffix in (".xls", ".xlsm", ".ods", ".numbers"):
        raise ImportProblem(
            name,
            f"file {suffix} bukan ekspor asli platform (tampaknya disimpan ulang dengan program "
            "lembar kerja). " + REEXPORT_HINT,
        )
    raise ImportProblem(name, f"jenis file tidak dikenal kit. Yang dibaca kit: {SUPPORTED}.")


def _zip_sources(name: str, data: bytes, folder: str) -> list[Source]:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = [
            m
            for m in archive.infolist()
            if not m.is_dir() and not m.filename.startswith("__MACOSX")
        ]
        bad = archive.testzip()
    except (zipfile.BadZipFile, EOFError, OSError):
        raise ImportProblem(
            name, "ZIP rusak atau terpotong (unduhan tidak selesai). Unduh ulang file ini."
        ) from None
    if bad is not None:
        raise ImportProblem(name, f"ZIP rusak: isi {bad} tidak utuh. Unduh ulang file ini.")
    listing = ", ".join(m.filename for m in members) or "kosong"
    tables = [m for m in members if m.filename.lower().endswith((".csv", ".xlsx"))]
    nested = [m for m in members if "/" in m.filename]
    expected = _expected_members(name)
    if not tables or nested or any(m.filename.lower().endswith(".zip") for m in members):
        hint = f" Seharusnya berisi {expected}." if expected else ""
        raise ImportProblem(
            name,
            f"susunan ZIP tidak seperti unduhan asli (isinya: {listing}).{hint} Jangan "
            "mengemas ulang file; impor ZIP yang diunduh dari platform apa adanya.",
        )
    if expected and not any(m.filename in _required_members(name) for m in tables):
        raise ImportProblem(
            name,
            f"susunan ZIP tidak seperti unduhan asli (isinya: {listing}). Seharusnya berisi "
            f"{expected}. Unduh ulang dari platformnya.",
        )
    out = []
    for member in tables:
        raw = archive.read(member)
        label = f"{name}/{member.filename}"
        if member.filename.lower().endswith(".xlsx"):
            out.append(
                Source(label, member.filename, name, rows=_xlsx_rows(label, raw), folder=folder)
            )
        else:
            text, encoding = decode(label, raw)
            out.append(
                Source(label, member.filename, name, text=text, encoding=encoding, folder=folder)
            )
    return out


def _required_members(zip_name: str) -> set[str]:
    """The member one of which a recognised download must hold."""
    if youtube.ZIP_NAME.match(zip_name) and not tiktok.ZIP_NAME.match(zip_name):
        return {"Table data.csv", "Data tabel.csv"}
    names = {m.strip() for m in _expected_members(zip_name).split(",")}
    return names | {n.replace(".csv", ".xlsx") for n in names}  # TikTok's XLSX option


def _expected_members(zip_name: str) -> str:
    match = tiktok.ZIP_NAME.match(zip_name)
    if match:
        member = {
            "Overview": "Overview.csv",
            "Content": "Content.csv",
            "Followers": "FollowerHistory.csv",
        }.get(match["tab"])
        return member or ""
    if youtube.ZIP_NAME.match(zip_name):
        return (
            "Table data.csv, Chart data.csv, Totals.csv "
            "(atau Data tabel.csv pada tampilan Indonesia)"
        )
    return ""


def _xlsx_rows(name: str, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportProblem(name, "file XLSX rusak atau terpotong. Unduh ulang file ini.") from None
    sheet = book.worksheets[0]
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = []
        for value in row:
            if isinstance(value, datetime):
                raise ImportProblem(
                    name,
                    f"baris {number} berisi tanggal yang sudah diubah menjadi tanggal Excel; "
                    "XLSX asli TikTok menyimpan semua isian sebagai teks. " + REEXPORT_HINT,
                )
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            cells.append("" if value is None else str(value))
        if any(c.strip() for c in cells):
            rows.append(cells)
    book.close()
    if not rows:
        raise ImportProblem(name, "file kosong (0 baris data). Unduh ulang dari platformnya.")
    return rows


# --------------------------------------------------------------------------- recognising


def _indonesian_help(source: Source, header: list[str]) -> str | None:
    container = source.container
    if (
        tiktok.ZIP_NAME.match(container)
        or tiktok.is_indonesian(header)
        and not (x.is_indonesian(header) or meta.is_indonesian(header))
    ):
        return tiktok.INDONESIAN_HELP if tiktok.is_indonesian(header) else None
    if container.startswith(("account_analytics", "account_overview", "tweet_activity")):
        return x.INDONESIAN_HELP if x.is_indonesian(header) else None
    if meta.is_indonesian(header):
        return meta.INDONESIAN_HELP
    if x.is_indonesian(header):
        return x.INDONESIAN_HELP
    return None


def recognise(source: Source):
    """``(kind, reader)`` for a source; raises with a precise message when it is not one."""
    if source.rows is None and meta.is_daily(source):
        return "harian", meta.read_daily
    rows = split_rows(source)
    if any([c.strip() for c in row] == ["Date", "Primary"] for row in rows[:3]):
        raise ImportProblem(
            source.name,
            "file metrik harian Meta ini sudah diubah: baris pertama 'sep=,' hilang dan "
            "encoding-nya bukan lagi UTF-16 (tanda file dibuka lalu disimpan ulang dengan "
            "Excel). " + REEXPORT_HINT,
        )
    header = [h.strip().lstrip("\ufeff") for h in rows[0]] if rows else []
    if not header:
        raise ImportProblem(
            source.name, "file kosong (0 baris data). Unduh ulang dari platformnya."
        )
    if youtube.is_table(header):
        return "posting", youtube.read_table
    if youtube.is_totals(source, header):
        return "harian", youtube.read_totals
    if youtube.is_chart(source):
        return "lewati", None
    if meta.is_posts(header):
        return "posting", meta.read_posts
    if x.is_content(header) or {"Post id", "Date"} <= set(header) and "Link" in header:
        return "posting", x.read_content
    if x.is_overview(header):
        return "harian", x.read_overview
    if x.is_activity(header):
        return "posting", x.read_activity
    names = set(header)
    if set(tiktok.CONTENT) <= names:
        return "posting", tiktok.read_content
    if set(tiktok.OVERVIEW) <= names:
        return "harian", tiktok.read_overview
    if set(tiktok.FOLLOWERS) <= names:
        return "harian", tiktok.read_followers
    personal = sorted({h for h in header if h.strip().lower() in PERSONAL_COLUMNS})
    if personal:
        raise ImportProblem(
            source.name,
            f"file ini berisi data pribadi warganet (kolom {', '.join(personal)}), misalnya "
            "ekspor komentar atau pesan. Kit tidak memerlukannya dan tidak membacanya: "
            "pindahkan file ini dari folder yang diimpor dan simpan sesuai aturan data "
            "pribadi instansi Anda.",
        )
    help_text = _indonesian_help(source, header)
    if help_text:
        raise ImportProblem(source.name, help_text)
    tab = tiktok.other_tab(header)
    if tab:
        raise ImportProblem(
            source.name,
            f"file ini dari tab {tab} TikTok Studio, yang tidak dipakai kit. Unduh tab "
            "Overview, Content, dan Followers (ikon unduh di kanan atas tiap tab).",
        )
    tab = youtube.other_tab(header) if youtube.ZIP_NAME.match(source.container) else None
    if tab:
        raise ImportProblem(
            source.name,
            f"file ini ekspor YouTube Studio dari tampilan {tab}, bukan tab Konten (Content). "
            + youtube.TABLE_TAB_HELP,
        )
    shown = ", ".join(header[:8]) + (" ..." if len(header) > 8 else "")
    raise ImportProblem(
        source.name,
        f"file ini bukan ekspor yang dikenal kit (judul kolomnya: {shown}). Bisa jadi dari "
        f"platform atau tab lain, atau judul kolomnya diubah. Yang dibaca kit: {SUPPORTED}.",
    )


# --------------------------------------------------------------------------- reading


def _recency(source: Source) -> str:
    """A sortable stamp of how recent a download is, from the dates in its file name."""
    name = source.container
    stamps = re.findall(r"\d{4}-\d{2}-\d{2}", name)
    stamps += [f"{m[:4]}-{m[4:6]}-{m[6:]}" for m in re.findall(r"(?<!\d)(20\d{6})(?!\d)", name)]
    for month_day_year in re.findall(r"[A-Z][a-z]{2}-\d{2}-\d{4}", name):
        stamps.append(datetime.strptime(month_day_year, "%b-%d-%Y").strftime("%Y-%m-%d"))
    return max(stamps) if stamps else ""


def _labels(source: Source) -> pd.DataFrame:
    df = table(source)
    if "posting_id" not in df.columns or not ({"topik", "lapisan"} & set(df.columns)):
        raise ImportProblem(
            source.name,
            "label_topik.csv harus punya kolom posting_id dan topik (atau lapisan), "
            "boleh juga platform.",
        )
    out = pd.DataFrame({"posting_id": df["posting_id"].str.strip()})
    out["platform"] = df["platform"].str.strip().str.lower() if "platform" in df.columns else ""
    topik = (
        df["topik"].str.strip().str.lower()
        if "topik" in df.columns
        else pd.Series("", index=df.index)
    )
    bad = sorted(set(topik[topik.ne("")]) - set(TOPIK))
    if bad:
        raise ImportProblem(
            source.name, f"topik tidak dikenal: {', '.join(bad)}. Topik kit: {', '.join(TOPIK)}."
        )
    lapisan = (
        df["lapisan"].str.strip().str.lower()
        if "lapisan" in df.columns
        else topik.map(TOPIK_LAPISAN)
    )
    lapisan = lapisan.where(lapisan.ne("") & lapisan.notna(), topik.map(TOPIK_LAPISAN))
    bad = sorted(set(lapisan.dropna()) - set(LAPISAN) - {""})
    if bad:
        raise ImportProblem(
            source.name,
            f"lapisan tidak dikenal: {', '.join(bad)}. Lapisan kit: {', '.join(LAPISAN)}.",
        )
    out["topik"] = topik.where(topik.ne(""))
    out["lapisan"] = lapisan
    return out


def _custom_labels(posts: pd.DataFrame) -> pd.DataFrame:
    """Facebook's "Custom labels": the first label that is a kit topic or layer name."""
    if "label" not in posts.columns:
        return posts
    topik, lapisan = [], []
    for raw in posts["label"].fillna(""):
        words = [w.strip().lower().replace(" ", "_") for w in str(raw).split(",")]
        found_topic = next((w for w in words if w in TOPIK), None)
        found_layer = next((w for w in words if w in LAPISAN), None)
        topik.append(found_topic)
        lapisan.append(TOPIK_LAPISAN.get(found_topic) or found_layer)
    posts = posts.drop(columns="label")
    posts["topik"] = pd.Series(topik, dtype="str", index=posts.index)
    posts["lapisan"] = pd.Series(lapisan, dtype="str", index=posts.index)
    return posts


def read_exports(paths, platform: str | None = None) -> Imported:
    """Read every export file under ``paths`` (files or folders) into the kit's two tables.

    All or nothing: when any file is bad, :class:`ImportFailed` lists every problem and
    nothing is returned. ``platform`` (e.g. ``"tiktok"``) refuses files of other platforms.
    Overlapping downloads are merged: each post (platform, id) and each account-day counts
    once, with the figures of the most recent download.
    """
    found_files = _files(paths)
    key = (platform, tuple((str(p.resolve()), *_stamp(p)) for p in found_files))
    if key in _CACHE:
        return _CACHE[key].copy()
    result = _read(paths, found_files, platform)
    if len(_CACHE) >= 8:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = result
    return result.copy()


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


# Imports already made in this process, keyed by the files' names, sizes and change times:
# a notebook's hidden tests re-read the same folder many times.
_CACHE: dict[tuple, Imported] = {}


def _read(paths, found_files: list[Path], platform: str | None) -> Imported:
    problems: list[ImportProblem] = []
    posts, daily, labels, files, notes = [], [], [], [], []
    for path in found_files:
        try:
            sources = _sources(path)
            for source in sources:
                if source.filename == LABEL_FILE:
                    labels.append(_labels(source))
                    continue
                kind, reader = recognise(source)
                if reader is None:
                    continue
                frame = reader(source)
                found = set(frame["platform"])
                if platform and found != {platform}:
                    raise ImportProblem(
                        source.name,
                        f"file ini ekspor {PLATFORM_NAMES[found.pop()]}, bukan "
                        f"{PLATFORM_NAMES.get(platform, platform)} seperti yang dipilih.",
                    )
                frame["_urutan"] = _recency(source)
                frame["_nama"] = source.name
                (posts if kind == "posting" else daily).append(frame)
                notes += source.notes
            files.append(str(path))
        except ImportProblem as problem:
            problems.append(problem)
    if problems:
        raise ImportFailed(problems)
    if not posts and not daily:
        raise ImportFailed(
            [
                ImportProblem(
                    str(paths),
                    f"tidak ada file ekspor yang bisa dibaca. Yang dibaca kit: {SUPPORTED}.",
                )
            ]
        )
    post_table, merged = _merge_posts(posts)
    if merged:
        notes.append(
            f"{merged} baris unggahan muncul lebih dari sekali (unduhan yang tumpang tindih) "
            "dan dihitung sekali, dengan angka dari unduhan terbaru."
        )
    if labels:
        post_table = _apply_labels(post_table, pd.concat(labels, ignore_index=True), notes)
    daily_table, merged_days = _merge_daily(daily, post_table)
    if merged_days:
        notes.append(
            f"{merged_days} nilai harian muncul di lebih dari satu unduhan dan dihitung sekali."
        )
    return Imported(post_table, daily_table, files, notes)


def _merge_posts(frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, int]:
    if not frames:
        return posts_frame({}, 0), 0
    frames = [_custom_labels(f) for f in frames]
    df = pd.concat(frames, ignore_index=True).sort_values(["_urutan", "_nama"], kind="stable")
    before = len(df)
    df = df.drop_duplicates(["platform", "posting_id"], keep="last")
    df = df.sort_values(["platform", "waktu_unggah", "posting_id"], kind="stable")
    return normalise_posts(df.reset_index(drop=True)), before - len(df)


def _merge_daily(frames: list[pd.DataFrame], posts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    if not frames:
        return daily_frame({}, 0), 0
    df = pd.concat(frames, ignore_index=True).sort_values(["_urutan", "_nama"], kind="stable")
    accounts = posts.groupby("platform")["akun"].unique()
    for name, found in accounts.items():
        if len(found) == 1:
            df.loc[(df["platform"] == name) & df["akun"].fillna("").eq(""), "akun"] = found[0]
    df["akun"] = df["akun"].fillna("")
    values = [c for c in DAILY_COLUMNS if c not in ("platform", "akun", "tanggal")]
    keys = ["platform", "akun", "tanggal"]
    repeated = int((df.groupby(keys)[values].count() > 1).to_numpy().sum())
    merged = df.groupby(keys, sort=True, as_index=False)[values].last()
    return normalise_daily(merged), repeated


def _apply_labels(posts: pd.DataFrame, labels: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    labels = labels.drop_duplicates(["platform", "posting_id"], keep="last")
    by_platform, by_id = {}, {}
    for row in labels.itertuples(index=False):
        value = (
            row.topik if isinstance(row.topik, str) else None,
            row.lapisan if isinstance(row.lapisan, str) else None,
        )
        if row.platform:
            by_platform[(row.platform, row.posting_id)] = value
        else:
            by_id[row.posting_id] = value
    keys = list(zip(posts["platform"], posts["posting_id"], strict=True))
    known = set(keys) | {pid for _, pid in keys}
    missing = [k for k in by_platform if k not in known] + [k for k in by_id if k not in known]
    if missing:
        shown = ", ".join(str(k[1] if isinstance(k, tuple) else k) for k in missing[:5])
        notes.append(
            f"label_topik.csv: {len(missing)} unggahan tidak ada di ekspor (mis. {shown})."
        )
    found = [by_platform.get(key) or by_id.get(key[1]) for key in keys]
    posts = posts.copy()
    posts["topik"] = [f[0] if f and f[0] else t for f, t in zip(found, posts["topik"], strict=True)]
    posts["lapisan"] = [
        f[1] if f and f[1] else v for f, v in zip(found, posts["lapisan"], strict=True)
    ]
    return normalise_posts(posts)


__all__ = ["POST_COLUMNS", "DAILY_COLUMNS", "Imported", "ImportFailed", "read_exports"]
