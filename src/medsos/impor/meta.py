"""Meta Business Suite exports: Facebook Page and Instagram post CSVs, daily metric files.

Post files (Insights → Content → Export, "Lifetime" values) are UTF-8 with BOM, named
like ``Aug-01-2025_Aug-31-2025_<id>.csv``; ``Publish time`` is ``MM/DD/YYYY HH:MM`` with no
zone (the admin's own time zone: WIB for East Java agencies). Early-2025 files still carry
``Impressions`` (later ``Views``) and a raw ``reels_plays:count`` column. Daily account
metrics come one metric per file, UTF-16 LE with BOM: ``sep=,``, the metric's title, then
``"Date","Primary"`` and rows like ``"2025-08-01T00:00:00","20"``.
"""

from __future__ import annotations

import re
from datetime import datetime

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
    split_rows,
    table,
)

FILE_PERIOD = re.compile(r"^([A-Z][a-z]{2}-\d{2}-\d{4})_([A-Z][a-z]{2}-\d{2}-\d{4})_")
PUBLISH_FORMAT = "%m/%d/%Y %H:%M"
PUBLISH_PATTERN = r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$"
DAILY_FORMAT = "%Y-%m-%dT%H:%M:%S"
DAILY_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"

FACEBOOK_TYPES = {
    "photos": "foto",
    "photo": "foto",
    "videos": "video_panjang",
    "video": "video_panjang",
    "reels": "video_pendek",
    "reel": "video_pendek",
    "links": "tautan",
    "link": "tautan",
    "text": "teks",
    "status": "teks",
    "albums": "karusel",
    "album": "karusel",
}
INSTAGRAM_TYPES = {"ig image": "foto", "ig reel": "video_pendek", "ig carousel": "karusel"}

# Daily metric titles (after an optional "Facebook "/"Instagram " prefix) -> kit column.
DAILY_METRICS = {
    "views": "tayangan",
    "impressions": "tayangan",
    "viewers": "jangkauan",
    "reach": "jangkauan",
    "page reach": "jangkauan",
    "follows": "bertambah",
    "new follows": "bertambah",
    "new followers": "bertambah",
    "unfollows": "berkurang",
    "followers": "pengikut",
    "visits": "kunjungan_profil",
    "profile visits": "kunjungan_profil",
    "content interactions": "interaksi",
    "interactions": "interaksi",
}
# Header words of Meta exports made with the interface in Bahasa Indonesia.
INDONESIAN_WORDS = {
    "id postingan",
    "id halaman",
    "nama halaman",
    "waktu publikasi",
    "jenis postingan",
    "jangkauan",
    "tayangan",
    "reaksi",
    "komentar",
    "bagikan",
    "dibagikan",
    "disimpan",
    "tautan permanen",
    "keterangan",
    "judul",
    "durasi (detik)",
    "nama akun",
    "id akun",
    "nama pengguna akun",
    "suka",
    "tanggal",
    "utama",
}
INDONESIAN_HELP = (
    "Ekspor Meta Business Suite dengan tampilan Bahasa Indonesia belum didukung kit (nama "
    "kolom dan isinya berbeda dan belum terdokumentasi, jadi kit tidak menebaknya). Yang "
    "perlu dilakukan: di Facebook buka Pengaturan & privasi → Pengaturan → Bahasa dan "
    "wilayah → Bahasa Facebook, pilih English (US); buka lagi Meta Business Suite → "
    "Insights → Konten (Content) → Ekspor data, unduh ulang dengan rentang tanggal yang "
    "sama, lalu kembalikan bahasanya bila perlu."
)


def is_posts(header: list[str]) -> bool:
    return "Post ID" in header and ("Page ID" in header or "Account ID" in header)


def is_daily(source: Source) -> bool:
    text = (source.text or "").lstrip("\ufeff")
    return text[:4].lower() == "sep="


def is_indonesian(header: list[str]) -> bool:
    lowered = {h.strip().lower() for h in header}
    return "id postingan" in lowered or len(lowered & INDONESIAN_WORDS) >= 3


def _period(source: Source) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    match = FILE_PERIOD.match(source.filename)
    if not match:
        return None
    start, end = (datetime.strptime(part, "%b-%d-%Y") for part in match.groups())
    return pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)


def read_posts(source: Source) -> pd.DataFrame:
    """A Facebook Page or Instagram posts export as the kit's posts table."""
    df = table(source)
    instagram = "Account ID" in df.columns
    platform = "instagram" if instagram else "facebook"
    what = f"ekspor unggahan {'Instagram' if instagram else 'Facebook'}"
    require(
        source, df, ["Post ID", "Publish time", "Post type", "Reach", "Comments", "Shares"], what
    )
    if "Date" in df.columns:
        other = df.loc[df["Date"].str.strip().ne("Lifetime"), "Date"]
        if len(other):
            raise ImportProblem(
                source.name,
                f"kolom 'Date' berisi '{other.iloc[0]}', padahal kit membaca nilai seumur "
                "unggahan ('Lifetime'). Saat mengekspor, pilih nilai 'Lifetime' (bukan per hari), "
                "agar satu unggahan tidak terhitung beberapa kali.",
            )
    views = next((c for c in ("Views", "Impressions") if c in df.columns), None)
    likes = "Likes" if instagram else "Reactions"
    require(source, df, [likes], what)
    if views is None:
        raise ImportProblem(
            source.name, f"kolom 'Views' (atau 'Impressions' pada file lama) tidak ada di {what}."
        )
    when = dates(
        source,
        df["Publish time"],
        "Publish time",
        PUBLISH_FORMAT,
        "08/01/2025 19:05",
        pattern=PUBLISH_PATTERN,
    )
    period = _period(source)
    if period is not None:
        outside = when[(when < period[0]) | (when >= period[1])]
        if len(outside):
            raise ImportProblem(
                source.name,
                f"ada waktu unggah di luar periode pada nama file ({outside.iloc[0]:%d-%m-%Y}): "
                "kemungkinan bulan dan tanggal tertukar karena file dibuka dengan Excel. Unduh "
                "ulang file aslinya.",
            )
    types = INSTAGRAM_TYPES if instagram else FACEBOOK_TYPES
    kinds = df["Post type"].str.strip().str.lower()
    unknown = sorted(set(kinds) - set(types))
    if unknown:
        source.notes.append(
            f"{source.name}: jenis unggahan {', '.join(unknown)} tidak dikenal kit; formatnya "
            "dikosongkan (metrik tetap dihitung)."
        )
    negative = [c for c in df.columns if c.lower().startswith("negative feedback")]
    account = df["Account username"] if instagram else df.get("Page name")
    rows: dict[str, object] = {
        "platform": platform,
        "akun": account.str.strip() if account is not None else "",
        "posting_id": df["Post ID"].str.strip(),
        "waktu_unggah": when,
        "jam_tersedia": True,
        "format": kinds.map(types),
        "judul": df.get("Description", df.get("Title", pd.Series([""] * len(df)))).map(one_line),
        "tautan": df.get("Permalink", pd.Series([""] * len(df))).str.strip(),
        "jangkauan": counts(source, df["Reach"], "Reach"),
        "tayangan": counts(source, df[views], views),
        "suka": counts(source, df[likes], likes),
        "komentar": counts(source, df["Comments"], "Comments"),
        "bagikan": counts(source, df["Shares"], "Shares"),
        "berkas": source.container,
    }
    if "Saves" in df.columns:
        rows["simpan"] = counts(source, df["Saves"], "Saves")
    if "Follows" in df.columns:
        rows["pengikut_baru"] = counts(source, df["Follows"], "Follows")
    if "reels_plays:count" in df.columns:
        rows["tonton"] = counts(source, df["reels_plays:count"], "reels_plays:count")
    if negative:
        total = sum(counts(source, df[c], c).fillna(0) for c in negative)
        rows["masukan_negatif"] = pd.Series(total, dtype="Int64")
    if "Custom labels" in df.columns:
        rows["label"] = df["Custom labels"].str.strip()
    posts = posts_frame(rows, len(df))
    if "label" in rows:
        posts["label"] = rows["label"].to_numpy()
    return posts


def read_daily(source: Source) -> pd.DataFrame:
    """One daily metric file (Facebook or Instagram) as the kit's daily table."""
    rows = split_rows(source)
    if len(rows) < 3:
        raise ImportProblem(source.name, "file metrik harian kosong atau terpotong.")
    title = rows[1][0].strip() if rows[1] else ""
    header = [h.strip() for h in rows[2]]
    if header != ["Date", "Primary"]:
        if is_indonesian(header):
            raise ImportProblem(source.name, INDONESIAN_HELP)
        raise ImportProblem(
            source.name,
            f'baris ke-3 file metrik harian Meta harus "Date","Primary" (di file ini: '
            f"{', '.join(header)}).",
        )
    platform, metric = _metric(title, source)
    df = table(source, header_row=2)
    when = dates(
        source, df["Date"], "Date", DAILY_FORMAT, "2025-08-01T00:00:00", pattern=DAILY_PATTERN
    )
    values = counts(source, df["Primary"], "Primary")
    return daily_frame(
        {"platform": platform, "akun": "", "tanggal": when.dt.normalize(), metric: values},
        len(df),
    )


def _metric(title: str, source: Source) -> tuple[str, str]:
    lowered = title.lower()
    platform = None
    for prefix in ("facebook", "instagram"):
        if lowered.startswith(prefix + " "):
            platform, lowered = prefix, lowered[len(prefix) + 1 :]
    folder = source.folder.lower()
    if platform is None and folder in ("facebook", "instagram"):
        platform = folder
    if platform is None:
        raise ImportProblem(
            source.name,
            f"judul metrik '{title}' tidak menyebut Facebook atau Instagram. Taruh file metrik "
            "harian ini di folder bernama 'facebook' atau 'instagram' sesuai asalnya, lalu "
            "impor folder itu.",
        )
    if lowered not in DAILY_METRICS:
        known = ", ".join(sorted({k.capitalize() for k in DAILY_METRICS}))
        raise ImportProblem(
            source.name,
            f"metrik harian '{title}' tidak dipakai kit. Metrik yang dibaca: {known}. "
            "Pindahkan file ini dari folder yang diimpor.",
        )
    return platform, DAILY_METRICS[lowered]
