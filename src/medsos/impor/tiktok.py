"""TikTok Studio exports: one ZIP (or CSV, or XLSX) per Analytics tab.

``Overview_<first day>_<epoch>_<handle>.zip`` holds ``Overview.csv`` (``Date, Video Views,
Profile Views, Likes, Comments, Shares``); ``Followers_<first day>_<epoch>_<handle>.zip``
holds ``FollowerHistory.csv`` (``Date, Followers, Difference in followers from previous
day``); ``Content_<handle>.zip`` holds ``Content.csv`` (``Video title, Video link, Post
time, Total likes, Total comments, Total shares, Total views``). CSVs are UTF-8 with BOM,
every field quoted, ``undefined`` for missing values. Dates carry no year (``September 5``,
sometimes ``28 August``): the year comes from the first day in the file name, and for
videos from the video id, whose top 32 bits are the upload time in Unix seconds.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pandas as pd

from medsos.impor.core import (
    ENGLISH_MONTHS,
    ONLY_INDONESIAN_MONTHS,
    ImportProblem,
    Source,
    counts,
    daily_frame,
    one_line,
    posts_frame,
    require,
    table,
)

ZIP_NAME = re.compile(
    r"^(?P<tab>Overview|Content|Followers|Viewers|Live|Insights)_"
    r"(?:(?P<first>\d{4}-\d{2}-\d{2})_(?P<epoch>\d{9,11})_)?(?P<handle>[^/]+?)\.(zip|csv|xlsx)$"
)
OVERVIEW = ["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"]
FOLLOWERS = ["Date", "Followers", "Difference in followers from previous day"]
CONTENT = [
    "Video link",
    "Post time",
    "Total likes",
    "Total comments",
    "Total shares",
    "Total views",
]
OTHER_TABS = {
    "Total Viewers": "Viewers (Penonton)",
    "New Viewers": "Viewers (Penonton)",
    "Gender": "Followers: jenis kelamin pengikut",
    "Top territories": "Followers: wilayah pengikut",
    "Active followers": "Followers: jam aktif pengikut",
}
INDONESIAN_WORDS = {
    "tanggal",
    "penayangan video",
    "tampilan profil",
    "suka",
    "komentar",
    "bagikan",
    "pengikut",
    "judul video",
    "tautan video",
    "waktu posting",
    "total suka",
    "total komentar",
    "total penayangan",
    "total bagikan",
}
INDONESIAN_HELP = (
    "Ekspor TikTok Studio dengan tampilan Bahasa Indonesia belum didukung kit (nama kolom "
    "dan nama bulannya berbeda dan belum terdokumentasi, jadi kit tidak menebaknya). Yang "
    "perlu dilakukan: di TikTok Studio (tiktok.com/tiktokstudio) buka Pengaturan → Bahasa, "
    "pilih English; buka Analitik (Analytics), pilih tab dan rentang tanggal yang sama, tekan "
    "Unduh data (Download data) → CSV, lalu impor file yang baru."
)
VIDEO_ID = re.compile(r"/video/(\d{15,20})")


def is_tiktok(header: list[str]) -> bool:
    names = set(header)
    return set(OVERVIEW) <= names or set(FOLLOWERS) <= names or set(CONTENT) <= names


def other_tab(header: list[str]) -> str | None:
    for column, tab in OTHER_TABS.items():
        if column in header:
            return tab
    return None


def is_indonesian(header: list[str]) -> bool:
    lowered = {h.strip().lower() for h in header}
    return len(lowered & INDONESIAN_WORDS) >= 2


def handle_and_start(source: Source) -> tuple[str, datetime | None]:
    match = ZIP_NAME.match(source.container)
    if not match:
        return "", None
    first = match["first"]
    start = datetime.strptime(first, "%Y-%m-%d") if first else None
    return match["handle"], start


def _yearless(source: Source, values: pd.Series, column: str, start: datetime) -> pd.Series:
    """``September 5`` / ``28 August`` to dates, the year from ``start`` (rolling over)."""
    out, year, previous = [], start.year, start.month
    for raw in values:
        text = str(raw).strip()
        words = text.replace(",", " ").split()
        lowered = [w.lower() for w in words]
        if any(w in ONLY_INDONESIAN_MONTHS for w in lowered):
            raise ImportProblem(source.name, INDONESIAN_HELP)
        month = next((ENGLISH_MONTHS[w] for w in lowered if w in ENGLISH_MONTHS), None)
        day = next((int(w) for w in words if w.isdigit() and len(w) <= 2), None)
        has_year = any(w.isdigit() and len(w) == 4 for w in words)
        if month is None or day is None or has_year or len(words) != 2:
            raise ImportProblem(
                source.name,
                f"tanggal '{text}' di kolom '{column}' tidak berbentuk seperti ekspor TikTok "
                "asli ('September 5' atau '5 September', tanpa tahun): tanggal diubah, biasanya "
                "oleh Excel. Unduh ulang file aslinya dan jangan membukanya dengan Excel.",
            )
        if month < previous:
            year += 1
        previous = month
        try:
            out.append(datetime(year, month, day))
        except ValueError:
            raise ImportProblem(source.name, f"tanggal '{text}' tidak ada di kalender.") from None
    return pd.Series(out, dtype="datetime64[us]", index=values.index)


def _require_start(source: Source) -> tuple[str, datetime]:
    handle, start = handle_and_start(source)
    if start is None:
        raise ImportProblem(
            source.name,
            "tanggal di file TikTok tidak memuat tahun, dan kit mengambil tahunnya dari nama "
            "file asli (mis. Overview_2025-08-01_1756684800_akunanda.zip). Nama file ini sudah "
            "diubah: unduh ulang dari TikTok Studio, atau kembalikan nama aslinya.",
        )
    return handle, start


def read_overview(source: Source) -> pd.DataFrame:
    df = table(source)
    require(source, df, OVERVIEW, "ekspor Overview TikTok")
    handle, start = _require_start(source)
    return daily_frame(
        {
            "platform": "tiktok",
            "akun": handle,
            "tanggal": _yearless(source, df["Date"], "Date", start),
            "tonton": counts(source, df["Video Views"], "Video Views"),
            "kunjungan_profil": counts(source, df["Profile Views"], "Profile Views"),
            "interaksi": pd.Series(
                counts(source, df["Likes"], "Likes")
                + counts(source, df["Comments"], "Comments")
                + counts(source, df["Shares"], "Shares"),
                dtype="Int64",
            ),
        },
        len(df),
    )


def read_followers(source: Source) -> pd.DataFrame:
    df = table(source)
    require(source, df, FOLLOWERS, "ekspor Followers TikTok")
    handle, start = _require_start(source)
    change = counts(source, df[FOLLOWERS[2]], FOLLOWERS[2])
    gained = pd.Series(change, dtype="Int64").clip(lower=0)
    lost = pd.Series(-change, dtype="Int64").clip(lower=0)
    return daily_frame(
        {
            "platform": "tiktok",
            "akun": handle,
            "tanggal": _yearless(source, df["Date"], "Date", start),
            "pengikut": counts(source, df["Followers"], "Followers"),
            # TikTok gives only the net change a day: gains and losses are not separable.
            "bertambah": gained,
            "berkurang": lost,
        },
        len(df),
    )


def read_content(source: Source) -> pd.DataFrame:
    df = table(source)
    require(source, df, CONTENT, "ekspor Content TikTok")
    handle, _ = handle_and_start(source)
    ids, uploaded = [], []
    for number, link in enumerate(df["Video link"], start=1):
        match = VIDEO_ID.search(str(link))
        if not match:
            raise ImportProblem(
                source.name,
                f"kolom 'Video link' baris data ke-{number} tidak berisi tautan video TikTok "
                f"('{link}'); kit memerlukannya untuk mengenali unggahan dan tahunnya.",
            )
        ids.append(match[1])
        seconds = int(match[1]) >> 32
        uploaded.append(datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None))
    posted = _post_times(source, df["Post time"], uploaded)
    if not handle:
        found = df["Video link"].str.extract(r"tiktok\.com/@([^/]+)/")[0].dropna()
        handle = found.iloc[0] if len(found) else ""
    return posts_frame(
        {
            "platform": "tiktok",
            "akun": handle,
            "posting_id": pd.Series(ids),
            "waktu_unggah": posted,
            "jam_tersedia": True,
            "format": "video_pendek",
            "judul": df.get("Video title", pd.Series([""] * len(df))).map(one_line),
            "tautan": df["Video link"].str.strip(),
            "tonton": counts(source, df["Total views"], "Total views"),
            "suka": counts(source, df["Total likes"], "Total likes"),
            "komentar": counts(source, df["Total comments"], "Total comments"),
            "bagikan": counts(source, df["Total shares"], "Total shares"),
            "berkas": source.container,
        },
        len(df),
    )


def _post_times(source: Source, values: pd.Series, uploaded: list[datetime]) -> pd.Series:
    """Upload times in WIB: the video id's UTC time, checked against the ``Post time`` day."""
    wib = pd.Series(uploaded, dtype="datetime64[us]") + pd.Timedelta(hours=7)
    shown = {}
    for text in set(values):  # a month has at most a few dozen distinct day labels
        shown[text] = _yearless(source, pd.Series([text]), "Post time", datetime(2000, 1, 1))
    days = pd.Series([shown[t].iloc[0] for t in values], dtype="datetime64[us]")
    differs = (days.dt.month.to_numpy() != wib.dt.month.to_numpy()) | (
        days.dt.day.to_numpy() != wib.dt.day.to_numpy()
    )
    if differs.any():
        first = int(differs.argmax())
        raise ImportProblem(
            source.name,
            f"'Post time' '{values.iloc[first]}' tidak cocok dengan tanggal unggah pada tautan "
            f"videonya ({wib.iloc[first]:%d-%m-%Y}): file ini kemungkinan diubah. Unduh ulang "
            "file aslinya.",
        )
    return wib
