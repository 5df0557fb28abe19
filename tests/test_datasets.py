"""The sample datasets: schema, dictionary, determinism, planted patterns, clear errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from medsos.datasets import DatasetError, load_all, load_table, regenerate
from medsos.datasets.dictionary import render
from medsos.datasets.patterns import PATTERNS, facebook_reach_drop
from medsos.datasets.schema import TABLES
from medsos.datasets.writer import SIZE_LIMIT_BYTES

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return load_all(DATASETS)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("datasets")
    regenerate(folder)
    return folder


def test_every_table_is_a_csv_that_matches_its_schema(tables):
    assert set(tables) == set(TABLES)
    for name, df in tables.items():
        assert len(df) > 0, name


def test_regenerating_gives_byte_identical_files(fresh):
    for path in sorted(fresh.iterdir()):
        committed = DATASETS / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"{path.name} differs from a fresh 'medsos datasets': regenerate and commit"
        )


def test_data_dictionary_is_generated_from_the_schema():
    assert (DATASETS / "README.md").read_text(encoding="utf-8") == render()


def test_data_dictionary_lists_every_column():
    text = render()
    for name, schema in TABLES.items():
        assert f"`{name}.csv`" in text
        for column in schema.columns:
            assert f"`{column}`" in text


def test_total_size_within_limit():
    total = sum(p.stat().st_size for p in DATASETS.glob("*.csv"))
    assert total <= SIZE_LIMIT_BYTES


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.key for p in PATTERNS])
def test_planted_pattern(tables, pattern):
    value, ok = pattern.check(tables)
    assert ok, f"{pattern.label}: {value:.2f} outside [{pattern.low}, {pattern.high}]"


def test_pattern_check_fails_when_the_pattern_is_absent(tables):
    """The Facebook check must fail on data without the 2018 drop."""
    posts = tables["posting"].copy()
    fb_after = (posts["platform"] == "facebook") & (posts["waktu_unggah"] >= "2018-01-12")
    posts.loc[fb_after, "jangkauan"] = (posts.loc[fb_after, "jangkauan"] / 0.58).round()
    flattened = {**tables, "posting": posts}
    assert facebook_reach_drop(flattened) < 10
    fb_pattern = next(p for p in PATTERNS if p.key == "fb_reach_drop")
    assert fb_pattern.check(flattened)[1] is False


def test_accounts(tables):
    akun = tables["akun"]
    assert 20 <= len(akun) <= 40
    assert set(akun["platform"]) == {"instagram", "facebook", "tiktok", "x", "youtube"}
    tiktok = akun[akun["platform"] == "tiktok"]
    assert tiktok["tanggal_dibuat"].dt.year.between(2020, 2022).all()
    assert akun["nama_akun"].str.startswith("@contoh_").all()


def test_posts_cover_2017_to_june_2025(tables):
    t = tables["posting"]["waktu_unggah"]
    assert t.min() < pd.Timestamp("2017-01-08")
    assert pd.Timestamp("2025-06-20") < t.max() < pd.Timestamp("2025-07-01")


def test_posts_reference_known_accounts_and_followers_add_up(tables):
    known = set(tables["akun"]["akun_id"])
    assert set(tables["posting"]["akun_id"]) <= known
    assert set(tables["komentar"]["posting_id"]) <= set(tables["posting"]["posting_id"])
    f = tables["pengikut_harian"].sort_values(["akun_id", "tanggal"])
    previous = f.groupby("akun_id")["pengikut"].shift()
    expected = previous + f["bertambah"] - f["berkurang"]
    mask = previous.notna()
    assert (f.loc[mask, "pengikut"] == expected[mask]).all()


def test_calendar_realised_counts_match_posts(tables):
    cal = tables["kalender_konten"]
    posts = tables["posting"]
    week = posts["waktu_unggah"].dt.to_period("W-SUN").dt.start_time
    counts = posts.groupby(["akun_id", week, "lapisan"]).size()
    for row in cal.sample(200, random_state=1).itertuples():
        assert row.realisasi == counts.get((row.akun_id, row.minggu, row.lapisan), 0)


def test_comments_have_javanese_madurese_negation_and_sarcasm(tables):
    text = tables["komentar"]["teks"].str.lower()
    for word in ["matur nuwun", "ora ", "sakalangkong", "tidak membantu", "tidak buruk"]:
        assert text.str.contains(word, regex=False).any(), word
    sarcasm = tables["komentar"][text.str.startswith("mantap,")]
    assert (sarcasm["sentimen"] == "negatif").any()


def test_survey_has_over_a_thousand_respondents(tables):
    assert len(tables["survei_audiens"]) >= 1000


def test_broken_file_gives_a_clear_indonesian_error(tmp_path):
    bad = pd.read_csv(DATASETS / "akun.csv")
    bad.loc[2, "platform"] = "friendster"
    bad.to_csv(tmp_path / "akun.csv", index=False)
    with pytest.raises(DatasetError, match="tidak sesuai skema") as err:
        load_table("akun", tmp_path)
    assert "kolom 'platform'" in str(err.value)
    assert "baris 4 file CSV" in str(err.value)


def test_missing_file_and_unknown_table_are_explained(tmp_path):
    with pytest.raises(DatasetError, match="tidak ditemukan"):
        load_table("posting", tmp_path)
    with pytest.raises(DatasetError, match="tidak dikenal"):
        load_table("tiktok_live", tmp_path)


def test_unreadable_file_is_explained(tmp_path):
    (tmp_path / "akun.csv").write_bytes(b"\xff\xfe\x00bukan csv")
    with pytest.raises(DatasetError, match="tidak bisa dibaca"):
        load_table("akun", tmp_path)
