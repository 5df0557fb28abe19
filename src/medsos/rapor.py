"""``medsos rapor``: one offline HTML report card from an agency's own platform exports.

The report applies the course's formulas (modules 01-05) to the tables
:func:`medsos.impor.read_exports` makes: the four publication goals over time, format and
posting-time comparisons, the layer mix where posts are labelled, spikes of negative
signals, and three concrete changes for next month, with the period and the data's limits
stated. Plots are embedded as PNG data URIs; the page loads nothing from anywhere and the
command never opens a network connection.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from medsos.impor import Imported, ImportFailed, read_exports  # noqa: E402
from medsos.impor.reader import PLATFORM_NAMES  # noqa: E402

INTERACTIONS = ["suka", "komentar", "bagikan", "simpan"]
FORMAT_NAMES = {
    "foto": "foto",
    "karusel": "karusel",
    "video_pendek": "video pendek",
    "video_panjang": "video panjang",
    "teks": "teks",
    "tautan": "tautan",
}
# Posting-time blocks (WIB); 19.00-21.59 is the national peak (Kominfo-KIC 2021).
TIME_BLOCKS = [
    ("pagi (05.00-10.59)", 5, 10),
    ("siang (11.00-14.59)", 11, 14),
    ("sore (15.00-18.59)", 15, 18),
    ("malam (19.00-21.59)", 19, 21),
]
LATE_BLOCK = "larut (22.00-04.59)"
LAYER_TARGET = {"inti": 60, "pendukung": 30, "pelengkap": 10}  # the course's own proposal
MIN_POSTS = 3  # a group needs this many posts before its median is compared
MIN_SPIKE = 10  # a spike day needs at least this many events (small counts jump by chance)
SOURCE_LINE = "Sumber: ekspor platform akun ini (dihitung dengan medsos rapor)"


# --------------------------------------------------------------------------- measures


def with_er(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts with ``interaksi``, ``penyebut`` and ``er`` (module 05's formula), where computable.

    ER = (likes + comments + shares + saves) / denominator × 100; the denominator is reach,
    else video views, else impressions, per post (missing interaction columns count 0; a
    post with none of them, or no denominator, is left out).
    """
    df = posts.assign(
        interaksi=posts[INTERACTIONS].fillna(0).sum(axis=1),
        penyebut=posts["jangkauan"].fillna(posts["tonton"]).fillna(posts["tayangan"]),
    )
    keep = df[INTERACTIONS].notna().any(axis=1) & (df["penyebut"].fillna(0) > 0)
    df = df[keep].copy()
    df["er"] = (df["interaksi"] / df["penyebut"] * 100).astype(float)
    return df


def denominators(posts: pd.DataFrame) -> dict[str, str]:
    """Which denominator each platform's ER used (for the limits section)."""
    out = {}
    for platform, group in posts.groupby("platform"):
        if group["jangkauan"].notna().any():
            out[platform] = "jangkauan"
        elif group["tonton"].notna().any():
            out[platform] = "putaran video (tonton)"
        elif group["tayangan"].notna().any():
            out[platform] = "tayangan (impressions)"
        else:
            out[platform] = "-"
    return out


def net_followers_weekly(daily: pd.DataFrame) -> pd.DataFrame:
    """Net new followers (bertambah − berkurang) per week (Mon-Sun) and platform."""
    have = daily[daily["bertambah"].notna()].copy()
    if have.empty:
        return pd.DataFrame()
    have["bersih"] = (have["bertambah"] - have["berkurang"].fillna(0)).astype(float)
    return (
        have.set_index("tanggal").groupby("platform")["bersih"].resample("W-SUN").sum().unstack(0)
    )


def growth_rate(daily: pd.DataFrame) -> pd.Series:
    """(followers at the end − at the start) / at the start × 100, where totals exist."""
    out = {}
    for platform, group in daily[daily["pengikut"].notna()].groupby("platform"):
        series = group.sort_values("tanggal")["pengikut"].astype(float)
        if len(series) >= 2 and series.iloc[0] > 0:
            out[platform] = (series.iloc[-1] - series.iloc[0]) / series.iloc[0] * 100
    return pd.Series(out, dtype=float)


def consistency(posts: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Module 01's sustainability measures per platform over the report period."""
    weeks = pd.date_range(start, end, freq="W-SUN")
    total_weeks = max(1, len(weeks) + (0 if end in weeks else 1))
    rows = {}
    for platform, group in posts.groupby("platform"):
        times = group["waktu_unggah"].sort_values()
        active = times.dt.to_period("W-SUN").nunique()
        gaps = times.diff().dropna().dt.total_seconds() / 86400
        rows[platform] = {
            "unggahan": len(group),
            "unggahan_per_minggu": len(group) / total_weeks,
            "porsi_minggu_aktif": active / total_weeks * 100,
            "jeda_terpanjang": gaps.max() if len(gaps) else float("nan"),
            "kv_jeda": gaps.std() / gaps.mean()
            if len(gaps) > 1 and gaps.mean() > 0
            else float("nan"),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def time_block(hour: int) -> str:
    for name, first, last in TIME_BLOCKS:
        if first <= hour <= last:
            return name
    return LATE_BLOCK


def medians(df: pd.DataFrame, by: pd.Series | str) -> pd.DataFrame:
    """Median ER and number of posts per group, largest median first."""
    table = df.groupby(by)["er"].agg(median_er="median", unggahan="size")
    return table.sort_values("median_er", ascending=False)


def negative_spikes(daily: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """Days when unfollows (all platforms) or Facebook 'Hide all' exceed 2 × their median
    (and reach at least :data:`MIN_SPIKE`)."""
    frames = {}
    if daily["berkurang"].notna().any():
        frames["berhenti_mengikuti"] = daily["berkurang"].fillna(0).groupby(daily["tanggal"]).sum()
    if posts["masukan_negatif"].notna().any():
        have = posts[posts["masukan_negatif"].notna()]
        frames["sembunyikan_unggahan"] = (
            have["masukan_negatif"].groupby(have["waktu_unggah"].dt.normalize()).sum()
        )
    out = []
    for signal, series in frames.items():
        series = series.astype(float)
        limit = 2 * series.median()
        for day, value in series[(series > limit) & (series >= MIN_SPIKE)].items():
            out.append({"tanggal": day, "tanda": signal, "nilai": value, "batas": limit})
    return pd.DataFrame(out, columns=["tanggal", "tanda", "nilai", "batas"])


# --------------------------------------------------------------------------- the report


@dataclass
class Report:
    title: str
    period: tuple[pd.Timestamp, pd.Timestamp]
    sections: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)  # layout set by _figure: one draw, not two
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return data


def _figure(fig, alt: str) -> str:
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.text(0.01, 0.01, SOURCE_LINE, fontsize=7)
    return (
        f'<figure><img alt="{html.escape(alt)}" src="data:image/png;base64,{_png(fig)}">'
        f"<figcaption>{html.escape(alt)}</figcaption></figure>"
    )


def _table(df: pd.DataFrame, formats: dict[str, str] | None = None) -> str:
    formats = formats or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in [df.index.name or "", *df.columns])
    rows = []
    for index, row in df.iterrows():
        label = index.strftime("%d-%m-%Y") if isinstance(index, pd.Timestamp) else index
        cells = [f"<th>{html.escape(str(label))}</th>"]
        for column, value in row.items():
            if pd.isna(value):
                text = "-"
            elif column not in formats and isinstance(value, float) and value.is_integer():
                text = f"{int(value):,}".replace(",", ".")
            elif column in formats:
                text = formats[column].format(value).replace(".", ",")
            else:
                text = str(value)
            align = ' class="teks"' if isinstance(value, str) else ""
            cells.append(f"<td{align}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _pct(value: float) -> str:
    return f"{value:.1f}%".replace(".", ",")


def _name(platform: str) -> str:
    return PLATFORM_NAMES.get(platform, platform)


def _styles(ax) -> None:
    """Light grid, and dates as day-month with few enough ticks to stay readable."""
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d-%m-%Y"))


LINE_STYLES = ["-o", "--s", ":^", "-.d", "-x"]


def _weekly_lines(weekly: pd.DataFrame, title: str, ylabel: str):
    """One black line per platform (told apart by line style and marker), weeks on x."""
    fig, ax = plt.subplots(figsize=(8, 3.4))
    for (platform, series), style in zip(weekly.items(), LINE_STYLES * 2, strict=False):
        values = series.to_numpy(dtype=float)
        ax.plot(series.index, values, style, color="black", label=_name(platform), markersize=4)
    ax.set_title(title)
    ax.set_xlabel("Minggu (berakhir hari Minggu)")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    _styles(ax)
    return fig, ax


def build_report(imported: Imported) -> Report:
    """Compute every section of the report card from one import."""
    posts, daily = imported.posts, imported.daily
    period = imported.period()
    start, end = period
    accounts = sorted(
        {a for a in posts["akun"].dropna().unique() if a}
        | {a for a in daily["akun"].dropna().unique() if a}
    )
    report = Report(", ".join(accounts) or "akun instansi", period)
    er = with_er(posts)

    # Goal 1: followers.
    weekly = net_followers_weekly(daily)
    growth = growth_rate(daily)
    part = ["<h2>1. Menambah pengikut</h2>"]
    part.append(
        "<p>Pertambahan bersih = pengikut baru − berhenti mengikuti, per minggu (Senin-Minggu). "
        "Laju pertumbuhan = (pengikut akhir − pengikut awal) / pengikut awal × 100, hanya untuk "
        "platform yang ekspornya memuat jumlah pengikut (modul 01).</p>"
    )
    if not weekly.empty:
        totals = weekly.sum().astype(int)
        table = pd.DataFrame({"pertambahan bersih (akun)": totals})
        table.index = pd.Index([_name(p) for p in table.index], name="platform")
        if len(growth):
            table["laju pertumbuhan (%)"] = [growth.get(p, float("nan")) for p in totals.index]
        part.append(_table(table, {"laju pertumbuhan (%)": "{:.2f}"}))
        worst = weekly.sum(axis=1).idxmin()
        fig, ax = _weekly_lines(
            weekly, f"Minggu terlemah: berakhir {worst:%d-%m-%Y}", "Pengikut bersih (akun)"
        )
        ax.axhline(0, color="0.6", linewidth=0.8)
        part.append(_figure(fig, "Pertambahan pengikut bersih per minggu per platform"))
    else:
        part.append("<p>Ekspor yang dimuat tidak memuat pengikut baru per hari.</p>")
    report.sections.append("".join(part))

    # Goal 2: engagement over time.
    part = ["<h2>2. Menaikkan <i>engagement</i></h2>"]
    part.append(
        "<p>ER per unggahan = (suka + komentar + bagikan + simpan) / penyebut × 100; penyebut = "
        "jangkauan, atau putaran video bila tidak ada, atau tayangan bila tidak ada juga. "
        "Angkanya median per platform (modul 01 dan 05).</p>"
    )
    if len(er):
        table = er.groupby("platform").agg(unggahan=("er", "size"), median_er=("er", "median"))
        table.index = [_name(p) for p in table.index]
        table.index.name = "platform"
        part.append(
            _table(
                table.rename(columns={"median_er": "median ER (%)"}), {"median ER (%)": "{:.2f}"}
            )
        )
        weekly_er = (
            er.set_index("waktu_unggah")
            .groupby("platform")["er"]
            .resample("W-SUN")
            .median()
            .unstack(0)
        )
        best = table["median_er"].idxmax()
        fig, ax = _weekly_lines(
            weekly_er, f"Median ER mingguan; tertinggi sepanjang periode: {best}", "Median ER (%)"
        )
        part.append(_figure(fig, "Median ER per minggu per platform"))
    else:
        part.append("<p>Tidak ada unggahan dengan data interaksi.</p>")
    report.sections.append("".join(part))

    # Goal 3: reactions (negative signals).
    spikes = negative_spikes(daily, posts)
    part = ["<h2>3. Reaksi: lonjakan tanda negatif</h2>"]
    part.append(
        "<p>Ekspor platform tidak memuat isi komentar, jadi sentimen tidak bisa dihitung. "
        "Yang dipantau: banyak akun yang berhenti mengikuti per hari (semua platform) dan, di "
        "Facebook, orang yang menyembunyikan unggahan (<i>Hide all</i>). Sebuah hari disebut "
        "lonjakan bila nilainya lebih dari 2 × median harian periode ini (modul 05) dan paling "
        f"sedikit {MIN_SPIKE}, agar angka kecil yang naik karena kebetulan tidak ikut.</p>"
    )
    if daily["berkurang"].notna().any():
        series = daily["berkurang"].fillna(0).groupby(daily["tanggal"]).sum().astype(float)
        fig, ax = plt.subplots(figsize=(8, 3.2))
        ax.plot(
            series.index,
            series.to_numpy(),
            "-o",
            color="black",
            markersize=3,
            label="berhenti mengikuti",
        )
        ax.axhline(2 * series.median(), linestyle="--", color="0.4", label="2 × median")
        days = spikes.loc[spikes["tanda"] == "berhenti_mengikuti", "tanggal"]
        ax.set_title(
            "Lonjakan: " + (", ".join(f"{d:%d-%m}" for d in days) if len(days) else "tidak ada")
        )
        ax.set_xlabel("Tanggal")
        ax.set_ylabel("Berhenti mengikuti (akun/hari)")
        ax.legend(fontsize=8)
        _styles(ax)
        part.append(_figure(fig, "Akun yang berhenti mengikuti per hari, semua platform"))
    if len(spikes):
        shown = spikes.assign(
            tanda=spikes["tanda"].map(
                {
                    "berhenti_mengikuti": "berhenti mengikuti",
                    "sembunyikan_unggahan": "sembunyikan unggahan",
                }
            )
        ).set_index("tanggal")
        part.append(_table(shown, {"nilai": "{:.0f}", "batas": "{:.1f}"}))
        days = set(spikes["tanggal"])
        near = posts[posts["waktu_unggah"].dt.normalize().isin(days)]
        if len(near):
            top = near.sort_values(["masukan_negatif", "komentar"], ascending=False).head(5)
            top = top.set_index("waktu_unggah")[
                ["platform", "judul", "komentar", "masukan_negatif"]
            ].rename(columns={"masukan_negatif": "sembunyikan (Hide all)"})
            top["platform"] = top["platform"].map(_name)
            top.index = top.index.strftime("%d-%m-%Y %H:%M")
            top.index.name = "waktu unggah"
            part.append("<p>Unggahan pada hari lonjakan (periksa komentarnya):</p>")
            part.append(_table(top))
    else:
        part.append("<p>Tidak ada hari lonjakan pada periode ini.</p>")
    report.sections.append("".join(part))

    # Goal 4: sustainability.
    steady = consistency(posts, start, end)
    part = ["<h2>4. Berkelanjutan</h2>"]
    part.append(
        "<p>Porsi minggu aktif = minggu (Senin-Minggu) dengan minimal 1 unggahan / semua minggu "
        "periode × 100; jeda terpanjang antara dua unggahan berurutan (hari); koefisien variasi "
        "jeda = simpangan baku / rata-rata jeda (modul 01).</p>"
    )
    if len(steady):
        shown = steady.rename(
            columns={
                "unggahan_per_minggu": "unggahan per minggu",
                "porsi_minggu_aktif": "minggu aktif (%)",
                "jeda_terpanjang": "jeda terpanjang (hari)",
                "kv_jeda": "koefisien variasi jeda",
            }
        )
        shown.index = [_name(p) for p in shown.index]
        shown.index.name = "platform"
        part.append(
            _table(
                shown,
                {
                    "unggahan per minggu": "{:.1f}",
                    "minggu aktif (%)": "{:.0f}",
                    "jeda terpanjang (hari)": "{:.1f}",
                    "koefisien variasi jeda": "{:.2f}",
                },
            )
        )
    report.sections.append("".join(part))

    # Trends: format and posting time.
    part = ["<h2>5. Format dan jam unggah</h2>"]
    by_format = medians(er.dropna(subset=["format"]), "format") if len(er) else pd.DataFrame()
    with_time = er[er["jam_tersedia"]] if len(er) else er
    by_time = (
        medians(with_time, with_time["waktu_unggah"].dt.hour.map(time_block))
        if len(with_time)
        else pd.DataFrame()
    )
    if len(by_format):
        shown = by_format.rename(columns={"median_er": "median ER (%)"})
        shown.index = [FORMAT_NAMES.get(f, f) for f in shown.index]
        shown.index.name = "format"
        part.append(_table(shown, {"median ER (%)": "{:.2f}"}))
        fig, ax = plt.subplots(figsize=(7, 3))
        ordered = by_format.sort_values("median_er")
        ax.barh(
            [FORMAT_NAMES.get(f, f) for f in ordered.index],
            ordered["median_er"],
            color="0.7",
            edgecolor="black",
            hatch="//",
        )
        ax.set_title(f"Median ER tertinggi: {FORMAT_NAMES.get(by_format.index[0])}")
        ax.set_xlabel("Median ER (%)")
        ax.set_ylabel("Format")
        part.append(_figure(fig, "Median ER per format unggahan"))
    if len(by_time):
        shown = by_time.rename(columns={"median_er": "median ER (%)"})
        shown.index.name = "jam unggah (WIB)"
        part.append(_table(shown, {"median ER (%)": "{:.2f}"}))
    report.sections.append("".join(part))

    # Layer mix.
    labelled = posts[posts["lapisan"].notna()]
    part = ["<h2>6. Lapisan konten</h2>"]
    if len(labelled):
        share = labelled["lapisan"].value_counts(normalize=True) * 100
        table = pd.DataFrame(
            {
                "porsi (%)": share.reindex(list(LAYER_TARGET)).fillna(0),
                "usulan kursus (%)": pd.Series(LAYER_TARGET),
            }
        )
        layer_er = er[er["lapisan"].notna()].groupby("lapisan")["er"].median()
        table["median ER (%)"] = layer_er.reindex(table.index)
        table.index.name = "lapisan"
        part.append(
            f"<p>{len(labelled)} dari {len(posts)} unggahan berlabel topik (label_topik.csv "
            "atau <i>Custom labels</i> Facebook). Usulan 60/30/10 adalah titik awal kursus, "
            "bukan standar (modul 03).</p>"
        )
        part.append(
            _table(
                table,
                {"porsi (%)": "{:.1f}", "usulan kursus (%)": "{:.0f}", "median ER (%)": "{:.2f}"},
            )
        )
    else:
        part.append(
            "<p>Belum ada unggahan berlabel topik: tambahkan label_topik.csv atau isi "
            "<i>Custom labels</i> di Facebook untuk melihat porsi lapisan.</p>"
        )
    report.sections.append("".join(part))

    report.changes = next_month(er, by_format, by_time, labelled, spikes, steady, weekly, posts)
    report.limits = limits(imported, er)
    return report


def next_month(er, by_format, by_time, labelled, spikes, steady, weekly, posts) -> list[str]:
    """Three concrete changes for next month, each with the figure behind it (the first
    three that the data support, in this order: format, posting time, spikes, layer mix,
    gaps, the weakest week, then what to download or label next time)."""
    ideas: list[str] = []
    counted = by_format[by_format["unggahan"] >= MIN_POSTS] if len(by_format) else by_format
    if len(counted) >= 2:
        best = counted.index[0]
        most = counted["unggahan"].idxmax()
        if best != most:
            ideas.append(
                f"Ganti sebagian unggahan {FORMAT_NAMES[most]} ({counted.loc[most, 'unggahan']} "
                f"unggahan, median ER {_pct(counted.loc[most, 'median_er'])}) menjadi "
                f"{FORMAT_NAMES[best]} (median ER {_pct(counted.loc[best, 'median_er'])}). "
                "Ukur: median ER akun bulan depan."
            )
    timed = by_time[by_time["unggahan"] >= MIN_POSTS] if len(by_time) else by_time
    if len(timed) >= 2:
        best = timed.index[0]
        share = timed.loc[best, "unggahan"] / timed["unggahan"].sum() * 100
        ideas.append(
            f"Terbitkan lebih banyak unggahan pada jam {best}: median ER-nya "
            f"{_pct(timed.loc[best, 'median_er'])}, tertinggi, tetapi baru {_pct(share)} "
            "unggahan terbit di jam itu. Ukur: porsi dan median ER unggahan di jam itu."
        )
    if len(spikes):
        days = ", ".join(sorted({f"{d:%d-%m-%Y}" for d in spikes["tanggal"]}))
        ideas.append(
            f"Siapkan pernyataan awal dan jadwal kabar berkala untuk gangguan layanan: tanda "
            f"negatif melonjak pada {days}. Ukur: berhenti mengikuti per hari tetap di bawah "
            "2 × median; setiap gangguan diumumkan dalam 1 jam."
        )
    if len(labelled):
        share = labelled["lapisan"].value_counts(normalize=True) * 100
        gaps = {k: share.get(k, 0) - v for k, v in LAYER_TARGET.items()}
        layer = max(gaps, key=lambda k: abs(gaps[k]))
        if abs(gaps[layer]) >= 10:
            verb = "Kurangi" if gaps[layer] > 0 else "Tambah"
            ideas.append(
                f"{verb} konten {layer}: porsinya {_pct(share.get(layer, 0))}, usulan kursus "
                f"{LAYER_TARGET[layer]}%. Ukur: porsi lapisan dan median ER-nya bulan depan."
            )
    if len(steady):
        worst = steady["jeda_terpanjang"].idxmax()
        if pd.notna(steady.loc[worst, "jeda_terpanjang"]):
            ideas.append(
                f"Isi jeda unggahan {_name(worst)}: jeda terpanjang "
                f"{steady.loc[worst, 'jeda_terpanjang']:.1f} hari".replace(".", ",")
                + ". Siapkan konten cadangan (lapisan pendukung) di kalender. Ukur: jeda "
                "terpanjang bulan depan."
            )
    if len(weekly) >= 2:
        totals = weekly.sum(axis=1)
        worst = totals.idxmin()
        ideas.append(
            f"Periksa minggu yang berakhir {worst:%d-%m-%Y}: pertambahan pengikut bersih "
            f"{totals[worst]:.0f} akun, terendah di periode ini (median mingguan "
            f"{totals.median():.0f}). Cari penyebabnya (jeda unggahan, keluhan) dan siapkan "
            "kalender konten untuk minggu serupa. Ukur: pertambahan bersih per minggu."
        )
    if not len(posts):
        ideas.append(
            "Unduh juga ekspor unggahan (Content) tiap platform agar format, jam unggah, dan "
            "engagement rate bisa dinilai bulan depan."
        )
    if not len(labelled):
        ideas.append(
            "Beri label topik pada unggahan (label_topik.csv atau Custom labels) agar porsi "
            "lapisan konten bisa diukur bulan depan."
        )
    ideas.append(
        "Unduh ekspor setiap awal bulan dan buat rapor ini lagi untuk membandingkan angkanya."
    )
    return ideas[:3]


def limits(imported: Imported, er: pd.DataFrame) -> list[str]:
    posts, daily = imported.posts, imported.daily
    out = [
        "Waktu unggah dianggap WIB (zona waktu komputer admin saat mengunduh dari Meta dan "
        "TikTok); waktu ekspor X lama (tweet_activity) dikonversi dari UTC.",
        "Ekspor tidak memuat isi komentar atau nama pemberi komentar; sentimen tidak dihitung.",
    ]
    used = denominators(posts)
    if used:
        out.append(
            "Penyebut ER per platform: "
            + "; ".join(f"{_name(p)}: {d}" for p, d in used.items())
            + ". ER antarplatform karena itu tidak setara."
        )
    no_time = sorted({_name(p) for p in posts.loc[~posts["jam_tersedia"], "platform"]})
    if no_time:
        out.append(f"Ekspor {', '.join(no_time)} hanya memuat tanggal unggah, tanpa jam.")
    no_daily = sorted(set(posts["platform"]) - set(daily["platform"]))
    if no_daily:
        out.append(
            f"Tidak ada metrik harian untuk {', '.join(_name(p) for p in no_daily)}: pengikut "
            "platform itu tidak dihitung."
        )
    left_out = len(posts) - len(er)
    if left_out:
        out.append(f"{left_out} unggahan tanpa data interaksi atau penyebut tidak ikut ER.")
    out += imported.notes
    return out


# --------------------------------------------------------------------------- HTML

STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#111;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:right}
th:first-child,td.teks{text-align:left}thead th{background:#eee}
figure{margin:1rem 0}img{max-width:100%}figcaption{font-size:.85rem;color:#333}
.ringkas{background:#f3f3f3;border-left:4px solid #333;padding:.6rem 1rem}
"""


def render_html(report: Report, files: list[str]) -> str:
    start, end = report.period
    changes = "".join(f"<li>{html.escape(c)}</li>" for c in report.changes)
    limits = "".join(f"<li>{html.escape(item)}</li>" for item in report.limits)
    listed = "".join(f"<li>{html.escape(name)}</li>" for name in files)
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        f"<title>Rapor media sosial {html.escape(report.title)}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>Rapor media sosial: {html.escape(report.title)}</h1>"
        f"<p><b>Periode:</b> {start:%d-%m-%Y} sampai {end:%d-%m-%Y}. Dibuat dengan "
        "<code>medsos rapor</code> dari file ekspor platform, di komputer ini, tanpa internet. "
        "Rumusnya sama dengan kursus (modul 01-05).</p>"
        f'<div class="ringkas"><h2>Tiga hal yang diubah bulan depan</h2><ol>{changes}</ol></div>'
        + "".join(report.sections)
        + f"<h2>Batas data</h2><ul>{limits}</ul>"
        f"<h2>File yang dibaca</h2><ul>{listed}</ul>"
        "</body></html>\n"
    )


def write_report(paths, output: Path) -> Path:
    """Import ``paths``, build the report card and write it to ``output`` (HTML)."""
    imported = read_exports(paths)
    report = build_report(imported)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_html(report, imported.files), encoding="utf-8")
    return output


def run(paths: list[str], output: str | None = None) -> int:
    """``medsos rapor``: exit status 0 when the report was written."""
    target = Path(output) if output else Path("rapor-medsos.html")
    try:
        written = write_report(paths, target)
    except ImportFailed as failure:
        print(str(failure), file=sys.stderr)
        return 1
    print(f"Rapor ditulis ke {written} (buka dengan peramban; tidak perlu internet).")
    return 0
