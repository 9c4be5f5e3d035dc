"""Excel exports saved as plain "CSV" in French or Dutch locales are
Windows-1252: read right, with a note saying so (the same rule as the
command and the browser, decided in core per cell)."""

from __future__ import annotations

from pathlib import Path

import pytest

import empreinte

LATIN1 = (
    b"entity;kind;quantity;purchase_year;country\r\n"
    b"Mairie;laptop;2,5;2022;BE\r\n"
    b"H\xf4tel de ville;laptop;1;2022;BE\r\n"
)


def test_a_windows_1252_file_reads_right_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(LATIN1)
    r = empreinte.report(path, year=2023)
    assert sorted(r.table["entity"].to_list()) == ["Hôtel de ville", "Mairie"]
    notes = [n for n in r.notes if n.code == "encoding"]
    assert len(notes) == 1 and "line 3" in notes[0].message and "Windows-1252" in notes[0].message
    assert r.table.filter(entity="Mairie")["devices"].item() == 2.5


def test_the_same_file_in_utf8_gives_the_same_numbers(tmp_path: Path) -> None:
    latin1, utf8 = tmp_path / "latin1.csv", tmp_path / "utf8.csv"
    latin1.write_bytes(LATIN1)
    utf8.write_bytes(LATIN1.decode("cp1252").encode("utf-8"))
    a = empreinte.report(latin1, year=2023)
    b = empreinte.report(utf8, year=2023)
    assert a.table.equals(b.table)
    assert not [n for n in b.notes if n.code == "encoding"]


def test_a_spreadsheet_is_told_to_export_csv(tmp_path: Path) -> None:
    path = tmp_path / "fleet.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00")
    with pytest.raises(empreinte.NotCsvError) as info:
        empreinte.report(path, year=2023)
    assert "CSV UTF-8" in str(info.value)
