"""YouTube Studio exports (Analytics → Advanced mode → Export → CSV).

The download is a ZIP ``<tab> <start>_<end> <channel>.zip`` holding ``Table data.csv``
(one row per video after a ``Total`` row), ``Chart data.csv`` and ``Totals.csv`` (the
chosen metric per day, for the chart and for the whole channel). With the interface in
Bahasa Indonesia the members are ``Data tabel.csv`` / ``Data diagram.csv`` / ``Total.csv``
and the headers are Indonesian: beware that *Penayangan* is views and *Tayangan* is
impressions, and numbers use a decimal comma.
"""

from __future__ import annotations

import re

import pandas as pd

from medsos.impor.core import (
    ENGLISH_MONTHS,
    INDONESIAN_MONTHS,
    ImportProblem,
    Source,
    counts,
    daily_frame,
    decimals,
    one_line,
    posts_frame,
    require,
    table,
)

ZIP_NAME = re.compile(
    r"^(?P<tab>.+?) (?P<start>\d{4}-\d{2}-\d{2})_(?P<end>\d{4}-\d{2}-\d{2}) (?P<channel>.+)\.zip$"
)
# Shorts may run up to 3 minutes since 15 October 2024 (YouTube Help, "Upload YouTube Shorts").
SHORT_SECONDS = 180

# Kit column -> header in English, header in Indonesian.
TABLE_COLUMNS = {
    "posting_id": ("Content", "Konten"),
    "judul": ("Video title", "Judul video"),
    "waktu_unggah": ("Video publish time", "Waktu publikasi video"),
    "durasi": ("Duration", "Durasi"),
    "tonton": ("Views", "Penayangan"),
    "jam_tonton": ("Watch time (hours)", "Waktu tonton (jam)"),
    "pengikut_baru": ("Subscribers", "Subscriber"),
    "tayangan": ("Impressions", "Tayangan"),
    "ctr": ("Impressions click-through rate (%)", "Rasio klik-tayang dari tayangan (%)"),
    # Optional metrics an admin may add to the table in Advanced mode.
    "suka": ("Likes", "Suka"),
    "komentar": ("Comments added", "Komentar yang ditambahkan"),
    "bagikan": ("Shares", "Berbagi"),
}
# Newer English files say "Thumbnail impressions".
ALIASES = {
    "Thumbnail impressions": "Impressions",
    "Thumbnail impressions click-through rate (%)": "Impressions click-through rate (%)",
}
OTHER_FIRST_COLUMNS = {
    "Traffic source": "Sumber traffic",
    "Sumber traffic": "Sumber traffic",
    "Geography": "Geografi",
    "Geografi": "Geografi",
    "Viewer age": "Usia penonton",
    "Usia penonton": "Usia penonton",
    "Device type": "Jenis perangkat",
    "Jenis perangkat": "Jenis perangkat",
}
TOTAL_METRICS = {
    "Views": "tonton",
    "Penayangan": "tonton",
    "Impressions": "tayangan",
    "Tayangan": "tayangan",
    "Subscribers": "bertambah",
    "Subscriber": "bertambah",
}
TABLE_TAB_HELP = (
    "Di YouTube Studio buka Analytics → Mode lanjutan (Advanced mode), pilih tab Konten "
    "(Content), pilih rentang tanggal, lalu tekan Ekspor tampilan saat ini (Export current "
    "view) → Comma-separated values (.csv)."
)


def is_table(header: list[str]) -> bool:
    first = header[0] if header else ""
    return first in ("Content", "Konten") and any(
        h in header for h in ("Video title", "Judul video")
    )


def is_totals(source: Source, header: list[str]) -> bool:
    return (
        source.filename in ("Totals.csv", "Total.csv")
        and len(header) >= 2
        and header[0] in ("Date", "Tanggal")
    )


def is_chart(source: Source) -> bool:
    """``Chart data.csv``: per video per day, the same views as ``Totals.csv`` (skipped)."""
    return source.filename in ("Chart data.csv", "Data diagram.csv")


def other_tab(header: list[str]) -> str | None:
    return OTHER_FIRST_COLUMNS.get(header[0]) if header else None


def _channel(source: Source) -> str:
    match = ZIP_NAME.match(source.container)
    return match["channel"].strip() if match else ""


def _publish_dates(source: Source, values: pd.Series, column: str, indonesian: bool) -> pd.Series:
    months = INDONESIAN_MONTHS if indonesian else ENGLISH_MONTHS
    example = "28 Agu 2025" if indonesian else "Aug 28, 2025"
    pattern = (
        re.compile(r"^(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})$")
        if indonesian
        else re.compile(r"^([A-Za-z]{3,9}) (\d{1,2}), (\d{4})$")
    )
    out = []
    for raw in values:
        match = pattern.match(str(raw).strip())
        if match:
            day, word, year = match.groups() if indonesian else (match[2], match[1], match[3])
            month = months.get(word.lower())
            if month:
                out.append(pd.Timestamp(int(year), month, int(day)))
                continue
        raise ImportProblem(
            source.name,
            f"tanggal '{raw}' di kolom '{column}' tidak berbentuk seperti ekspor YouTube asli "
            f"('{example}'): tanggal diubah, biasanya oleh Excel. Unduh ulang file aslinya.",
        )
    return pd.Series(out, dtype="datetime64[us]", index=values.index)


def read_table(source: Source) -> pd.DataFrame:
    """``Table data.csv`` / ``Data tabel.csv`` of the Content tab as the kit's posts table."""
    df = table(source).rename(columns=ALIASES)
    indonesian = df.columns[0] == "Konten"
    lang = 1 if indonesian else 0
    names = {kit: pair[lang] for kit, pair in TABLE_COLUMNS.items()}
    wanted = ["posting_id", "waktu_unggah", "durasi", "tonton"]
    require(source, df, [names[k] for k in wanted], "ekspor tab Konten YouTube")
    df = df[df[names["posting_id"]].str.strip().ne("Total")].reset_index(drop=True)
    if df.empty:
        raise ImportProblem(
            source.name,
            "file hanya berisi baris Total, tanpa video. Pilih rentang tanggal yang memuat "
            "video yang diunggah, lalu ekspor ulang.",
        )
    decimal = "," if indonesian else "."
    seconds = counts(source, df[names["durasi"]], names["durasi"], decimal)
    rows: dict[str, object] = {
        "platform": "youtube",
        "akun": _channel(source),
        "posting_id": df[names["posting_id"]].str.strip(),
        "waktu_unggah": _publish_dates(
            source, df[names["waktu_unggah"]], names["waktu_unggah"], indonesian
        ),
        "jam_tersedia": False,
        "format": pd.Series(seconds).map(
            lambda s: (
                pd.NA if pd.isna(s) else ("video_pendek" if s <= SHORT_SECONDS else "video_panjang")
            )
        ),
        "judul": df.get(names["judul"], pd.Series([""] * len(df))).map(one_line),
        "tautan": "https://www.youtube.com/watch?v=" + df[names["posting_id"]].str.strip(),
        "tonton": counts(source, df[names["tonton"]], names["tonton"], decimal),
        "berkas": source.container,
    }
    for kit in ("tayangan", "pengikut_baru", "suka", "komentar", "bagikan"):
        if names[kit] in df.columns:
            rows[kit] = counts(source, df[names[kit]], names[kit], decimal)
    for kit in ("jam_tonton", "ctr"):  # checked for Excel damage, not kept
        if names[kit] in df.columns:
            decimals(source, df[names[kit]], names[kit], decimal)
    return posts_frame(rows, len(df))


def read_totals(source: Source) -> pd.DataFrame:
    """``Totals.csv``: the channel's chosen metric per day (views unless changed)."""
    df = table(source)
    indonesian = df.columns[0] == "Tanggal"
    metric = df.columns[-1]
    if metric not in TOTAL_METRICS:
        raise ImportProblem(
            source.name,
            f"metrik harian '{metric}' tidak dipakai kit; pilih Penayangan (Views) di grafik "
            "sebelum mengekspor.",
        )
    parsed = pd.to_datetime(df[df.columns[0]].str.strip(), format="%Y-%m-%d", errors="coerce")
    if parsed.isna().any():
        bad = df.loc[parsed.isna(), df.columns[0]].iloc[0]
        raise ImportProblem(
            source.name,
            f"tanggal '{bad}' tidak berbentuk seperti ekspor YouTube asli ('2025-08-01'): "
            "tanggal diubah, biasanya oleh Excel. Unduh ulang file aslinya.",
        )
    return daily_frame(
        {
            "platform": "youtube",
            "akun": _channel(source),
            "tanggal": parsed.astype("datetime64[us]"),
            TOTAL_METRICS[metric]: counts(source, df[metric], metric, "," if indonesian else "."),
        },
        len(df),
    )
