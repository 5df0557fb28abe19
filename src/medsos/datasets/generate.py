"""Deterministic generator of the synthetic sample datasets.

All randomness comes from one ``numpy.random.Generator`` seeded with :data:`SEED`, and
every table is written with fixed formats, so regenerating gives byte-identical files.
The patterns the lessons rely on (domain.md section 8) are planted here; ``patterns.py``
measures them back from the files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from medsos.datasets import comments_text
from medsos.datasets.schema import (
    FORMAT_SURVEI,
    KABUPATEN_KOTA,
    KELOMPOK_USIA,
    LAPISAN,
    TOPIK_LAPISAN,
)

SEED = 20220905  # the day of the bimtek
START = pd.Timestamp("2017-01-01")
END = pd.Timestamp("2025-06-30")
COMMENTS_START = pd.Timestamp("2024-01-01")
CALENDAR_START = pd.Timestamp("2024-01-01")  # a Monday
CALENDAR_END = pd.Timestamp("2025-06-23")  # the last Monday whose week ends by END

# Dates of the planted events.
FACEBOOK_MSI = pd.Timestamp("2018-01-12")  # Facebook "meaningful social interactions"
REELS_INDONESIA = pd.Timestamp("2021-06-01")  # course assumption: Reels widely used in Indonesia
YOUTUBE_SHORTS = pd.Timestamp("2021-07-01")
X_TAKEOVER = pd.Timestamp("2022-11-01")  # after the October 2022 takeover
CRISIS_START = pd.Timestamp("2024-07-08 08:00")  # PPDB website outage (planted crisis)
CRISIS_DAYS = 3
CRISIS_ACCOUNTS = ("AK12", "AK13", "AK14", "AK15")  # Dinas Pendidikan

# Idul Fitri (1 Syawal) per year, per the government's joint decree calendars.
LEBARAN = {
    2017: "2017-06-25", 2018: "2018-06-15", 2019: "2019-06-05", 2020: "2020-05-24",
    2021: "2021-05-13", 2022: "2022-05-02", 2023: "2023-04-22", 2024: "2024-04-10",
    2025: "2025-03-31",
}  # fmt: skip


@dataclass(frozen=True)
class Account:
    akun_id: str
    instansi: str
    platform: str
    slug: str
    opened: str
    followers_2017: int  # followers on START, or on the opening day when later
    consistent: bool  # False: goes quiet around Lebaran and at year end


ACCOUNTS = [
    Account("AK01", "Diskominfo Jatim", "instagram", "kominfo_jatim", "2013-05-14", 42000, True),
    Account("AK02", "Diskominfo Jatim", "facebook", "kominfo_jatim", "2011-09-02", 65000, True),
    Account("AK03", "Diskominfo Jatim", "x", "kominfo_jatim", "2011-03-21", 38000, True),
    Account("AK04", "Diskominfo Jatim", "youtube", "kominfo_jatim", "2014-08-11", 6500, True),
    Account("AK05", "Diskominfo Jatim", "tiktok", "kominfo_jatim", "2020-05-18", 150, True),
    Account("AK06", "BPBD Jatim", "instagram", "bpbd_jatim", "2015-02-09", 21000, True),
    Account("AK07", "BPBD Jatim", "x", "bpbd_jatim", "2012-11-30", 27000, True),
    Account("AK08", "BPBD Jatim", "facebook", "bpbd_jatim", "2013-01-15", 33000, False),
    Account("AK09", "Dinas Kesehatan Jatim", "instagram", "dinkes_jatim", "2014-06-02", 30000,
            True),
    Account("AK10", "Dinas Kesehatan Jatim", "facebook", "dinkes_jatim", "2012-04-23", 47000,
            False),
    Account("AK11", "Dinas Kesehatan Jatim", "tiktok", "dinkes_jatim", "2021-02-08", 120, True),
    Account("AK12", "Dinas Pendidikan Jatim", "instagram", "dindik_jatim", "2014-09-17", 52000,
            True),
    Account("AK13", "Dinas Pendidikan Jatim", "facebook", "dindik_jatim", "2012-07-30", 58000,
            False),
    Account("AK14", "Dinas Pendidikan Jatim", "tiktok", "dindik_jatim", "2022-01-10", 90, True),
    Account("AK15", "Dinas Pendidikan Jatim", "x", "dindik_jatim", "2013-03-04", 19000, False),
    Account("AK16", "Dinas Sosial Jatim", "instagram", "dinsos_jatim", "2016-01-20", 9000, False),
    Account("AK17", "Dinas Sosial Jatim", "facebook", "dinsos_jatim", "2014-10-06", 15000, False),
    Account("AK18", "Dinas PU Bina Marga Jatim", "instagram", "pubm_jatim", "2016-05-11", 7000,
            False),
    Account("AK19", "Dinas PU Bina Marga Jatim", "x", "pubm_jatim", "2015-08-24", 5200, False),
    Account("AK20", "Dispora Jatim", "instagram", "dispora_jatim", "2015-11-02", 11000, False),
    Account("AK21", "Dispora Jatim", "youtube", "dispora_jatim", "2016-03-14", 1800, False),
    Account("AK22", "BPSDM Jatim", "instagram", "bpsdm_jatim", "2016-07-25", 8000, True),
    Account("AK23", "BPSDM Jatim", "youtube", "bpsdm_jatim", "2016-02-29", 2400, True),
    Account("AK24", "Dinas Koperasi dan UKM Jatim", "facebook", "diskopukm_jatim", "2013-12-09",
            12000, False),
    Account("AK25", "DLH Jatim", "tiktok", "dlh_jatim", "2022-06-06", 60, False),
]  # fmt: skip

# Posts per day in 2017 and in 2024 (linear in between), scaled down from the government
# benchmarks (Hootsuite: 0.63/day on Facebook, 1.01/day on Instagram) to fit the size limit.
POST_RATE = {
    "instagram": (0.30, 0.65),
    "facebook": (0.30, 0.45),
    "x": (0.40, 0.40),
    "tiktok": (0.35, 0.50),
    "youtube": (0.05, 0.10),
}
# Yearly follower growth (as a share of followers) before activity effects.
GROWTH = {"instagram": 0.30, "facebook": 0.08, "x": 0.10, "tiktok": 1.6, "youtube": 0.18}
CHURN = {"instagram": 0.04, "facebook": 0.03, "x": 0.05, "tiktok": 0.06, "youtube": 0.03}
# Median reach as a share of followers, for a photo (TikTok reaches beyond followers).
REACH_RATE = {"instagram": 0.22, "facebook": 0.20, "x": 0.12, "tiktok": 0.90, "youtube": 0.25}
# Median interactions / reach for a service post at office hours.
ERR = {"instagram": 0.050, "facebook": 0.035, "x": 0.022, "tiktok": 0.070, "youtube": 0.040}
TOPIC_ERR = {
    "layanan": 1.0, "kebijakan": 0.9, "capaian_program": 0.85, "edukasi": 1.05,
    "seremonial": 0.5, "di_balik_layar": 1.0, "repost_instansi": 0.75,
    "ucapan_hari_besar": 0.7, "kuis": 1.3, "hiburan_tren": 1.2,
}  # fmt: skip
# Topic weights within a layer.
TOPIC_WEIGHTS = {
    "inti": {"layanan": 0.40, "kebijakan": 0.30, "capaian_program": 0.30},
    "pendukung": {"edukasi": 0.35, "seremonial": 0.40, "di_balik_layar": 0.15,
                  "repost_instansi": 0.10},
    "pelengkap": {"ucapan_hari_besar": 0.50, "kuis": 0.20, "hiburan_tren": 0.30},
}  # fmt: skip
# Purpose (what the audience gets) per topic: agencies post mostly information.
TOPIC_PURPOSE = {
    "layanan": {"informasi": 0.95, "lainnya": 0.05},
    "kebijakan": {"informasi": 0.95, "lainnya": 0.05},
    "capaian_program": {"informasi": 0.90, "lainnya": 0.10},
    "edukasi": {"informasi": 0.90, "hiburan": 0.10},
    "seremonial": {"informasi": 0.50, "lainnya": 0.50},
    "di_balik_layar": {"hiburan": 0.60, "informasi": 0.40},
    "repost_instansi": {"informasi": 0.70, "lainnya": 0.30},
    "ucapan_hari_besar": {"lainnya": 0.80, "hiburan": 0.20},
    "kuis": {"hiburan": 0.90, "lainnya": 0.10},
    "hiburan_tren": {"hiburan": 1.0},
}
# Hour-of-day posting weights (WIB): mostly office hours, some in the evening.
HOUR_WEIGHTS = np.array(
    [0, 0, 0, 0, 0, 1, 2, 5, 8, 9, 9, 8, 6, 7, 8, 7, 5, 3, 2, 4, 4, 3, 1, 0], dtype=float
)


def hour_err(hour: np.ndarray) -> np.ndarray:
    """Engagement multiplier by hour: the evening peak (19:00-21:59 WIB) does best."""
    factor = np.full(hour.shape, 1.0)
    factor[(hour >= 7) & (hour <= 9)] = 1.15
    factor[(hour >= 19) & (hour <= 21)] = 1.55
    factor[(hour >= 22) | (hour <= 5)] = 0.8
    return factor


def format_weights(platform: str, day: pd.Timestamp) -> dict[str, float]:
    """Format mix by platform and date."""
    if platform == "instagram":
        if day < REELS_INDONESIA:
            return {"foto": 0.68, "karusel": 0.20, "video_panjang": 0.12}
        if day < pd.Timestamp("2023-01-01"):
            return {"foto": 0.45, "karusel": 0.18, "video_pendek": 0.37}
        return {"foto": 0.30, "karusel": 0.33, "video_pendek": 0.37}
    if platform == "facebook":
        if day < REELS_INDONESIA:
            return {"foto": 0.55, "tautan": 0.20, "teks": 0.10, "video_panjang": 0.15}
        return {"foto": 0.50, "tautan": 0.14, "teks": 0.06, "video_panjang": 0.10,
                "video_pendek": 0.20}  # fmt: skip
    if platform == "x":
        return {"teks": 0.45, "foto": 0.40, "tautan": 0.15}
    if platform == "tiktok":
        if day < pd.Timestamp("2023-01-01"):
            return {"video_pendek": 1.0}
        return {"video_pendek": 0.88, "karusel": 0.12}
    if day < YOUTUBE_SHORTS:  # youtube
        return {"video_panjang": 1.0}
    return {"video_panjang": 0.6, "video_pendek": 0.4}


def format_reach(fmt: str, year: int) -> float:
    """Reach multiplier relative to a photo: short video peaks in 2021-22, then narrows."""
    if fmt == "video_pendek":
        return {2021: 2.5, 2022: 2.5, 2023: 1.8}.get(year, 1.4 if year >= 2024 else 1.6)
    if fmt == "karusel":
        return 1.3 if year >= 2023 else 1.0
    return {"video_panjang": 1.1, "teks": 0.8, "tautan": 0.7}.get(fmt, 1.0)


def format_err(fmt: str, year: int) -> float:
    """Engagement multiplier by format: carousels gain after 2022."""
    if fmt == "karusel":
        return 1.3 if year >= 2023 else 1.0
    return {"video_pendek": 1.1, "tautan": 0.8, "teks": 0.9}.get(fmt, 1.0)


def _choice(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=p / p.sum())]


def _quiet_days(days: pd.DatetimeIndex) -> np.ndarray:
    """Days an inconsistent account posts nothing: Lebaran leave and the year-end break."""
    quiet = np.zeros(len(days), dtype=bool)
    for lebaran in LEBARAN.values():
        start = pd.Timestamp(lebaran) - pd.Timedelta(days=4)
        quiet |= (days >= start) & (days <= start + pd.Timedelta(days=17))
    quiet |= ((days.month == 12) & (days.day >= 20)) | ((days.month == 1) & (days.day <= 5))
    return quiet


def _post_counts(rng: np.random.Generator, acc: Account, days: pd.DatetimeIndex) -> np.ndarray:
    lo, hi = POST_RATE[acc.platform]
    years = (days - START).days / 365.25
    rate = lo + (hi - lo) * np.clip(years / 7.5, 0, 1)
    rate = np.where(days.day_of_week >= 5, rate * 0.45, rate * 1.22)
    if not acc.consistent:
        rate = np.where(_quiet_days(days), 0.0, rate * 1.1)
    return rng.poisson(rate)


def _followers(
    rng: np.random.Generator, acc: Account, days: pd.DatetimeIndex, posts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Daily followers, gains and losses; growth stalls when the account goes quiet."""
    # Posts in the last ten days; before the first day, assume the usual rate.
    padded = np.concatenate([np.full(10, posts[:60].mean()), posts])
    trailing = np.convolve(padded, np.ones(10), mode="full")[10 : 10 + len(posts)]
    active = np.clip(trailing / 2.0, 0.15, 1.0)
    followers = np.empty(len(days), dtype=np.int64)
    gains = np.empty(len(days), dtype=np.int64)
    losses = np.empty(len(days), dtype=np.int64)
    growth = GROWTH[acc.platform] / 365.0
    churn = CHURN[acc.platform] / 365.0
    current = float(acc.followers_2017)
    for i, day in enumerate(days):
        g_rate = growth
        l_rate = churn
        if acc.platform == "tiktok":  # fast at first, slowing as the account matures
            age_years = (day - pd.Timestamp(acc.opened)).days / 365.25
            g_rate = growth / (1.0 + 1.5 * age_years)
            current_floor = 400.0
            base = max(current, current_floor)
        else:
            base = current
        if acc.platform == "x" and day >= X_TAKEOVER:
            g_rate, l_rate = growth * 0.35, churn * 2.6
        gain = rng.poisson(base * g_rate * active[i])
        loss = rng.poisson(current * l_rate * (1.6 - 0.6 * active[i]))
        loss = min(loss, int(current) + gain)
        current = current + gain - loss
        followers[i], gains[i], losses[i] = int(current), gain, loss
    return followers, gains, losses


def _account_mix(rng: np.random.Generator) -> dict[str, float]:
    inti = rng.uniform(0.45, 0.72)
    pelengkap = rng.uniform(0.04, 0.22)
    return {"inti": inti, "pendukung": max(0.05, 1.0 - inti - pelengkap), "pelengkap": pelengkap}


def _posts(
    rng: np.random.Generator,
    acc: Account,
    days: pd.DatetimeIndex,
    counts: np.ndarray,
    followers: np.ndarray,
    mix: dict[str, float],
) -> pd.DataFrame:
    idx = np.repeat(np.arange(len(days)), counts)
    n = len(idx)
    post_days = days[idx]
    hours = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    minutes = rng.integers(0, 60, size=n)
    when = post_days + pd.to_timedelta(hours, unit="h") + pd.to_timedelta(minutes, unit="m")
    layer = _choice(rng, mix, n)
    topic = np.empty(n, dtype=object)
    for name in LAPISAN:
        mask = layer == name
        topic[mask] = _choice(rng, TOPIC_WEIGHTS[name], int(mask.sum()))
    purpose = np.empty(n, dtype=object)
    for name, weights in TOPIC_PURPOSE.items():
        mask = topic == name
        purpose[mask] = _choice(rng, weights, int(mask.sum()))
    fmt = np.empty(n, dtype=object)
    periods = [d for d in (REELS_INDONESIA, YOUTUBE_SHORTS, pd.Timestamp("2023-01-01"))]
    edges = [START, *sorted(periods), END + pd.Timedelta(days=1)]
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        mask = (post_days >= lo) & (post_days < hi)
        fmt[mask] = _choice(rng, format_weights(acc.platform, lo), int(mask.sum()))
    years = post_days.year.to_numpy()
    fol = followers[idx]
    reach_rate = np.full(n, REACH_RATE[acc.platform])
    if acc.platform == "facebook":
        reach_rate = np.where(post_days >= FACEBOOK_MSI, reach_rate * 0.58, reach_rate)
    f_reach = np.array([format_reach(f, y) for f, y in zip(fmt, years, strict=True)])
    reach = np.maximum(
        1, np.rint(np.maximum(fol, 300) * reach_rate * f_reach * rng.lognormal(0, 0.45, n))
    ).astype(np.int64)
    err = np.full(n, ERR[acc.platform])
    if acc.platform == "x":
        err = np.where(post_days >= X_TAKEOVER, err * 0.5, err)
    err = (
        err
        * np.array([TOPIC_ERR[t] for t in topic])
        * np.array([format_err(f, y) for f, y in zip(fmt, years, strict=True)])
        * hour_err(hours)
        * rng.lognormal(0, 0.3, n)
    )
    interactions = rng.poisson(reach * err)
    split = np.array([0.78, 0.07, 0.09, 0.06])
    parts = np.array([rng.multinomial(k, split) for k in interactions]).reshape(n, 4)
    impressions = np.rint(reach * rng.uniform(1.08, 1.6, n)).astype(np.int64)
    is_video = np.isin(fmt, ["video_pendek", "video_panjang"])
    views = np.rint(reach * rng.uniform(1.2, 2.2, n)).astype(np.int64)
    return pd.DataFrame(
        {
            "akun_id": acc.akun_id,
            "platform": acc.platform,
            "waktu_unggah": when,
            "format": fmt,
            "lapisan": layer,
            "tujuan": purpose,
            "topik": topic,
            "jangkauan": reach,
            "tayangan": impressions,
            "suka": parts[:, 0],
            "komentar": parts[:, 1],
            "bagikan": parts[:, 2],
            "simpan": parts[:, 3],
            "tonton": pd.Series(views, dtype="Int64").where(is_video),
            "pengikut_saat_unggah": fol,
        }
    )


def generate_accounts_posts_followers(
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, dict[str, float]]]:
    accounts, posts, followers, mixes = [], [], [], {}
    for acc in ACCOUNTS:
        first = max(START, pd.Timestamp(acc.opened))
        days = pd.date_range(first, END, freq="D")
        counts = _post_counts(rng, acc, days)
        fol, gains, losses = _followers(rng, acc, days, counts)
        mix = _account_mix(rng)
        mixes[acc.akun_id] = mix
        posts.append(_posts(rng, acc, days, counts, fol, mix))
        followers.append(
            pd.DataFrame(
                {
                    "akun_id": acc.akun_id,
                    "tanggal": days,
                    "pengikut": fol,
                    "bertambah": gains,
                    "berkurang": losses,
                }  # fmt: skip
            )
        )
        accounts.append(
            {
                "akun_id": acc.akun_id,
                "instansi": acc.instansi,
                "platform": acc.platform,
                "nama_akun": f"@contoh_{acc.slug}",
                "tanggal_dibuat": pd.Timestamp(acc.opened),
            }
        )
    post_df = pd.concat(posts, ignore_index=True).sort_values(
        ["waktu_unggah", "akun_id"], kind="stable", ignore_index=True
    )
    post_df.insert(0, "posting_id", [f"P{i:06d}" for i in range(1, len(post_df) + 1)])
    return (
        pd.DataFrame(accounts),
        post_df,
        pd.concat(followers, ignore_index=True),
        mixes,
    )


def generate_calendar(
    rng: np.random.Generator, posts: pd.DataFrame, mixes: dict[str, dict[str, float]]
) -> pd.DataFrame:
    """Planned versus realised posts per account, week and layer (realised = posting.csv)."""
    weeks = pd.date_range(CALENDAR_START, CALENDAR_END, freq="W-MON")
    recent = posts[(posts["waktu_unggah"] >= CALENDAR_START) & (posts["waktu_unggah"] < END)]
    week_start = recent["waktu_unggah"].dt.normalize() - pd.to_timedelta(
        recent["waktu_unggah"].dt.day_of_week, unit="D"
    )
    realised = recent.groupby([recent["akun_id"], week_start, recent["lapisan"]]).size()
    rows = []
    for acc in ACCOUNTS:
        lo, hi = POST_RATE[acc.platform]
        weekly = hi * 7 * 1.05
        for layer in LAPISAN:
            planned = max(1, round(weekly * mixes[acc.akun_id][layer]))
            for week in weeks:
                rows.append(
                    {
                        "akun_id": acc.akun_id,
                        "minggu": week,
                        "lapisan": layer,
                        "rencana": int(planned + rng.integers(0, 2)),
                        "realisasi": int(realised.get((acc.akun_id, week, layer), 0)),
                    }
                )
    return pd.DataFrame(rows)


def generate_survey(rng: np.random.Generator, n: int = 1200) -> pd.DataFrame:
    """Audience survey: needs split exactly 49 / 43 / 8; platform preference by age group."""
    ages = _choice(rng, dict(zip(KELOMPOK_USIA, [0.30, 0.28, 0.20, 0.13, 0.09], strict=True)), n)
    by_age = {
        "15-24": {"tiktok": .44, "instagram": .29, "youtube": .12, "whatsapp": .08, "x": .05,
                  "facebook": .02},
        "25-34": {"instagram": .32, "tiktok": .22, "facebook": .18, "whatsapp": .12,
                  "youtube": .10, "x": .06},
        "35-44": {"facebook": .35, "whatsapp": .22, "instagram": .18, "youtube": .12,
                  "tiktok": .10, "x": .03},
        "45-54": {"facebook": .42, "whatsapp": .30, "youtube": .12, "instagram": .08,
                  "tiktok": .06, "x": .02},
        "55+": {"facebook": .40, "whatsapp": .40, "youtube": .12, "instagram": .04,
                "tiktok": .03, "x": .01},
    }  # fmt: skip
    platform = np.empty(n, dtype=object)
    fmt = np.empty(n, dtype=object)
    for age, weights in by_age.items():
        mask = ages == age
        platform[mask] = _choice(rng, weights, int(mask.sum()))
        young = age in ("15-24", "25-34")
        fmt_w = [0.2, 0.15, 0.45, 0.1, 0.1] if young else [0.35, 0.1, 0.2, 0.2, 0.15]
        fmt[mask] = _choice(rng, dict(zip(FORMAT_SURVEI, fmt_w, strict=True)), int(mask.sum()))
    counts = {"hiburan": round(n * 0.49), "informasi": round(n * 0.43)}
    counts["lainnya"] = n - counts["hiburan"] - counts["informasi"]
    needs = np.array([k for k, c in counts.items() for _ in range(c)], dtype=object)
    needs = needs[rng.permutation(n)]
    return pd.DataFrame(
        {
            "responden_id": [f"R{i:04d}" for i in range(1, n + 1)],
            "kelompok_usia": ages,
            "kabupaten_kota": np.array(KABUPATEN_KOTA, dtype=object)[
                rng.integers(0, len(KABUPATEN_KOTA), n)
            ],
            "platform_utama": platform,
            "kebutuhan_utama": needs,
            "format_favorit": fmt,
        }
    )


def generate_comments(rng: np.random.Generator, posts: pd.DataFrame) -> pd.DataFrame:
    """Comments 2024-01 to 2025-06: a planted crisis, and replies whose speed matters.

    Each day has a reply speed (median minutes to reply). The next day's share of negative
    comments rises with that day's reply time, so faster replies lower it.
    """
    recent = posts[posts["waktu_unggah"] >= COMMENTS_START - pd.Timedelta(days=3)]
    post_days = recent["waktu_unggah"].dt.normalize().to_numpy()
    days = pd.date_range(COMMENTS_START, END - pd.Timedelta(days=1), freq="D")
    crisis_day0 = CRISIS_START.normalize()
    crisis_posts = recent[recent["akun_id"].isin(CRISIS_ACCOUNTS)]
    rows = []
    prev_speed = 180.0
    for day in days:
        speed = float(np.exp(rng.uniform(np.log(25), np.log(1400))))
        # Negative share driven by yesterday's reply speed: 8% (fast) to 40% (slow).
        slow = (np.log(prev_speed) - np.log(25)) / (np.log(1400) - np.log(25))
        p_neg = 0.08 + 0.32 * slow
        n = int(rng.poisson(16))
        offset = (day - crisis_day0).days
        in_crisis = 0 <= offset < CRISIS_DAYS
        window = (post_days >= (day - pd.Timedelta(days=3)).to_datetime64()) & (
            post_days <= day.to_datetime64()
        )
        pool = recent[window]
        if in_crisis:
            speed = [600.0, 240.0, 90.0][offset]
            n_crisis = [150, 110, 45][offset]
            cpool = crisis_posts[
                (crisis_posts["waktu_unggah"].dt.normalize() <= day)
                & (crisis_posts["waktu_unggah"] >= day - pd.Timedelta(days=4))
            ]
            rows += _day_comments(rng, day, cpool, n_crisis, 0.78, speed, crisis=True)
        rows += _day_comments(rng, day, pool, n, p_neg, speed, crisis=False)
        prev_speed = speed
    df = pd.DataFrame(rows).sort_values(["waktu_komentar", "posting_id"], kind="stable")
    df.insert(0, "komentar_id", [f"K{i:06d}" for i in range(1, len(df) + 1)])
    return df.reset_index(drop=True)


def _day_comments(
    rng: np.random.Generator,
    day: pd.Timestamp,
    pool: pd.DataFrame,
    n: int,
    p_neg: float,
    speed: float,
    crisis: bool,
) -> list[dict]:
    if n == 0 or pool.empty:
        return []
    picks = pool.iloc[rng.integers(0, len(pool), n)]
    rows = []
    for post_id, akun_id, posted in zip(
        picks["posting_id"], picks["akun_id"], picks["waktu_unggah"], strict=True
    ):
        earliest = max(day, posted)
        end_of_day = day + pd.Timedelta(hours=23, minutes=59)
        span = max(1, int((end_of_day - earliest).total_seconds() // 60))
        when = earliest + pd.Timedelta(minutes=int(rng.integers(0, span)))
        r = rng.random()
        sentiment = "negatif" if r < p_neg else ("positif" if r < p_neg + 0.45 else "netral")
        category, text = comments_text.make(rng, sentiment, crisis=crisis)
        answer_p = comments_text.REPLY_PROBABILITY[category]
        replied = bool(rng.random() < answer_p)
        minutes = int(max(1, round(speed * rng.lognormal(0, 0.5)))) if replied else None
        rows.append(
            {
                "posting_id": post_id,
                "akun_id": akun_id,
                "waktu_komentar": when,
                "teks": text,
                "sentimen": sentiment,
                "kategori": category,
                "dibalas": replied,
                "menit_balasan": minutes,
            }
        )
    return rows


def generate_all(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Generate every table, keyed by file name without ``.csv``."""
    rng = np.random.default_rng(seed)
    akun, posting, pengikut, mixes = generate_accounts_posts_followers(rng)
    kalender = generate_calendar(rng, posting, mixes)
    survei = generate_survey(rng)
    komentar = generate_comments(rng, posting)
    komentar["menit_balasan"] = komentar["menit_balasan"].astype("Int64")
    return {
        "akun": akun,
        "posting": posting,
        "pengikut_harian": pengikut,
        "komentar": komentar,
        "survei_audiens": survei,
        "kalender_konten": kalender,
    }


__all__ = ["SEED", "generate_all", "TOPIK_LAPISAN"]
