"""X (Twitter) analytics exports.

``account_analytics_content_<from>_<to>.csv`` (at most 90 days) has one row per post:
``Post id, Date, Post text, Post Link, Impressions, Likes, Engagements, Bookmarks, Shares,
New follows, Replies, Reposts, Profile visits, Detail Expands, URL Clicks, Hashtag Clicks,
Permalink Clicks`` with ``Date`` like ``Sun, Sep 13, 2026``; an early-2025 wording said
``Link``, ``Share``, ``Url clicks`` and ``Mon Feb 17 2025``. ``account_overview_analytics``
has one row per day. The retired ``tweet_activity_metrics_<handle>_<from>_<to>_en.csv``
(before 2024) has lower-case names and ``time`` in UTC (``2019-08-01 10:15 +0000``).
"""

from __future__ import annotations

import re

import pandas as pd

from medsos.impor.core import (
    ImportProblem,
    Source,
    counts,
    daily_frame,
    dates,
    one_line,
    posts_frame,
    require,
    table,
)

# The two wordings of the content file: our name -> header.
CONTENT_WORDINGS = [
    {"link": "Post Link", "shares": "Shares", "date": ("%a, %b %d, %Y", "Sun, Sep 13, 2026")},
    {"link": "Link", "shares": "Share", "date": ("%a %b %d %Y", "Mon Feb 17 2025")},
]
CONTENT_CORE = ["Post id", "Date", "Impressions", "Likes", "Replies", "Reposts", "Bookmarks"]
OVERVIEW_CORE = ["Date", "Impressions", "Likes", "Engagements", "New follows", "Unfollows"]
ACTIVITY_CORE = [
    "Tweet id",
    "Tweet permalink",
    "time",
    "impressions",
    "retweets",
    "replies",
    "likes",
]
ACTIVITY_NAME = re.compile(r"^tweet_activity_metrics_(?P<handle>.+?)_\d{8}_\d{8}_[a-z]{2}\.csv$")
INDONESIAN_WORDS = {
    "id postingan",
    "tanggal",
    "teks postingan",
    "tautan postingan",
    "tayangan",
    "suka",
    "interaksi",
    "markah",
    "balasan",
    "posting ulang",
    "pengikut baru",
}
INDONESIAN_HELP = (
    "Ekspor analitik X dengan tampilan Bahasa Indonesia belum didukung kit (nama kolom dan "
    "tanggalnya berbeda dan belum terdokumentasi, jadi kit tidak menebaknya). Yang perlu "
    "dilakukan: di X buka Setelan dan privasi → Aksesibilitas, tampilan, dan bahasa → Bahasa "
    "→ Bahasa tampilan, pilih English; buka Analytics, pilih rentang tanggal yang sama "
    "(paling lama 90 hari), tekan Export data, lalu impor file yang baru."
)


def is_content(header: list[str]) -> bool:
    return set(CONTENT_CORE) <= set(header)


def is_overview(header: list[str]) -> bool:
    return set(OVERVIEW_CORE) <= set(header) and "Post id" not in header


def is_activity(header: list[str]) -> bool:
    return set(ACTIVITY_CORE) <= set(header)


def is_indonesian(header: list[str]) -> bool:
    lowered = {h.strip().lower() for h in header}
    return len(lowered & INDONESIAN_WORDS) >= 3 and "tayangan" in lowered


def _handle(links: pd.Series) -> str:
    found = links.str.extract(r"(?:x|twitter)\.com/([^/]+)/status/")[0].dropna()
    return found.iloc[0] if len(found) else ""


def read_content(source: Source) -> pd.DataFrame:
    df = table(source)
    wording = next((w for w in CONTENT_WORDINGS if w["link"] in df.columns), None)
    if wording is None:
        raise ImportProblem(
            source.name, "kolom 'Post Link' (atau 'Link' pada file awal 2025) tidak ada."
        )
    require(source, df, CONTENT_CORE + [wording["shares"]], "ekspor konten X")
    fmt, example = wording["date"]
    when = dates(source, df["Date"], "Date", fmt, example)
    return posts_frame(
        {
            "platform": "x",
            "akun": _handle(df[wording["link"]]),
            "posting_id": df["Post id"].str.strip(),
            "waktu_unggah": when,
            "jam_tersedia": False,
            "format": "teks",
            "judul": df.get("Post text", pd.Series([""] * len(df))).map(one_line),
            "tautan": df[wording["link"]].str.strip(),
            "tayangan": counts(source, df["Impressions"], "Impressions"),
            "suka": counts(source, df["Likes"], "Likes"),
            "komentar": counts(source, df["Replies"], "Replies"),
            # X counts reposts and shares (link, DM) apart: both are sharing acts.
            "bagikan": pd.Series(
                counts(source, df["Reposts"], "Reposts")
                + counts(source, df[wording["shares"]], wording["shares"]),
                dtype="Int64",
            ),
            "simpan": counts(source, df["Bookmarks"], "Bookmarks"),
            "pengikut_baru": counts(source, df["New follows"], "New follows")
            if "New follows" in df.columns
            else pd.array([pd.NA] * len(df), dtype="Int64"),
            "berkas": source.container,
        },
        len(df),
    )


def read_overview(source: Source) -> pd.DataFrame:
    df = table(source)
    wording = CONTENT_WORDINGS[0] if "," in df["Date"].iloc[0] else CONTENT_WORDINGS[1]
    fmt, example = wording["date"]
    when = dates(source, df["Date"], "Date", fmt, example)
    rows: dict[str, object] = {
        "platform": "x",
        "akun": "",
        "tanggal": when,
        "tayangan": counts(source, df["Impressions"], "Impressions"),
        "bertambah": counts(source, df["New follows"], "New follows"),
        "berkurang": counts(source, df["Unfollows"], "Unfollows"),
        "interaksi": counts(source, df["Engagements"], "Engagements"),
    }
    if "Profile visits" in df.columns:
        rows["kunjungan_profil"] = counts(source, df["Profile visits"], "Profile visits")
    if "Video views" in df.columns:
        rows["tonton"] = counts(source, df["Video views"], "Video views")
    return daily_frame(rows, len(df))


def read_activity(source: Source) -> pd.DataFrame:
    """The retired ``tweet_activity_metrics`` file; its UTC times become WIB."""
    df = table(source)
    require(source, df, ACTIVITY_CORE, "ekspor tweet_activity X lama")
    utc = pd.to_datetime(df["time"].str.strip(), format="%Y-%m-%d %H:%M %z", errors="coerce")
    if utc.isna().any():
        bad = df.loc[utc.isna(), "time"].iloc[0]
        raise ImportProblem(
            source.name,
            f"waktu '{bad}' di kolom 'time' tidak berbentuk seperti ekspor asli "
            "('2019-08-01 10:15 +0000'): tanggal diubah, biasanya oleh Excel. Unduh ulang "
            "file aslinya.",
        )
    wib = utc.dt.tz_convert("Asia/Jakarta").dt.tz_localize(None).astype("datetime64[us]")
    match = ACTIVITY_NAME.match(source.filename)
    return posts_frame(
        {
            "platform": "x",
            "akun": match["handle"] if match else _handle(df["Tweet permalink"]),
            "posting_id": df["Tweet id"].str.strip(),
            "waktu_unggah": wib,
            "jam_tersedia": True,
            "format": "teks",
            "judul": df.get("Tweet text", pd.Series([""] * len(df))).map(one_line),
            "tautan": df["Tweet permalink"].str.strip(),
            "tayangan": counts(source, df["impressions"], "impressions"),
            "suka": counts(source, df["likes"], "likes"),
            "komentar": counts(source, df["replies"], "replies"),
            "bagikan": counts(source, df["retweets"], "retweets"),
            "pengikut_baru": counts(source, df["follows"], "follows")
            if "follows" in df.columns
            else pd.array([pd.NA] * len(df), dtype="Int64"),
            "berkas": source.container,
        },
        len(df),
    )
