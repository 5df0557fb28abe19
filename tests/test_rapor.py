"""``medsos rapor``: one offline HTML report from the shipped exports, with the course's
formulas, three changes for next month, stated limits, no network, and clear refusals."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pandas as pd
import pytest

from medsos import cli, rapor
from medsos.impor import read_exports

ROOT = Path(__file__).resolve().parents[1]
AGENCY = ROOT / "datasets" / "ekspor"
BROKEN = ROOT / "datasets" / "ekspor_rusak"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The report of the shipped agency month, made with every network call refused."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("jaringan dilarang dalam uji ini")

    out = tmp_path_factory.mktemp("rapor") / "rapor.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        code = cli.main(["rapor", str(AGENCY), "--keluaran", str(out)])
    assert code == 0
    assert attempts == []
    return out.read_text(encoding="utf-8")


def test_report_is_one_offline_page_in_indonesian(page):
    assert page.startswith("<!DOCTYPE html>") and '<html lang="id">' in page
    assert "<script" not in page and "<link" not in page
    sources = re.findall(r'src="([^"]*)"', page)
    assert len(sources) >= 4 and all(s.startswith("data:image/png;base64,") for s in sources)
    assert not re.search(r'(href|src)="https?:', page)
    assert all(re.search(r'<img alt="[^"]+"', tag) for tag in re.findall(r"<img[^>]*>", page))
    assert "Periode:</b> 15-07-2025 sampai 31-08-2025" in page
    for heading in (
        "Menambah pengikut",
        "Menaikkan <i>engagement</i>",
        "Berkelanjutan",
        "Format dan jam unggah",
        "Lapisan konten",
        "Batas data",
    ):
        assert heading in page, heading


def test_three_changes_come_from_the_data(page):
    box = page.split('<div class="ringkas">', 1)[1].split("</div>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", box)
    assert len(items) == 3
    assert "menjadi video pendek" in items[0]  # best format vs the most used one
    assert "malam (19.00-21.59)" in items[1]
    assert "19-08-2025" in items[2] and "20-08-2025" in items[2]


def test_limits_are_stated(page):
    limits = page.split("<h2>Batas data</h2>", 1)[1]
    assert "tidak memuat isi komentar" in limits
    assert "X: tayangan (impressions)" in limits and "TikTok: putaran video" in limits
    assert "hanya memuat tanggal unggah" in limits
    assert "dihitung sekali" in limits  # the overlapping Facebook downloads


def test_engagement_table_uses_the_course_formula(page):
    posts = read_exports(AGENCY).posts
    fb = posts[posts["platform"] == "facebook"]
    interactions = fb[["suka", "komentar", "bagikan"]].sum(axis=1)
    expected = (interactions / fb["jangkauan"] * 100).astype(float).median()
    assert f"<th>Facebook</th><td>60</td><td>{expected:.2f}".replace(".", ",") in page


def test_measures_on_a_small_hand_made_account():
    posts = pd.DataFrame(
        {
            "platform": ["x", "x", "x", "tiktok"],
            "waktu_unggah": pd.to_datetime(
                ["2025-08-04 08:00", "2025-08-06 20:00", "2025-08-20 20:00", "2025-08-05 19:00"]
            ),
        }
    )
    steady = rapor.consistency(posts, pd.Timestamp("2025-08-04"), pd.Timestamp("2025-08-24"))
    assert steady.loc["x", "unggahan"] == 3
    assert steady.loc["x", "porsi_minggu_aktif"] == pytest.approx(2 / 3 * 100)
    assert steady.loc["x", "jeda_terpanjang"] == pytest.approx(14.0)
    daily = pd.DataFrame(
        {
            "platform": ["tiktok"] * 3,
            "tanggal": pd.to_datetime(["2025-08-01", "2025-08-02", "2025-08-03"]),
            "pengikut": pd.array([200, 210, 250], dtype="Int64"),
            "berkurang": pd.array([2, 3, 40], dtype="Int64"),
        }
    )
    assert rapor.growth_rate(daily)["tiktok"] == pytest.approx(25.0)
    spikes = rapor.negative_spikes(daily, posts.assign(masukan_negatif=pd.NA))
    assert list(spikes["tanggal"]) == [pd.Timestamp("2025-08-03")]


def test_bad_input_gets_a_message_and_no_page(tmp_path, capsys):
    out = tmp_path / "rapor.html"
    bad = BROKEN / "excel_titik_koma"
    assert cli.main(["rapor", str(bad), str(AGENCY), "-o", str(out)]) == 1
    message = capsys.readouterr().err
    assert "Aug-01-2025_Aug-31-2025_100000000000001.csv" in message and "titik koma" in message
    assert not out.exists()


def test_help_is_in_indonesian(capsys):
    with pytest.raises(SystemExit):
        cli.main(["rapor", "--help"])
    assert "rapor HTML" in capsys.readouterr().out


@pytest.mark.parametrize(
    "part",
    ["tiktok", "youtube", "x/account_overview_analytics.csv", "facebook/Views.csv"],
)
def test_report_from_one_platform_or_daily_metrics_only(tmp_path, part):
    out = tmp_path / "rapor.html"
    assert cli.main(["rapor", str(AGENCY / part), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    box = page.split('<div class="ringkas">', 1)[1].split("</div>", 1)[0]
    assert len(re.findall(r"<li>", box)) == 3
    assert "<h2>Batas data</h2>" in page
