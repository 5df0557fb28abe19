"""Measure, from the tables, the patterns planted for the lessons (domain.md section 8).

Each pattern is measured the way a trainee would measure it, and carries the range that
makes its exercise unambiguous. The demo prints them; the tests assert every one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

Tables = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Pattern:
    key: str
    label: str  # Bahasa Indonesia, printed in the demo summary
    measure: Callable[[Tables], float]
    low: float
    high: float
    unit: str = ""

    def check(self, tables: Tables) -> tuple[float, bool]:
        value = float(self.measure(tables))
        return value, self.low <= value <= self.high


def _err(posts: pd.DataFrame) -> pd.Series:
    """Engagement rate by reach, in percent."""
    interactions = posts[["suka", "komentar", "bagikan", "simpan"]].sum(axis=1)
    return interactions / posts["jangkauan"] * 100


def _between(posts: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    t = posts["waktu_unggah"]
    return posts[(t >= pd.Timestamp(start)) & (t < pd.Timestamp(end))]


def facebook_reach_drop(t: Tables) -> float:
    """Drop (%) of median reach per follower on Facebook: 2017 versus Feb-Dec 2018."""
    fb = t["posting"][t["posting"]["platform"] == "facebook"]
    per_follower = fb["jangkauan"] / fb["pengikut_saat_unggah"]
    before = per_follower[_between(fb, "2017-01-01", "2018-01-01").index].median()
    after = per_follower[_between(fb, "2018-02-01", "2019-01-01").index].median()
    return (1 - after / before) * 100


def _ig_reach_ratio(t: Tables, start: str, end: str) -> float:
    ig = _between(t["posting"][t["posting"]["platform"] == "instagram"], start, end)
    medians = ig.groupby("format")["jangkauan"].median()
    return medians["video_pendek"] / medians["foto"]


def short_video_reach_2021_22(t: Tables) -> float:
    """Instagram: median reach of short video / median reach of photos, 2021-2022."""
    return _ig_reach_ratio(t, "2021-01-01", "2023-01-01")


def short_video_reach_2024_25(t: Tables) -> float:
    """The same ratio in 2024-2025: the gap narrows."""
    return _ig_reach_ratio(t, "2024-01-01", "2025-07-01")


def carousel_gain(t: Tables) -> float:
    """Instagram carousel / photo median engagement rate: 2023-25 over 2019-22 (ratio)."""
    ig = t["posting"][t["posting"]["platform"] == "instagram"]

    def ratio(start: str, end: str) -> float:
        part = _between(ig, start, end)
        med = _err(part).groupby(part["format"]).median()
        return med["karusel"] / med["foto"]

    return ratio("2023-01-01", "2025-07-01") / ratio("2019-01-01", "2023-01-01")


def x_engagement_change(t: Tables) -> float:
    """Change (%) of X's median engagement rate: 2023-2025 versus 2021-2022."""
    x = t["posting"][t["posting"]["platform"] == "x"]
    before = _err(_between(x, "2021-01-01", "2022-11-01")).median()
    after = _err(_between(x, "2023-01-01", "2025-07-01")).median()
    return (after / before - 1) * 100


def ceremonial_ratio(t: Tables) -> float:
    """Median engagement rate of ceremonial posts / that of service and education posts."""
    p = t["posting"]
    err = _err(p)
    ceremonial = err[p["topik"] == "seremonial"].median()
    service = err[p["topik"].isin(["layanan", "edukasi"])].median()
    return ceremonial / service


def best_hour_block(t: Tables) -> float:
    """First hour (WIB) of the 3-hour block (01-03, 04-06, ..., 22-00) with the highest
    median engagement rate."""
    p = t["posting"]
    block = ((p["waktu_unggah"].dt.hour - 1) % 24) // 3 * 3 + 1
    return float(_err(p).groupby(block).median().idxmax())


def best_block_margin(t: Tables) -> float:
    """How far (%) the best 3-hour block's median engagement rate is above the runner-up."""
    p = t["posting"]
    block = ((p["waktu_unggah"].dt.hour - 1) % 24) // 3 * 3 + 1
    medians = _err(p).groupby(block).median().sort_values(ascending=False)
    return (medians.iloc[0] / medians.iloc[1] - 1) * 100


def quiet_week_growth(t: Tables) -> float:
    """Median weekly net follower gain in weeks without posts / in weeks with posts (%)."""
    f = t["pengikut_harian"]
    p = t["posting"]
    non_tiktok = t["akun"].loc[t["akun"]["platform"] != "tiktok", "akun_id"]
    f = f[f["akun_id"].isin(non_tiktok)]
    weekly = (
        f.assign(bersih=f["bertambah"] - f["berkurang"])
        .groupby(["akun_id", pd.Grouper(key="tanggal", freq="W-SUN")])
        .agg(bersih=("bersih", "sum"), awal=("pengikut", "first"))
    )
    posts = p.groupby(["akun_id", pd.Grouper(key="waktu_unggah", freq="W-SUN")]).size()
    posts.index = posts.index.set_names(["akun_id", "tanggal"])
    weekly["posting"] = posts.reindex(weekly.index, fill_value=0)
    rate = weekly["bersih"] / weekly["awal"]
    return rate[weekly["posting"] == 0].median() / rate[weekly["posting"] > 0].median() * 100


def supporting_layer_err_gap(t: Tables) -> float:
    """How far (%) the lowest of the other layers' median ERR is above the supporting
    layer's (posts 2024-01 to 2025-06); positive when supporting content engages least."""
    p = _between(t["posting"], "2024-01-01", "2025-07-01")
    medians = _err(p).groupby(p["lapisan"]).median()
    return (medians.drop("pendukung").min() / medians["pendukung"] - 1) * 100


def complementary_fulfilment_gap(t: Tables) -> float:
    """Realised / planned posts (%) of the next-worst layer minus that of the complementary
    layer; positive when complementary content runs dry most often."""
    cal = t["kalender_konten"]
    sums = cal.groupby("lapisan")[["realisasi", "rencana"]].sum()
    rate = sums["realisasi"] / sums["rencana"] * 100
    return rate.drop("pelengkap").min() - rate["pelengkap"]


def information_share_posts(t: Tables) -> float:
    """Share (%) of posts whose purpose is information."""
    return (t["posting"]["tujuan"] == "informasi").mean() * 100


def survey_share(need: str) -> Callable[[Tables], float]:
    def measure(t: Tables) -> float:
        return (t["survei_audiens"]["kebutuhan_utama"] == need).mean() * 100

    measure.__doc__ = f"Share (%) of survey respondents whose main need is {need}."
    return measure


def _daily_comments(t: Tables) -> pd.DataFrame:
    k = t["komentar"]
    return k.groupby(k["waktu_komentar"].dt.normalize()).agg(
        negatif=("sentimen", lambda s: (s == "negatif").mean()),
        jumlah=("sentimen", "size"),
        menit=("menit_balasan", "median"),
    )


def crisis_negative_share(t: Tables) -> float:
    """Negative share (%) of all comments on 8-9 July 2024 (the planted PPDB outage)."""
    k = t["komentar"]
    day = k["waktu_komentar"].dt.normalize()
    window = k[(day >= "2024-07-08") & (day <= "2024-07-09")]
    return (window["sentimen"] == "negatif").mean() * 100


def crisis_is_peak(t: Tables) -> float:
    """Days between the busiest negative-comment day and 8 July 2024 (0 = the crisis)."""
    k = t["komentar"]
    neg = k[k["sentimen"] == "negatif"]
    peak = neg.groupby(neg["waktu_komentar"].dt.normalize()).size().idxmax()
    return float(abs((peak - pd.Timestamp("2024-07-08")).days))


def reply_speed_effect(t: Tables) -> float:
    """Next-day negative share (points): after slow-reply days minus after fast-reply days.

    Fast: median reply within 2 hours; slow: median reply over 8 hours. Crisis days excluded.
    """
    daily = _daily_comments(t)
    daily["negatif_besok"] = daily["negatif"].shift(-1)
    calm = daily[(daily.index < "2024-07-07") | (daily.index > "2024-07-12")]
    fast = calm.loc[calm["menit"] <= 120, "negatif_besok"].mean()
    slow = calm.loc[calm["menit"] > 480, "negatif_besok"].mean()
    return (slow - fast) * 100


def platform_lead(age_group: str, platform: str) -> Callable[[Tables], float]:
    """Lead (percentage points) of ``platform`` over the next most used platform among
    respondents in ``age_group``; negative when it is not the most used."""

    def measure(t: Tables) -> float:
        s = t["survei_audiens"]
        shares = s.loc[s["kelompok_usia"] == age_group, "platform_utama"].value_counts(
            normalize=True
        )
        others = shares.drop(platform, errors="ignore")
        return (shares.get(platform, 0.0) - others.max()) * 100

    measure.__doc__ = f"Lead of {platform} among respondents aged {age_group} (points)."
    return measure


PATTERNS = [
    Pattern("fb_reach_drop", "Jangkauan per pengikut Facebook turun setelah Jan 2018",
            facebook_reach_drop, 30, 50, "%"),
    Pattern("short_video_2021_22", "Video pendek vs foto di Instagram, 2021-22 (kali lipat)",
            short_video_reach_2021_22, 2.0, 3.0, "x"),
    Pattern("short_video_2024_25", "Video pendek vs foto di Instagram, 2024-25 (menyempit)",
            short_video_reach_2024_25, 1.0, 1.8, "x"),
    Pattern("carousel_gain", "Keunggulan karusel atas foto, 2023-25 dibanding 2019-22",
            carousel_gain, 1.15, 1.6, "x"),
    Pattern("x_engagement", "Perubahan engagement X setelah akhir 2022",
            x_engagement_change, -70, -30, "%"),
    Pattern("ceremonial", "Engagement seremonial dibanding layanan dan edukasi",
            ceremonial_ratio, 0.4, 0.6, "x"),
    Pattern("best_block", "Blok 3 jam dengan engagement tertinggi dimulai pukul (WIB)",
            best_hour_block, 19, 19),
    Pattern("best_block_margin", "Keunggulan blok 19-21 atas blok terbaik berikutnya",
            best_block_margin, 15, 100, "%"),
    Pattern("quiet_weeks", "Pertumbuhan pengikut di minggu tanpa unggahan (vs minggu aktif)",
            quiet_week_growth, -100, 50, "%"),
    Pattern("supporting_err", "Lapisan pendukung paling rendah engagement-nya (selisih)",
            supporting_layer_err_gap, 10, 100, "%"),
    Pattern("complementary_dry", "Lapisan pelengkap paling sering kering (selisih realisasi)",
            complementary_fulfilment_gap, 10, 100, " poin"),
    Pattern("info_posts", "Porsi unggahan instansi bertujuan informasi",
            information_share_posts, 60, 85, "%"),
    Pattern("survey_hiburan", "Survei: mencari hiburan", survey_share("hiburan"), 48.5, 49.5, "%"),
    Pattern("survey_informasi", "Survei: mencari informasi", survey_share("informasi"),
            42.5, 43.5, "%"),
    Pattern("survey_lainnya", "Survei: lainnya", survey_share("lainnya"), 7.5, 8.5, "%"),
    Pattern("crisis_negative", "Porsi komentar negatif 8-9 Juli 2024 (krisis PPDB)",
            crisis_negative_share, 60, 100, "%"),
    Pattern("crisis_peak", "Jarak puncak komentar negatif dari 8 Juli 2024 (hari)",
            crisis_is_peak, 0, 1),
    Pattern("reply_speed", "Balasan lambat vs cepat: selisih porsi negatif esok hari",
            reply_speed_effect, 8, 40, " poin"),
    Pattern("young_tiktok", "Usia 15-24: TikTok unggul atas platform berikutnya",
            platform_lead("15-24", "tiktok"), 5, 100, " poin"),
    Pattern("older_facebook", "Usia 45-54: Facebook unggul atas platform berikutnya",
            platform_lead("45-54", "facebook"), 5, 100, " poin"),
]  # fmt: skip
