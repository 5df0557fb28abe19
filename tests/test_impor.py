"""The export readers: every shipped format reads into the kit's tables, every broken
variant is refused with a message that names the file and the problem, nothing is
half-imported, overlapping downloads count once, personal data is not kept."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from medsos.impor import DAILY_COLUMNS, POST_COLUMNS, ImportFailed, read_exports, samples

ROOT = Path(__file__).resolve().parents[1]
AGENCY = ROOT / "datasets" / "ekspor"
OTHER = ROOT / "datasets" / "ekspor_lain"
BROKEN = ROOT / "datasets" / "ekspor_rusak"
FB_AUG = AGENCY / "facebook" / f"Aug-01-2025_Aug-31-2025_{samples.PAGE_ID}.csv"


@pytest.fixture(scope="module")
def agency():
    return read_exports(AGENCY)


@pytest.fixture(scope="module")
def other():
    return read_exports(OTHER)


def test_shipped_samples_are_what_the_generator_writes(tmp_path):
    samples.write_samples(tmp_path)
    for folder in ("ekspor", "ekspor_lain", "ekspor_rusak"):
        fresh = {p.relative_to(tmp_path / folder): p for p in (tmp_path / folder).rglob("*")}
        committed = {
            p.relative_to(ROOT / "datasets" / folder)
            for p in (ROOT / "datasets" / folder).rglob("*")
        }
        assert set(fresh) == committed, folder
        for relative, path in fresh.items():
            if path.is_file():
                assert path.read_bytes() == (ROOT / "datasets" / folder / relative).read_bytes(), (
                    f"{folder}/{relative} differs from a fresh generation: run "
                    "`python -m medsos.impor.samples` and commit"
                )


def test_agency_month_reads_into_the_kit_tables(agency):
    assert list(agency.posts.columns) == POST_COLUMNS
    assert list(agency.daily.columns) == DAILY_COLUMNS
    per_platform = agency.posts.groupby("platform").size().to_dict()
    assert per_platform == {
        "facebook": 42 + 18,
        "instagram": 36,
        "tiktok": 24,
        "x": 45,
        "youtube": 9,
    }
    assert agency.posts["waktu_unggah"].dtype == "datetime64[us]"
    for column in ("jangkauan", "suka", "komentar", "bagikan"):
        assert str(agency.posts[column].dtype) == "Int64"
    assert agency.daily.groupby("platform").size().to_dict() == dict.fromkeys(
        ["facebook", "instagram", "tiktok", "x", "youtube"], 31
    )
    assert not agency.posts.duplicated(["platform", "posting_id"]).any()
    assert agency.period() == (pd.Timestamp("2025-07-15"), pd.Timestamp("2025-08-31"))


def test_values_land_in_the_right_columns(agency):
    fb = samples.facebook_posts()
    posts = agency.posts.set_index("posting_id")
    for p in fb[:5]:
        row = posts.loc[p["id"]]
        assert row["waktu_unggah"] == p["when"]
        assert (row["jangkauan"], row["tayangan"], row["suka"]) == (
            p["reach"],
            p["views"],
            p["likes"],
        )
        assert row["topik"] == p["topic"]  # from Facebook's Custom labels
    ig = samples.instagram_posts(samples.SEED + 1)
    row = posts.loc[ig[0]["id"]]
    assert (row["tayangan"], row["simpan"], row["pengikut_baru"]) == (
        ig[0]["views"],  # written with a thousands comma in the file
        ig[0]["saves"],
        ig[0]["follows"],
    )
    assert row["topik"] == ig[0]["topic"] and row["lapisan"]  # from label_topik.csv


def test_overlapping_downloads_count_each_post_once_with_the_newest_figures(agency):
    fb = samples.facebook_posts()
    posts = agency.posts.set_index("posting_id")
    early = [p for p in fb if p["when"] < datetime(2025, 8, 16)]
    assert early
    for p in early:
        assert posts.loc[p["id"], "jangkauan"] == p["reach"]  # not the older 80 % figure
        assert posts.loc[p["id"], "berkas"] == FB_AUG.name
    assert any(f"{len(early)} baris unggahan" in note for note in agency.notes)


def test_daily_files_combine_and_repeated_downloads_do_not_double(tmp_path, agency):
    fb = agency.daily[agency.daily["platform"] == "facebook"].set_index("tanggal")
    assert (
        fb[["tayangan", "jangkauan", "bertambah", "berkurang", "kunjungan_profil"]]
        .notna()
        .all()
        .all()
    )
    assert (fb["akun"] == samples.PAGE_NAME).all()  # filled from the posts of the same platform
    again = tmp_path / "lagi" / "facebook"
    again.mkdir(parents=True)
    shutil.copy(AGENCY / "facebook" / "Views.csv", again / "Views.csv")
    twice = read_exports([AGENCY, tmp_path / "lagi"])
    fb2 = twice.daily[twice.daily["platform"] == "facebook"].set_index("tanggal")
    pd.testing.assert_series_equal(fb2["tayangan"], fb["tayangan"])
    assert any("nilai harian" in note for note in twice.notes)


def test_columns_are_matched_by_name_not_position(tmp_path, agency):
    df = pd.read_csv(FB_AUG, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    shuffled = df[list(reversed(df.columns))]
    path = tmp_path / FB_AUG.name
    path.write_bytes(b"\xef\xbb\xbf" + shuffled.to_csv(index=False).encode())
    result = read_exports(path).posts
    expected = agency.posts[agency.posts["berkas"] == FB_AUG.name].reset_index(drop=True)
    pd.testing.assert_frame_equal(result.drop(columns="berkas"), expected.drop(columns="berkas"))


def test_tiktok_year_comes_from_file_name_and_video_id(agency, other):
    videos = samples.tiktok_videos(samples.SEED + 2)
    tiktok = agency.posts[agency.posts["platform"] == "tiktok"].set_index("posting_id")
    for v in videos:
        assert tiktok.loc[v["id"], "waktu_unggah"] == v["when"]  # the id's UTC time, in WIB
        assert tiktok.loc[v["id"], "tonton"] == v["views"]
    # XLSX with "20 December" .. "10 January": the year rolls over.
    days = other.daily[other.daily["platform"] == "tiktok"]["tanggal"]
    assert days.min() == pd.Timestamp("2025-12-20")
    assert days.max() == pd.Timestamp("2026-01-10")
    assert len(days) == 22
    followers = agency.daily[agency.daily["platform"] == "tiktok"].set_index("tanggal")
    assert followers.loc["2025-08-04", "interaksi"] is pd.NA or pd.isna(
        followers.loc["2025-08-04", "interaksi"]
    )  # "undefined"
    assert followers["pengikut"].notna().all()


def test_youtube_indonesian_views_and_impressions_are_not_swapped(agency, other):
    videos = {v["id"]: v for v in samples.youtube_videos(samples.SEED + 3)}
    for result in (agency, other):
        yt = result.posts[result.posts["platform"] == "youtube"].set_index("posting_id")
        assert set(yt.index) == set(videos)
        for vid, v in videos.items():
            assert yt.loc[vid, "tonton"] == v["views"]  # Penayangan = views
            assert yt.loc[vid, "tayangan"] == v["impressions"]  # Tayangan = impressions
            assert yt.loc[vid, "waktu_unggah"] == pd.Timestamp(v["when"].date())
    assert any(vid.startswith("-") for vid in videos)  # ids may start with "-"
    yt = other.posts[other.posts["platform"] == "youtube"]
    assert set(yt["format"]) == {"video_pendek", "video_panjang"}


def test_early_2025_and_retired_wordings(other):
    fb = other.posts[other.posts["platform"] == "facebook"].set_index("posting_id")
    jan = samples.facebook_posts(samples.SEED + 6, datetime(2025, 1, 1), 31, 12)
    assert fb.loc[jan[0]["id"], "tayangan"] == jan[0]["views"]  # "Impressions"
    reels = [p for p in jan if p["kind"] == "Reels"]
    assert reels and fb.loc[reels[0]["id"], "tonton"] == round(reels[0]["reach"] * 1.8)
    x = other.posts[other.posts["platform"] == "x"]
    feb = x[x["waktu_unggah"] >= "2025-01-01"]
    assert len(feb) == 10 and (feb["jam_tersedia"] == False).all()  # noqa: E712
    old = x[x["waktu_unggah"] < "2020-01-01"].sort_values("waktu_unggah")
    assert len(old) == 12 and old["jam_tersedia"].all()
    # tweet_activity times are UTC: 2019-08-01 xx:15 +0000 is 7 hours later in WIB.
    assert (old["waktu_unggah"].dt.minute == 15).all()
    assert old["waktu_unggah"].iloc[0].hour in {h + 7 for h in (1, 5, 12, 13)}


def test_personal_data_is_not_kept(agency):
    assert "@contoh_mitra" not in " ".join(agency.posts["judul"])  # mentions masked
    assert (agency.posts["judul"].str.len() <= 80).all()
    assert not agency.posts["judul"].str.contains("\n").any()


@pytest.mark.parametrize("case", samples.BROKEN, ids=lambda b: b.path.split("/")[0])
def test_every_broken_variant_is_refused_with_a_clear_message(case):
    path = BROKEN / case.path
    with pytest.raises(ImportFailed) as caught:
        read_exports(path)
    problems = caught.value.problems
    assert len(problems) == 1
    message = str(problems[0]).lower()
    assert path.name.lower() in message, message
    for word in case.words:
        assert word in message, f"{case.path}: '{word}' not in: {message}"
    assert "tidak ada data yang dimuat" in str(caught.value)


def test_nothing_is_half_imported(tmp_path):
    good = tmp_path / "campur"
    shutil.copytree(AGENCY, good)
    shutil.copy(BROKEN / "terpotong" / FB_AUG.name, good / "rusak.csv")
    shutil.copy(
        BROKEN / "kosong" / "account_analytics_content_2025-08-01_2025-08-31.csv", good / "x2.csv"
    )
    with pytest.raises(ImportFailed) as caught:
        read_exports(good)
    names = sorted(p.file for p in caught.value.problems)
    assert names == ["rusak.csv", "x2.csv"]  # every bad file listed, nothing returned


def test_a_file_of_another_platform_than_chosen_is_refused():
    with pytest.raises(ImportFailed) as caught:
        read_exports(AGENCY / "youtube", platform="tiktok")
    assert "ekspor YouTube, bukan TikTok" in str(caught.value)
    assert len(read_exports(AGENCY / "tiktok", platform="tiktok").posts) == 24


def test_label_file_with_unknown_topic_is_refused(tmp_path):
    (tmp_path / "label_topik.csv").write_text("posting_id,topik\n123,promosi\n", encoding="utf-8")
    shutil.copy(FB_AUG, tmp_path / FB_AUG.name)
    with pytest.raises(ImportFailed) as caught:
        read_exports(tmp_path)
    assert "topik tidak dikenal: promosi" in str(caught.value)


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(ImportFailed, match="tidak ada"):
        read_exports(tmp_path / "tidak-ada")
    (tmp_path / "catatan.md").write_text("x")
    with pytest.raises(ImportFailed, match="tidak ada file ekspor yang bisa dibaca"):
        read_exports(tmp_path)


def test_day_first_and_month_first_tiktok_dates_agree():
    from medsos.impor.core import Source
    from medsos.impor.tiktok import _yearless

    source = Source("x.csv", "x.csv", "x.csv")
    start = datetime(2025, 8, 30)
    a = _yearless(source, pd.Series(["August 30", "September 2"]), "Date", start)
    b = _yearless(source, pd.Series(["30 August", "2 September"]), "Date", start)
    assert list(a) == list(b) == [pd.Timestamp("2025-08-30"), pd.Timestamp("2025-09-02")]
    assert a.iloc[1] - a.iloc[0] == timedelta(days=3)


def test_newer_youtube_wording_thumbnail_impressions(tmp_path, other):
    import io
    import zipfile

    original = AGENCY / "youtube" / f"Content 2025-08-01_2025-08-31 {samples.CHANNEL}.zip"
    with zipfile.ZipFile(original) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    table = members["Table data.csv"].decode()
    members["Table data.csv"] = table.replace(
        "Impressions,Impressions click-through rate (%)",
        "Thumbnail impressions,Thumbnail impressions click-through rate (%)",
    ).encode()
    assert members["Table data.csv"] != table.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path = tmp_path / original.name
    path.write_bytes(buffer.getvalue())
    yt = read_exports(path).posts.set_index("posting_id")
    for v in samples.youtube_videos(samples.SEED + 3):
        assert yt.loc[v["id"], "tayangan"] == v["impressions"]
    # The Indonesian ZIP's Total.csv gives the channel's views per day.
    days = other.daily[other.daily["platform"] == "youtube"]
    assert len(days) == 31 and days["tonton"].notna().all()


def test_tiktok_xlsx_inside_its_zip_and_indonesian_month_words(tmp_path):
    xlsx = OTHER / f"Overview_2025-12-20_1767225600_{samples.HANDLE}.xlsx"
    zipped = tmp_path / xlsx.with_suffix(".zip").name
    zipped.write_bytes(samples._zip({"Overview.xlsx": xlsx.read_bytes()}))
    days = read_exports(zipped).daily["tanggal"]
    assert (days.min(), days.max()) == (pd.Timestamp("2025-12-20"), pd.Timestamp("2026-01-10"))
    rows = [
        ["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"],
        ["5 Agustus", 10, 1, 1, 0, 0],
    ]
    mixed = tmp_path / f"Overview_2025-08-01_1756684800_{samples.HANDLE}.zip"
    mixed.write_bytes(samples._zip({"Overview.csv": samples._quoted_csv(rows)}))
    with pytest.raises(ImportFailed, match="Bahasa Indonesia belum didukung"):
        read_exports(mixed)
