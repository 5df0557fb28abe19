"""The roster reader: the file formats instructors have, and every problem reported at once."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from medsos.roster import Peserta, RosterError, read_roster, roster_frame, write_roster

NIP_A = "198501012010011001"
NIP_B = "199002152015032002"


def test_plain_csv_with_default_logins(tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(
        f"NIP,Nama,Instansi,Email\n{NIP_A},Siti Aminah,Diskominfo,siti@example.go.id\n"
        f"{NIP_B},Budi Santoso,BPBD,\n",
        encoding="utf-8",
    )
    trainees = read_roster(path)
    assert trainees == [
        Peserta("asn" + NIP_A, NIP_A, "Siti Aminah", "Diskominfo", "siti@example.go.id"),
        Peserta("asn" + NIP_B, NIP_B, "Budi Santoso", "BPBD", None),
    ]


def test_excel_csv_semicolons_bom_spaced_nip_and_indonesian_headers(tmp_path):
    path = tmp_path / "peserta.csv"
    text = (
        "Nama Lengkap;NIP;Unit Kerja;Surel\r\n"
        "Dewi Lestari;19850101 201001 1 001;Dinas Sosial;dewi@example.go.id\r\n;;;\r\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (trainee,) = read_roster(path)
    assert trainee.nip == NIP_A and trainee.nama == "Dewi Lestari"
    assert trainee.instansi == "Dinas Sosial" and trainee.login == "asn" + NIP_A


def test_windows_code_page_csv(tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_bytes(f"NIP,Nama,Instansi\n{NIP_A},Andr\xe9 Wijaya,Dinkes\n".encode("cp1252"))
    assert read_roster(path)[0].nama == "André Wijaya"


def test_every_problem_reported_with_line_numbers(tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text(
        "NIP,Nama,Instansi,Email,Login\n"
        f"{NIP_A},Siti,Diskominfo,,\n"
        "12345,Budi,BPBD,,\n"
        f"{NIP_A},Ani,,ani@,\n"
        f"{NIP_B},Rudi,DLH,,Rudi*\n",
        encoding="utf-8",
    )
    with pytest.raises(RosterError) as err:
        read_roster(path)
    message = str(err.value)
    assert "baris 3: NIP '12345' harus 18 angka (tertulis 5 angka)" in message
    assert "baris 4: instansi kosong" in message
    assert "baris 4: alamat email 'ani@' tidak lengkap" in message
    assert "baris 4: NIP 198501012010011001 sudah ada di baris 2" in message
    assert "baris 5: login 'rudi*' tidak dapat dipakai" in message
    assert "5 masalah" in message


def test_missing_columns_named(tmp_path):
    path = tmp_path / "peserta.csv"
    path.write_text("Nomor,Nama peserta\n1,Siti\n", encoding="utf-8")
    with pytest.raises(RosterError, match="kolom nip, instansi tidak ada"):
        read_roster(path)


def test_xlsx_text_nip_read_and_numeric_nip_refused(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "Nama", "Instansi", "Email"])
    sheet.append([NIP_A, "Siti Aminah", "Diskominfo", None])
    good = tmp_path / "baik.xlsx"
    book.save(good)
    assert read_roster(good)[0].nip == NIP_A

    sheet.append([int(NIP_B), "Budi", "BPBD", None])  # what Excel keeps of a typed number
    bad = tmp_path / "angka.xlsx"
    book.save(bad)
    with pytest.raises(RosterError, match="baris 3: NIP tersimpan sebagai angka"):
        read_roster(bad)


def test_unusable_files(tmp_path):
    with pytest.raises(RosterError, match="tidak ditemukan"):
        read_roster(tmp_path / "tidak-ada.csv")
    old = tmp_path / "lama.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterError, match="Excel lama"):
        read_roster(old)
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"bukan zip")
    with pytest.raises(RosterError, match="tidak dapat dibuka sebagai XLSX"):
        read_roster(broken)
    empty = tmp_path / "kosong.csv"
    empty.write_text("NIP,Nama,Instansi\n", encoding="utf-8")
    with pytest.raises(RosterError, match="belum ada peserta"):
        read_roster(empty)


def test_write_and_frame_round_trip(tmp_path):
    trainees = [
        Peserta("asn" + NIP_A, NIP_A, "Siti Aminah", "Diskominfo", "siti@example.go.id"),
        Peserta("instruktur1", "", "Ibu Instruktur", "BPSDM", None),
    ]
    path = tmp_path / "peserta.csv"
    write_roster(trainees, path)
    assert read_roster(path) == trainees
    frame = roster_frame(path)
    assert list(frame.columns) == ["login", "nip", "nama", "instansi", "email"]
    assert frame.loc[0, "nip"] == NIP_A and frame.loc[1, "login"] == "instruktur1"
