"""Synthetic export files in the platforms' exact formats, for the tests, module 05 and demos.

Everything is invented and deterministic (fixed seed). :func:`write_samples` writes

* ``datasets/ekspor/``: one synthetic agency (``@contoh_kominfo_jatim``), August 2025, every
  platform as downloaded, including an overlapping Facebook download, daily metrics and a
  ``label_topik.csv``; module 05 and ``medsos rapor`` use it;
* ``datasets/ekspor_lain/``: other valid forms (early-2025 wordings, the retired X file,
  TikTok XLSX with day-first dates over a year end, YouTube in Bahasa Indonesia, a Meta
  daily file without its platform in the title);
* ``datasets/ekspor_rusak/``: one broken variant per problem an admin meets (see
  :data:`BROKEN`, which also says which words the error message must contain).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250801
HANDLE = "contoh_kominfo_jatim"
PAGE_NAME = "Contoh Kominfo Jatim (data sintetis)"
PAGE_ID = "100000000000001"
IG_ACCOUNT_ID = "17840000000000001"
CHANNEL = "Contoh Kominfo Jatim"
ZIP_TIME = (2025, 9, 1, 8, 0, 0)
MONTH_START = datetime(2025, 8, 1)
DAYS = 31
# The planted crisis: a service-application outage on 19 August 2025 (invented).
CRISIS_DAY = datetime(2025, 8, 19)

TOPIC_WORDS = {
    "layanan": "Layanan pengaduan online kini buka 24 jam",
    "kebijakan": "Penjelasan aturan baru perizinan",
    "capaian_program": "Capaian program internet desa semester ini",
    "edukasi": "Cara mengenali hoaks di grup percakapan",
    "seremonial": "Kepala dinas menghadiri upacara dan penandatanganan",
    "di_balik_layar": "Di balik layar ruang kendali",
    "repost_instansi": "Info dari instansi mitra",
    "ucapan_hari_besar": "Selamat Hari Kemerdekaan RI ke-80",
    "kuis": "Kuis Jumat: tebak lokasi ini",
    "hiburan_tren": "Ikut tren: ASN juga bisa",
}
TOPIC_WEIGHT = {
    "layanan": 3,
    "kebijakan": 2,
    "capaian_program": 2,
    "edukasi": 3,
    "seremonial": 4,
    "di_balik_layar": 1,
    "repost_instansi": 1,
    "ucapan_hari_besar": 1,
    "kuis": 1,
    "hiburan_tren": 1,
}
TOPIC_FACTOR = {"seremonial": 0.5, "ucapan_hari_besar": 0.7, "layanan": 1.2, "edukasi": 1.2}
HOURS = [7, 8, 9, 10, 12, 13, 15, 16, 19, 20, 21]
FORMAT_FACTOR = {
    "foto": 1.0,
    "karusel": 1.4,
    "video_pendek": 2.5,
    "video_panjang": 1.2,
    "tautan": 0.6,
    "teks": 0.5,
}


@dataclass
class Broken:
    path: str  # inside ekspor_rusak/
    words: tuple[str, ...]  # words the error message must contain (lower case)
    what: str  # the problem, for the README


# --------------------------------------------------------------------------- writing helpers


def _csv_text(header: list[str], rows: list[list], quote_all: bool = False, sep: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=sep,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator="\n",
    )
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def _utf8_bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _utf16(text: str) -> bytes:
    return "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _xlsx(rows: list[list]) -> bytes:
    """An XLSX workbook with every cell stored as text, byte-identical on every run."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append([None if v is None else str(v) for v in row])
    for cell_row in sheet.iter_rows():
        for cell in cell_row:
            cell.data_type = "s"
    fixed = datetime(2025, 9, 1, 8, 0, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.properties.creator = "TikTok"
    raw = io.BytesIO()
    book.save(raw)
    # openpyxl stamps the ZIP members with the current time: repack with a fixed one.
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    members = {}
    for info in source.infolist():
        data = source.read(info)
        if info.filename == "docProps/core.xml":
            data = _fixed_core_times(data)
        members[info.filename] = data
    return _zip(members)


# --------------------------------------------------------------------------- the agency's month


def _topics(rng: np.random.Generator, n: int) -> list[str]:
    names = list(TOPIC_WEIGHT)
    weights = np.array([TOPIC_WEIGHT[t] for t in names], dtype=float)
    return list(rng.choice(names, size=n, p=weights / weights.sum()))


def _times(
    rng: np.random.Generator, n: int, start: datetime = MONTH_START, days: int = DAYS
) -> list[datetime]:
    out = []
    for _ in range(n):
        day = int(rng.integers(0, days))
        hour = int(rng.choice(HOURS))
        minute = int(rng.integers(0, 12)) * 5
        out.append(start + timedelta(days=day, hours=hour, minutes=minute))
    return sorted(out)


def _reach(rng, base: float, fmt: str, topic: str, when: datetime) -> int:
    hour = 1.6 if 19 <= when.hour <= 21 else 1.0
    noise = float(rng.lognormal(0.0, 0.25))
    return max(20, round(base * FORMAT_FACTOR[fmt] * TOPIC_FACTOR.get(topic, 1.0) * hour * noise))


RATE_FACTOR = {"video_pendek": 1.3, "karusel": 1.15, "teks": 0.8}


def _interactions(
    rng, reach: int, topic: str, fmt: str = "foto", when: datetime | None = None
) -> tuple[int, int, int, int]:
    evening = 1.3 if when is not None and 19 <= when.hour <= 21 else 1.0
    rate = 0.05 * TOPIC_FACTOR.get(topic, 1.0) * RATE_FACTOR.get(fmt, 1.0) * evening
    rate *= float(rng.lognormal(0.0, 0.2))
    total = max(1, round(reach * rate))
    likes = round(total * 0.72)
    comments = round(total * 0.12)
    shares = round(total * 0.10)
    saves = max(0, total - likes - comments - shares)
    return likes, comments, shares, saves


def _caption(topic: str, number: int) -> str:
    return (
        f"{TOPIC_WORDS[topic]} (unggahan contoh {number})\n"
        "Info lengkap: kunjungi situs resmi. #DataSintetis #JatimBangkit"
    )


def facebook_posts(
    seed: int = SEED,
    start: datetime = MONTH_START,
    days: int = DAYS,
    n: int = 42,
    scale: float = 1.0,
) -> list[dict]:
    rng = np.random.default_rng(seed)
    kinds = rng.choice(
        ["Photos", "Reels", "Videos", "Links", "Text"], size=n, p=[0.45, 0.25, 0.1, 0.12, 0.08]
    )
    fmt_of = {
        "Photos": "foto",
        "Reels": "video_pendek",
        "Videos": "video_panjang",
        "Links": "tautan",
        "Text": "teks",
    }
    posts = []
    for i, (when, kind, topic) in enumerate(
        zip(_times(rng, n, start, days), kinds, _topics(rng, n), strict=True)
    ):
        reach = round(_reach(rng, 1800, fmt_of[kind], topic, when) * scale)
        likes, comments, shares, _ = _interactions(rng, reach, topic, fmt_of[kind], when)
        crisis = 0 <= (when - CRISIS_DAY).total_seconds() < 2 * 86400
        posts.append(
            {
                "id": f"{PAGE_ID}_{int(when.timestamp()) * 10 + i % 10}",
                "when": when,
                "kind": kind,
                "topic": topic,
                "reach": reach,
                "views": round(reach * float(rng.uniform(1.2, 1.6))),
                "likes": likes,
                "comments": comments * (4 if crisis else 1),
                "shares": shares,
                "hide": int(rng.integers(0, 3)) + (25 if crisis else 0),
                "seconds": int(rng.integers(15, 60))
                if kind == "Reels"
                else int(rng.integers(120, 600))
                if kind == "Videos"
                else 0,
            }
        )
    return posts


FB_HEADER = [
    "Post ID",
    "Page ID",
    "Page name",
    "Title",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Caption type",
    "Permalink",
    "Is crosspost",
    "Is share",
    "Post type",
    "Languages",
    "Custom labels",
    "Funded content status",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Reactions",
    "Comments",
    "Shares",
    "Total clicks",
    "Link clicks",
    "Other clicks",
    "Matched audience targeting consumption (Photo click)",
    "Negative feedback from users: Hide all",
    "Seconds viewed",
    "Average Seconds viewed",
    "Estimated earnings (USD)",
    "Ad CPM (USD)",
    "Ad impressions",
]


def facebook_csv(posts: list[dict], early_2025: bool = False) -> str:
    header = list(FB_HEADER)
    if early_2025:
        header[header.index("Views")] = "Impressions"
        header.append("reels_plays:count")
    rows = []
    for p in posts:
        row = [
            p["id"],
            PAGE_ID,
            PAGE_NAME,
            "",
            _caption(p["topic"], p["id"][-4:]),
            p["seconds"],
            p["when"].strftime("%m/%d/%Y %H:%M"),
            "",
            f"https://www.facebook.com/{p['id']}",
            "No",
            "No",
            p["kind"],
            "",
            p["topic"],
            "",
            "",
            "Lifetime",
            p["views"],
            p["reach"],
            p["likes"],
            p["comments"],
            p["shares"],
            round(p["reach"] * 0.03),
            round(p["reach"] * 0.01),
            round(p["reach"] * 0.02),
            round(p["reach"] * 0.015),
            p["hide"],
            p["seconds"] * p["reach"] // 10,
            round(p["seconds"] / 3, 1),
            "",
            "",
            "",
        ]
        if early_2025:
            row.append(round(p["reach"] * 1.8) if p["kind"] == "Reels" else "")
        rows.append(row)
    return _csv_text(header, rows)


def instagram_posts(seed: int = SEED + 1, n: int = 36) -> list[dict]:
    rng = np.random.default_rng(seed)
    kinds = rng.choice(["IG image", "IG reel", "IG carousel"], size=n, p=[0.4, 0.35, 0.25])
    fmt_of = {"IG image": "foto", "IG reel": "video_pendek", "IG carousel": "karusel"}
    posts = []
    for i, (when, kind, topic) in enumerate(
        zip(_times(rng, n), kinds, _topics(rng, n), strict=True)
    ):
        reach = _reach(rng, 2400, fmt_of[kind], topic, when)
        likes, comments, shares, saves = _interactions(rng, reach, topic, fmt_of[kind], when)
        posts.append(
            {
                "id": f"1790000000{int(when.timestamp()) % 10_000_000:07d}{i:02d}",
                "when": when,
                "kind": kind,
                "topic": topic,
                "reach": reach,
                "views": round(reach * float(rng.uniform(1.3, 2.0))),
                "likes": likes,
                "comments": comments,
                "shares": shares,
                "saves": saves,
                "follows": int(rng.integers(0, 6)),
                "seconds": int(rng.integers(10, 90)) if kind == "IG reel" else 0,
            }
        )
    return posts


IG_HEADER = [
    "Post ID",
    "Account ID",
    "Account username",
    "Account name",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Permalink",
    "Post type",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Likes",
    "Shares",
    "Follows",
    "Comments",
    "Saves",
]


def instagram_csv(posts: list[dict]) -> str:
    rows = []
    for p in posts:
        views = f"{p['views']:,}"  # Meta writes thousands with a comma in this file
        rows.append(
            [
                p["id"],
                IG_ACCOUNT_ID,
                HANDLE,
                PAGE_NAME,
                _caption(p["topic"], p["id"][-4:]),
                p["seconds"],
                p["when"].strftime("%m/%d/%Y %H:%M"),
                f"https://www.instagram.com/p/C{p['id'][-8:]}/",
                p["kind"],
                "",
                "Lifetime",
                views,
                p["reach"],
                p["likes"],
                p["shares"],
                p["follows"],
                p["comments"],
                p["saves"],
            ]
        )
    return _csv_text(IG_HEADER, rows)


def meta_daily(title: str, values: list[int], start: datetime = MONTH_START) -> bytes:
    lines = ["sep=,", f'"{title}"', '"Date","Primary"']
    for i, value in enumerate(values):
        lines.append(f'"{(start + timedelta(days=i)):%Y-%m-%dT%H:%M:%S}","{value}"')
    return _utf16("\n".join(lines) + "\n")


def _daily_series(rng, base: float, n: int = DAYS, spike: float = 1.0) -> list[int]:
    out = []
    for i in range(n):
        day = MONTH_START + timedelta(days=i)
        factor = spike if 0 <= (day - CRISIS_DAY).days < 2 else 1.0
        out.append(max(0, round(base * factor * float(rng.lognormal(0.0, 0.2)))))
    return out


def tiktok_videos(seed: int = SEED + 2, n: int = 24) -> list[dict]:
    rng = np.random.default_rng(seed)
    videos = []
    for when, topic in zip(_times(rng, n), _topics(rng, n), strict=True):
        views = _reach(rng, 5200, "video_pendek", topic, when)
        likes, comments, shares, _ = _interactions(rng, views, topic, "video_pendek", when)
        utc = when - timedelta(hours=7)
        seconds = int((utc - datetime(1970, 1, 1)).total_seconds())
        video_id = (seconds << 32) | int(rng.integers(0, 2**31))
        videos.append(
            {
                "id": str(video_id),
                "when": when,
                "topic": topic,
                "views": views,
                "likes": likes,
                "comments": comments,
                "shares": shares,
            }
        )
    return videos


def _tiktok_day(day: datetime, day_first: bool = False) -> str:
    return f"{day.day} {day:%B}" if day_first else f"{day:%B} {day.day}"


def tiktok_content_rows(videos: list[dict]) -> list[list]:
    header = [
        "Time",
        "Video title",
        "Video link",
        "Post time",
        "Total likes",
        "Total comments",
        "Total shares",
        "Total views",
    ]
    rows = [header]
    for v in videos:
        rows.append(
            [
                "2025-08-01 ~ 2025-08-31",
                _caption(v["topic"], v["id"][-4:]).split("\n")[0],
                f"https://www.tiktok.com/@{HANDLE}/video/{v['id']}",
                _tiktok_day(v["when"]),
                v["likes"],
                v["comments"],
                v["shares"],
                v["views"],
            ]
        )
    return rows


def tiktok_overview_rows(rng, start: datetime, days: int, day_first: bool = False) -> list[list]:
    rows = [["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"]]
    for i in range(days):
        day = start + timedelta(days=i)
        views = round(4200 * float(rng.lognormal(0.0, 0.3)))
        rows.append(
            [
                _tiktok_day(day, day_first),
                views,
                round(views * 0.02),
                round(views * 0.05),
                round(views * 0.004),
                "undefined" if i == 3 else round(views * 0.003),
            ]
        )
    return rows


def tiktok_follower_rows(rng, start: datetime, days: int) -> list[list]:
    rows = [["Date", "Followers", "Difference in followers from previous day"]]
    total = 15200
    for i in range(days):
        day = start + timedelta(days=i)
        crisis = 0 <= (day - CRISIS_DAY).days < 2
        change = -int(rng.integers(20, 40)) if crisis else int(rng.integers(5, 40))
        total += change
        rows.append([_tiktok_day(day), total, change])
    return rows


def _quoted_csv(rows: list[list]) -> bytes:
    return _utf8_bom(_csv_text(rows[0], rows[1:], quote_all=True))


def youtube_videos(seed: int = SEED + 3, n: int = 9) -> list[dict]:
    rng = np.random.default_rng(seed)
    videos = []
    for i, (when, topic) in enumerate(zip(_times(rng, n), _topics(rng, n), strict=True)):
        short = i % 3 != 0
        seconds = int(rng.integers(20, 59)) if short else int(rng.integers(240, 1500))
        views = _reach(
            rng,
            900 if not short else 1600,
            "video_pendek" if short else "video_panjang",
            topic,
            when,
        )
        video_id = ("-" if i == 4 else "") + "".join(
            rng.choice(list("abcdefghijkLMNOPQRSTUVWXYZ0123456789_"), size=11 - (i == 4))
        )
        videos.append(
            {
                "id": video_id,
                "when": when,
                "topic": topic,
                "seconds": seconds,
                "views": views,
                "hours": round(views * seconds / 3600 * 0.4, 4),
                "subs": int(rng.integers(0, 12)),
                "impressions": views * int(rng.integers(6, 14)),
            }
        )
    return videos


def youtube_zip(
    videos: list[dict],
    indonesian: bool = False,
    decimal_comma_damage: bool = False,
    table_name: str | None = None,
) -> bytes:
    if indonesian:
        header = [
            "Konten",
            "Judul video",
            "Waktu publikasi video",
            "Durasi",
            "Penayangan",
            "Waktu tonton (jam)",
            "Subscriber",
            "Tayangan",
            "Rasio klik-tayang dari tayangan (%)",
        ]
    else:
        header = [
            "Content",
            "Video title",
            "Video publish time",
            "Duration",
            "Views",
            "Watch time (hours)",
            "Subscribers",
            "Impressions",
            "Impressions click-through rate (%)",
            "Likes",
            "Comments added",
            "Shares",
        ]
    months_id = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

    def number(value: float) -> str:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if indonesian or decimal_comma_damage else text

    total = [
        "Total",
        "",
        "",
        "",
        sum(v["views"] for v in videos),
        number(sum(v["hours"] for v in videos)),
        sum(v["subs"] for v in videos),
        sum(v["impressions"] for v in videos),
        number(4.2),
    ]
    if not indonesian:
        total += [
            sum(v["views"] // 20 for v in videos),
            sum(v["views"] // 150 for v in videos),
            sum(v["views"] // 120 for v in videos),
        ]
    rows = [total]
    for v in videos:
        published = (
            f"{v['when'].day} {months_id[v['when'].month - 1]} {v['when'].year}"
            if indonesian
            else f"{v['when']:%b} {v['when'].day}, {v['when'].year}"
        )
        ctr = v["views"] / v["impressions"] * 100 * 0.6
        rows.append(
            [
                v["id"],
                _caption(v["topic"], v["id"][-4:]).split("\n")[0],
                published,
                v["seconds"],
                v["views"],
                number(v["hours"]),
                v["subs"],
                v["impressions"],
                number(ctr),
            ]
        )
        if not indonesian:
            rows[-1] += [v["views"] // 20, v["views"] // 150, v["views"] // 120]
    first = "Tanggal" if indonesian else "Date"
    views = "Penayangan" if indonesian else "Views"
    chart_rows, total_rows = [], []
    per_day: dict[str, int] = {}
    for v in videos:
        for d in range(3):
            day = (v["when"] + timedelta(days=d)).strftime("%Y-%m-%d")
            share = v["views"] // (2 + d)
            chart_rows.append([day, v["id"], v["views"] and share])
            per_day[day] = per_day.get(day, 0) + share
    for i in range(DAYS):
        day = (MONTH_START + timedelta(days=i)).strftime("%Y-%m-%d")
        total_rows.append([day, per_day.get(day, 0) + 40])
    names = (
        ("Data tabel.csv", "Data diagram.csv", "Total.csv")
        if indonesian
        else ("Table data.csv", "Chart data.csv", "Totals.csv")
    )
    return _zip(
        {
            table_name or names[0]: _csv_text(header, rows).encode("utf-8"),
            names[1]: _csv_text(
                [first, "Konten" if indonesian else "Content", views], chart_rows
            ).encode("utf-8"),
            names[2]: _csv_text([first, views], total_rows).encode("utf-8"),
        }
    )


X_HEADER = [
    "Post id",
    "Date",
    "Post text",
    "Post Link",
    "Impressions",
    "Likes",
    "Engagements",
    "Bookmarks",
    "Shares",
    "New follows",
    "Replies",
    "Reposts",
    "Profile visits",
    "Detail Expands",
    "URL Clicks",
    "Hashtag Clicks",
    "Permalink Clicks",
]


def x_posts(
    seed: int = SEED + 4, n: int = 45, start: datetime = MONTH_START, days: int = DAYS
) -> list[dict]:
    rng = np.random.default_rng(seed)
    posts = []
    for i, (when, topic) in enumerate(
        zip(_times(rng, n, start, days), _topics(rng, n), strict=True)
    ):
        impressions = _reach(rng, 900, "teks", topic, when) * 3
        counts = _interactions(rng, impressions // 2, topic, "teks", when)
        likes, replies, reposts, bookmarks = counts
        posts.append(
            {
                "id": str(1951000000000000000 + int(when.timestamp()) * 1000 + i),
                "when": when,
                "topic": topic,
                "impressions": impressions,
                "likes": likes,
                "replies": replies,
                "reposts": reposts,
                "bookmarks": bookmarks,
                "shares": int(rng.integers(0, 4)),
                "follows": int(rng.integers(0, 3)),
            }
        )
    return posts


def x_content_csv(posts: list[dict], early_2025: bool = False) -> str:
    header = list(X_HEADER)
    if early_2025:
        header[header.index("Post Link")] = "Link"
        header[header.index("Shares")] = "Share"
        header[header.index("URL Clicks")] = "Url clicks"
    rows = []
    for p in posts:
        date = (
            f"{p['when']:%a %b} {p['when'].day:02d} {p['when'].year}"
            if early_2025
            else f"{p['when']:%a, %b} {p['when'].day}, {p['when'].year}"
        )
        engagements = p["likes"] + p["replies"] + p["reposts"] + p["bookmarks"] + p["shares"]
        rows.append(
            [
                p["id"],
                date,
                _caption(p["topic"], p["id"][-4:]).replace("(", "@contoh_mitra ("),
                f"https://x.com/{HANDLE}/status/{p['id']}",
                p["impressions"],
                p["likes"],
                engagements,
                p["bookmarks"],
                p["shares"],
                p["follows"],
                p["replies"],
                p["reposts"],
                p["follows"] * 7,
                p["impressions"] // 40,
                p["impressions"] // 90,
                0,
                p["impressions"] // 200,
            ]
        )
    return _csv_text(header, rows)


def x_overview_csv(rng) -> str:
    header = [
        "Date",
        "Impressions",
        "Likes",
        "Engagements",
        "Bookmarks",
        "Shares",
        "New follows",
        "Unfollows",
        "Replies",
        "Reposts",
        "Profile visits",
        "Create Post",
        "Video views",
        "Media views",
    ]
    rows = []
    for i in reversed(range(DAYS)):  # X lists the newest day first
        day = MONTH_START + timedelta(days=i)
        crisis = 0 <= (day - CRISIS_DAY).days < 2
        impressions = round(4100 * float(rng.lognormal(0.0, 0.25)))
        rows.append(
            [
                f"{day:%a, %b} {day.day}, {day.year}",
                impressions,
                impressions // 30,
                impressions // 18,
                impressions // 300,
                impressions // 500,
                int(rng.integers(2, 9)),
                int(rng.integers(12, 25)) if crisis else int(rng.integers(0, 4)),
                impressions // 150,
                impressions // 120,
                impressions // 60,
                int(rng.integers(0, 3)),
                impressions // 25,
                impressions // 20,
            ]
        )
    return _csv_text(header, rows)


def tweet_activity_csv(rng) -> str:
    header = [
        "Tweet id",
        "Tweet permalink",
        "Tweet text",
        "time",
        "impressions",
        "engagements",
        "engagement rate",
        "retweets",
        "replies",
        "likes",
        "user profile clicks",
        "url clicks",
        "hashtag clicks",
        "detail expands",
        "permalink clicks",
        "app opens",
        "app installs",
        "follows",
        "email tweet",
        "dial phone",
        "media views",
        "media engagements",
    ]
    rows = []
    start = datetime(2019, 8, 1)
    for i in range(12):
        utc = start + timedelta(days=2 * i, hours=int(rng.choice([1, 5, 12, 13])), minutes=15)
        impressions = int(rng.integers(800, 4000))
        eng = impressions // 25
        tweet_id = str(1156000000000000000 + i * 7919)
        rows.append(
            [
                tweet_id,
                f"https://twitter.com/{HANDLE}/status/{tweet_id}",
                f"Info layanan contoh nomor {i}",
                f"{utc:%Y-%m-%d %H:%M} +0000",
                f"{impressions}.0",
                f"{eng}.0",
                f"{eng / impressions:.6f}",
                f"{eng // 5}.0",
                f"{eng // 8}.0",
                f"{eng // 2}.0",
                "3.0",
                "1.0",
                "0.0",
                "5.0",
                "2.0",
                "-",
                "-",
                "0.0",
                "-",
                "-",
                "0",
                "0",
            ]
        )
    return _csv_text(header, rows)


# --------------------------------------------------------------------------- the three folders


def agency_files(seed: int = SEED) -> dict[str, bytes]:
    """The synthetic agency's August 2025 downloads: relative path -> bytes."""
    rng = np.random.default_rng(seed + 10)
    files: dict[str, bytes] = {}
    fb = facebook_posts(seed)
    files[f"facebook/Aug-01-2025_Aug-31-2025_{PAGE_ID}.csv"] = _utf8_bom(facebook_csv(fb))
    # An earlier, overlapping download (15 Jul - 15 Aug): smaller lifetime figures for the
    # first half of August, plus July posts; the import keeps each post once.
    july = facebook_posts(seed + 5, datetime(2025, 7, 15), 17, 18)
    early = [
        dict(p, reach=p["reach"] * 8 // 10, views=p["views"] * 8 // 10)
        for p in fb
        if p["when"] < datetime(2025, 8, 16)
    ]
    files[f"facebook/Jul-15-2025_Aug-15-2025_{PAGE_ID}.csv"] = _utf8_bom(facebook_csv(july + early))
    for title, base, spike in (
        ("Facebook views", 5200, 1.0),
        ("Facebook viewers", 3100, 1.0),
        ("Facebook follows", 14, 0.5),
        ("Facebook unfollows", 3, 9.0),
        ("Facebook visits", 120, 2.0),
    ):
        name = title.split(" ", 1)[1].capitalize()
        files[f"facebook/{name}.csv"] = meta_daily(title, _daily_series(rng, base, spike=spike))
    ig = instagram_posts(seed + 1)
    files[f"instagram/Aug-01-2025_Aug-31-2025_{IG_ACCOUNT_ID}.csv"] = _utf8_bom(instagram_csv(ig))
    for title, base, spike in (
        ("Instagram views", 7800, 1.0),
        ("Instagram reach", 4200, 1.0),
        ("Instagram follows", 22, 0.5),
        ("Instagram unfollows", 4, 8.0),
        ("Instagram profile visits", 260, 2.0),
    ):
        name = title.split(" ", 1)[1].capitalize()
        files[f"instagram/{name}.csv"] = meta_daily(title, _daily_series(rng, base, spike=spike))
    videos = tiktok_videos(seed + 2)
    epoch = "1756684800"
    files[f"tiktok/Content_{HANDLE}.zip"] = _zip(
        {"Content.csv": _quoted_csv(tiktok_content_rows(videos))}
    )
    files[f"tiktok/Overview_2025-08-01_{epoch}_{HANDLE}.zip"] = _zip(
        {"Overview.csv": _quoted_csv(tiktok_overview_rows(rng, MONTH_START, DAYS))}
    )
    files[f"tiktok/Followers_2025-08-01_{epoch}_{HANDLE}.zip"] = _zip(
        {"FollowerHistory.csv": _quoted_csv(tiktok_follower_rows(rng, MONTH_START, DAYS))}
    )
    yt = youtube_videos(seed + 3)
    files[f"youtube/Content 2025-08-01_2025-08-31 {CHANNEL}.zip"] = youtube_zip(yt)
    xp = x_posts(seed + 4)
    files["x/account_analytics_content_2025-08-01_2025-08-31.csv"] = x_content_csv(xp).encode()
    files["x/account_overview_analytics.csv"] = x_overview_csv(rng).encode()
    label_rows = [["instagram", p["id"], p["topic"]] for p in ig]
    label_rows += [["tiktok", v["id"], v["topic"]] for v in videos]
    label_rows += [["youtube", v["id"], v["topic"]] for v in yt]
    label_rows += [["x", p["id"], p["topic"]] for p in xp]
    files["label_topik.csv"] = _csv_text(["platform", "posting_id", "topik"], label_rows).encode()
    return files


def other_files(seed: int = SEED) -> dict[str, bytes]:
    """Other valid forms of the exports: relative path -> bytes."""
    rng = np.random.default_rng(seed + 20)
    files: dict[str, bytes] = {}
    jan = facebook_posts(seed + 6, datetime(2025, 1, 1), 31, 12)
    files[f"Jan-01-2025_Jan-31-2025_{PAGE_ID}.csv"] = _utf8_bom(facebook_csv(jan, early_2025=True))
    feb = x_posts(seed + 7, 10, datetime(2025, 2, 1), 28)
    files["account_analytics_content_2025-02-01_2025-02-28.csv"] = x_content_csv(
        feb, early_2025=True
    ).encode()
    files[f"tweet_activity_metrics_{HANDLE}_20190801_20190901_en.csv"] = tweet_activity_csv(
        rng
    ).encode()
    overview = tiktok_overview_rows(rng, datetime(2025, 12, 20), 22, day_first=True)
    files[f"Overview_2025-12-20_1767225600_{HANDLE}.xlsx"] = _xlsx(overview)
    files[f"Konten 2025-08-01_2025-08-31 {CHANNEL}.zip"] = youtube_zip(
        youtube_videos(seed + 3), indonesian=True
    )
    files["instagram/Reach.csv"] = meta_daily("Reach", _daily_series(rng, 4000, n=7))
    return files


BROKEN: list[Broken] = [
    Broken(
        "excel_titik_koma/Aug-01-2025_Aug-31-2025_100000000000001.csv",
        ("titik koma", "excel"),
        "dibuka dan disimpan ulang dengan Excel berbahasa Indonesia: pemisah titik koma",
    ),
    Broken(
        "excel_koma_desimal/Content 2025-08-01_2025-08-31 Contoh Kominfo Jatim.zip",
        ("desimal", "excel"),
        "angka desimal diubah menjadi koma pada ekspor YouTube berbahasa Inggris",
    ),
    Broken(
        "excel_tanggal/Aug-01-2025_Aug-31-2025_100000000000001.csv",
        ("tanggal", "diubah"),
        "tanggal unggah diformat ulang Excel (8/1/2025 9:05)",
    ),
    Broken(
        "excel_tanggal_tertukar/Aug-01-2025_Aug-31-2025_100000000000001.csv",
        ("tertukar",),
        "tanggal dan bulan tertukar (Excel berlokal Indonesia, 01/08/2025)",
    ),
    Broken(
        "excel_encoding/Aug-01-2025_Aug-31-2025_100000000000001.csv",
        ("encoding",),
        "disimpan ulang sebagai Windows-1252 (ANSI)",
    ),
    Broken(
        "excel_xls/Aug-01-2025_Aug-31-2025_100000000000001.xls",
        ("bukan ekspor asli",),
        "disimpan ulang sebagai buku kerja Excel .xls",
    ),
    Broken(
        "excel_xlsx_tanggal/Overview_2025-08-01_1756684800_contoh_kominfo_jatim.xlsx",
        ("tanggal excel",),
        "XLSX TikTok yang disimpan ulang: tanggal menjadi tanggal Excel",
    ),
    Broken(
        "kosong/account_analytics_content_2025-08-01_2025-08-31.csv", ("kosong",), "file 0 byte"
    ),
    Broken(
        "hanya_judul/account_analytics_content_2025-08-01_2025-08-31.csv",
        ("hanya berisi judul kolom",),
        "hanya baris judul kolom, tanpa data",
    ),
    Broken(
        "terpotong/Aug-01-2025_Aug-31-2025_100000000000001.csv",
        ("terpotong",),
        "unduhan terputus di tengah keterangan unggahan",
    ),
    Broken(
        "zip_terpotong/Content_contoh_kominfo_jatim.zip",
        ("zip rusak", "terpotong"),
        "ZIP yang unduhannya terputus",
    ),
    Broken(
        "zip_susunan/Overview_2025-08-01_1756684800_contoh_kominfo_jatim.zip",
        ("susunan zip", "overview.csv"),
        "ZIP dikemas ulang dengan folder di dalamnya",
    ),
    Broken(
        "zip_isi_lain/Content 2025-08-01_2025-08-31 Contoh Kominfo Jatim.zip",
        ("susunan zip", "table data.csv"),
        "ZIP YouTube tanpa Table data.csv",
    ),
    Broken(
        "tab_lain_tiktok/Viewers_2025-08-01_1756684800_contoh_kominfo_jatim.zip",
        ("tab viewers",),
        "tab Viewers TikTok Studio, bukan Overview/Content/Followers",
    ),
    Broken(
        "tab_lain_youtube/Traffic source 2025-08-01_2025-08-31 Contoh Kominfo Jatim.zip",
        ("bukan tab konten",),
        "tampilan Sumber traffic YouTube, bukan tab Konten",
    ),
    Broken(
        "platform_lain/Contoh_Kominfo_Jatim_LinkedIn_visitors.csv",
        ("bukan ekspor",),
        "ekspor platform lain (LinkedIn)",
    ),
    Broken(
        "meta_per_hari/Aug-01-2025_Aug-31-2025_100000000000001.csv",
        ("lifetime",),
        "unggahan Facebook diekspor per hari, bukan seumur unggahan (Lifetime)",
    ),
    Broken(
        "meta_tanpa_platform/Reach.csv",
        ("folder bernama",),
        "metrik harian Meta yang judulnya tidak menyebut platform, di luar folder platform",
    ),
    Broken(
        "nama_diubah/tiktok_agustus.zip",
        ("nama file ini sudah diubah",),
        "ZIP Overview TikTok yang namanya diganti (tahun tidak diketahui)",
    ),
    Broken(
        "indonesia_meta/Aug-01-2025_Aug-31-2025_100000000000001.csv",
        ("bahasa indonesia", "english (us)"),
        "ekspor Meta dengan tampilan Bahasa Indonesia",
    ),
    Broken(
        "indonesia_tiktok/Overview_2025-08-01_1756684800_contoh_kominfo_jatim.zip",
        ("bahasa indonesia", "english"),
        "ekspor TikTok dengan tampilan Bahasa Indonesia",
    ),
    Broken(
        "indonesia_x/account_analytics_content_2025-08-01_2025-08-31.csv",
        ("bahasa indonesia", "english"),
        "ekspor X dengan tampilan Bahasa Indonesia",
    ),
    Broken(
        "data_pribadi/comments_contoh_kominfo_jatim.csv",
        ("data pribadi", "commenter name"),
        "ekspor komentar berisi nama dan isi komentar warganet",
    ),
    Broken(
        "excel_meta_harian/Views.csv",
        ("sep=,", "excel"),
        "metrik harian Meta yang disimpan ulang Excel: baris sep=, hilang, encoding UTF-8",
    ),
]


def broken_files(seed: int = SEED) -> dict[str, bytes]:
    """One broken variant per entry of :data:`BROKEN`: relative path -> bytes."""
    fb = facebook_posts(seed)[:10]
    good_fb = facebook_csv(fb)
    by_name = {}

    def put(index: int, data: bytes) -> None:
        by_name[BROKEN[index].path] = data

    put(0, _utf8_bom(facebook_csv(fb).replace(",", ";")))
    put(1, youtube_zip(youtube_videos(seed + 3)[:4], decimal_comma_damage=True))
    put(2, _utf8_bom(good_fb.replace("08/0", "8/").replace("/2025 0", "/2025 ")))
    swapped = good_fb
    for p in fb:
        stamp = p["when"].strftime("%m/%d/%Y %H:%M")
        swapped = swapped.replace(stamp, p["when"].strftime("%d/%m/%Y %H:%M"))
    put(3, _utf8_bom(swapped))
    put(4, good_fb.replace("Info lengkap", "Info lengkap \u2013 baca").encode("cp1252"))
    put(5, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)  # an OLE2 (.xls) header
    rng = np.random.default_rng(seed + 30)
    rows = tiktok_overview_rows(rng, MONTH_START, 5)
    put(6, _xlsx_with_dates(rows))
    put(7, b"")
    put(8, ",".join(X_HEADER).encode() + b"\n")
    cut = _utf8_bom(good_fb)
    put(9, cut[: cut.index(b"#DataSintetis", len(cut) // 2)])
    whole = _zip({"Content.csv": _quoted_csv(tiktok_content_rows(tiktok_videos(seed + 2)))})
    put(10, whole[: len(whole) * 2 // 3])
    put(11, _zip({"Overview/Overview.csv": _quoted_csv(tiktok_overview_rows(rng, MONTH_START, 5))}))
    put(12, _zip({"Chart data.csv": b"Date,Content,Views\n2025-08-01,abc,10\n"}))
    viewers = [["Date", "Total Viewers", "New Viewers", "Returning Viewers"]]
    viewers += [
        [_tiktok_day(MONTH_START + timedelta(days=i)), 900 + i, 300, 600 + i] for i in range(5)
    ]
    put(13, _zip({"Viewers.csv": _quoted_csv(viewers)}))
    traffic = (
        "Traffic source,Views,Watch time (hours),Average view duration\nTotal,900,40.1,0:02:41\n"
    )
    traffic += "YouTube search,400,18.2,0:02:44\nShorts feed,500,21.9,0:02:38\n"
    put(
        14,
        _zip(
            {
                "Table data.csv": traffic.encode(),
                "Chart data.csv": b"Date,Views\n",
                "Totals.csv": b"Date,Views\n2025-08-01,900\n",
            }
        ),
    )
    put(15, b"Date,Total page views,Unique visitors\n08/01/2025,120,80\n08/02/2025,95,61\n")
    put(16, _utf8_bom(good_fb.replace("Lifetime", "08/01/2025")))
    put(17, meta_daily("Reach", [120, 130, 125]))
    put(18, _zip({"Overview.csv": _quoted_csv(tiktok_overview_rows(rng, MONTH_START, 5))}))
    put(
        19,
        _utf8_bom(
            _csv_text(
                [
                    "ID Postingan",
                    "ID Halaman",
                    "Nama Halaman",
                    "Judul",
                    "Keterangan",
                    "Waktu publikasi",
                    "Jenis postingan",
                    "Tanggal",
                    "Tayangan",
                    "Jangkauan",
                    "Reaksi",
                    "Komentar",
                    "Dibagikan",
                ],
                [
                    [
                        p["id"],
                        PAGE_ID,
                        PAGE_NAME,
                        "",
                        "Contoh",
                        p["when"].strftime("%m/%d/%Y %H:%M"),
                        "Foto",
                        "Seumur hidup",
                        p["views"],
                        p["reach"],
                        p["likes"],
                        p["comments"],
                        p["shares"],
                    ]
                    for p in fb
                ],
            )
        ),
    )
    tiktok_id = [["Tanggal", "Penayangan video", "Tampilan profil", "Suka", "Komentar", "Bagikan"]]
    tiktok_id += [[f"{i + 1} Agustus", 4000 + i, 80, 200, 15, 12] for i in range(5)]
    put(20, _zip({"Overview.csv": _quoted_csv(tiktok_id)}))
    x_id = [
        "ID Postingan",
        "Tanggal",
        "Teks postingan",
        "Tautan Postingan",
        "Tayangan",
        "Suka",
        "Interaksi",
        "Markah",
        "Bagikan",
        "Pengikut baru",
        "Balasan",
        "Posting ulang",
    ]
    put(
        21,
        _csv_text(
            x_id,
            [
                [
                    "1951",
                    "Jum, 1 Agu 2025",
                    "Info",
                    "https://x.com/a/status/1",
                    100,
                    3,
                    5,
                    0,
                    0,
                    0,
                    1,
                    1,
                ]
            ],
        ).encode(),
    )
    put(
        22,
        _csv_text(
            ["Post ID", "Commenter name", "Comment text", "Comment time"],
            [["1", "Warga Rekaan", "Kapan layanan pulih?", "08/19/2025 10:30"]],
        ).encode(),
    )
    resaved = meta_daily("Facebook views", [120, 130, 125]).decode("utf-16")
    put(23, resaved.split("\n", 1)[1].replace('"', "").encode("utf-8"))
    return by_name


def _fixed_core_times(core: bytes) -> bytes:
    """openpyxl writes the save time into docProps/core.xml: pin it."""
    text = re.sub(
        r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
        r"\g<1>2025-09-01T08:00:00Z\g<2>",
        core.decode("utf-8"),
    )
    return text.encode("utf-8")


def _xlsx_with_dates(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(rows[0])
    for i, row in enumerate(rows[1:]):
        sheet.append([MONTH_START + timedelta(days=i), *row[1:]])
    fixed = datetime(2025, 9, 1, 8, 0, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    raw = io.BytesIO()
    book.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    members = {info.filename: source.read(info) for info in source.infolist()}
    members["docProps/core.xml"] = _fixed_core_times(members["docProps/core.xml"])
    return _zip(members)


README_AGENCY = """# Contoh ekspor akun instansi (DATA SINTETIS — bukan data akun resmi)

File di folder ini dibuat oleh `medsos.impor.samples` (benih acak tetap) dalam bentuk persis
seperti unduhan asli tiap platform, untuk satu akun rekaan `@contoh_kominfo_jatim`,
Agustus 2025. Semua angka, judul, dan nomor unggahan rekaan. Dipakai modul 05 dan
`medsos rapor datasets/ekspor`.

| folder | isi |
| --- | --- |
| `facebook/` | dua ekspor unggahan Meta Business Suite (Agustus, dan unduhan 15 Juli - \
15 Agustus yang tumpang tindih) dan lima file metrik harian UTF-16 |
| `instagram/` | ekspor unggahan Instagram dan lima file metrik harian |
| `tiktok/` | ZIP tab Content, Overview, dan Followers dari TikTok Studio |
| `youtube/` | ZIP tab Konten (Content) mode lanjutan YouTube Studio |
| `x/` | `account_analytics_content` dan `account_overview_analytics` |
| `label_topik.csv` | topik tiap unggahan Instagram, TikTok, YouTube, dan X (Facebook \
memakai kolom *Custom labels*) |

Pola yang ditanam: video pendek menjangkau lebih banyak orang daripada foto; unggahan pukul
19.00-21.59 WIB lebih baik; unggahan seremonial mendapat sekitar separuh interaksi;
gangguan layanan rekaan pada 19-20 Agustus 2025 (lonjakan komentar, sembunyikan unggahan,
dan berhenti mengikuti).

Lisensi: CC BY 4.0 (lihat `LICENSE-CONTENT.md`).
"""


def _readme_broken() -> str:
    lines = [
        "# Ekspor rusak untuk pengujian (DATA SINTETIS)",
        "",
        "Satu file per masalah yang biasa ditemui admin. `tests/test_impor.py` memastikan",
        "setiap file ditolak dengan pesan Bahasa Indonesia yang menyebut nama file dan",
        "masalahnya, tanpa ada data yang setengah dimuat. Dibuat oleh `medsos.impor.samples`.",
        "",
        "| file | masalah |",
        "| --- | --- |",
    ]
    lines += [f"| `{b.path}` | {b.what} |" for b in BROKEN]
    return "\n".join(lines) + "\n"


def write_samples(root: Path) -> list[Path]:
    """Write the three sample folders under ``root`` (normally ``datasets/``), replacing them."""
    written = []
    folders = {
        "ekspor": agency_files() | {"README.md": README_AGENCY.encode()},
        "ekspor_lain": other_files(),
        "ekspor_rusak": broken_files() | {"README.md": _readme_broken().encode()},
    }
    for folder, files in folders.items():
        target = Path(root) / folder
        if target.exists():
            shutil.rmtree(target)
        for relative, data in sorted(files.items()):
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    return written


def load_expected_posts() -> pd.DataFrame:
    """The agency's posts as generated (for tests that compare the import with the truth)."""
    rows = []
    for p in facebook_posts():
        rows.append(("facebook", p["id"], p["when"], p["reach"], p["likes"]))
    for p in instagram_posts(SEED + 1):
        rows.append(("instagram", p["id"], p["when"], p["reach"], p["likes"]))
    return pd.DataFrame(
        rows, columns=["platform", "posting_id", "waktu_unggah", "jangkauan", "suka"]
    )


if __name__ == "__main__":  # pragma: no cover
    from medsos import course_root

    for written in write_samples(course_root() / "datasets"):
        print(written)
