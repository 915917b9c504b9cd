"""Daily-report files read straight from disk: .xlsx and .csv sample files of two template
versions (written by the sample generator: deleted optional columns, misplaced values)."""

from __future__ import annotations

import pathlib

import pytest

import salesrules

DATA = pathlib.Path(__file__).parent / "data" / "daily"
XLSX = DATA / "daily-central-V2.3.xlsx"
CSV = DATA / "daily-overseas-V3.0.csv"


@pytest.mark.parametrize("path", [XLSX, CSV], ids=["xlsx", "csv"])
def test_read_sheets_gives_header_first_rows(path: pathlib.Path) -> None:
    sheets = salesrules.read_sheets(path)
    assert sheets, path
    for sheet in sheets:
        assert path.name in sheet["name"]
        header, *data = sheet["rows"]
        assert all(isinstance(h, str) and h for h in header), header
        assert len(data) > 10
    # str paths work as well as pathlib ones.
    assert salesrules.read_sheets(str(path)) == sheets


def test_files_of_two_versions_import_with_every_row_accounted(engine: salesrules.Engine) -> None:
    result = engine.import_daily_report_files([XLSX, CSV])
    sheets = salesrules.read_sheets(XLSX) + salesrules.read_sheets(CSV)
    input_rows = sum(len(s["rows"]) - 1 for s in sheets)
    counts = result["counts"]
    assert counts["input_rows"] == input_rows == len(result["rows"])
    assert counts["imported"] + counts["rejected"] + counts["blank"] == input_rows
    assert counts["imported"] > counts["rejected"] > 0  # the samples carry planted mistakes
    versions = {s["name"]: s["version"] for s in result["sheets"]}
    assert any("V2.3" in name and v == "V2.3" for name, v in versions.items()), versions
    assert any("V3.0" in name and v == "V3.0" for name, v in versions.items()), versions
    # Every bad cell names its sheet, row and column; every rejected row has at least one.
    rejected = {(r["sheet"], r["row"]) for r in result["rows"] if r["status"] == "rejected"}
    assert rejected <= {(e["sheet"], e["row"]) for e in result["errors"]}
    assert all(e["column"] and e["code"] and e["expected"] for e in result["errors"])
    # The same sheets through the dict API give the same answer.
    assert engine.import_daily_reports({"sheets": sheets}) == result


def test_master_data_is_checked(engine: salesrules.Engine) -> None:
    unchecked = engine.import_daily_report_files([CSV])
    assert "customers" in unchecked["unchecked_master"]
    checked = engine.import_daily_report_files([CSV], master_data={"customers": ["nobody"]})
    assert "customers" not in checked["unchecked_master"]
    assert any(e["code"] == "unknown_master_value" for e in checked["errors"])


def test_unreadable_files_raise_invalid_request(tmp_path: pathlib.Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip archive")
    with pytest.raises(salesrules.InvalidRequest) as err:
        salesrules.read_sheets(broken)
    assert "broken.xlsx" in err.value.message
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("客户,日期\n华为,2026-03-05\n".encode("gbk"))
    with pytest.raises(salesrules.InvalidRequest) as err:
        salesrules.read_sheets(gbk)
    assert "UTF-8" in err.value.message
    with pytest.raises(FileNotFoundError):
        salesrules.read_sheets(tmp_path / "missing.csv")
