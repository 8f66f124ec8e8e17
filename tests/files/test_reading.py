"""The one reader: only regular files, never past the cap, whatever the file claims."""

import os

import pytest

from stoke_governor.files.reading import (
    FileTooLargeError,
    NotARegularFileError,
    files_in,
    open_limited,
    read_limited,
)


def test_a_link_to_a_device_is_refused_naming_the_device(tmp_path):
    link = tmp_path / "figures.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(
        NotARegularFileError, match=r"figures.csv is a link to /dev/zero, which is a device"
    ):
        read_limited(link, 1024, "CSV file")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "returns.xlsx"
    os.mkfifo(pipe)
    with pytest.raises(NotARegularFileError, match="returns.xlsx is a named pipe"):
        read_limited(pipe, 1024)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(NotARegularFileError, match="is a folder"):
        read_limited(tmp_path, 1024)


def test_the_cap_holds_at_one_byte_past_it(tmp_path):
    f = tmp_path / "log.csv"
    f.write_bytes(b"x" * 100)
    assert read_limited(f, 100) == b"x" * 100
    with pytest.raises(FileTooLargeError, match="log.csv is too large to be a receipt"):
        read_limited(f, 99, "receipt")


def test_a_streamed_read_stops_at_the_cap_even_when_the_size_is_not_known(tmp_path, monkeypatch):
    f = tmp_path / "big.csv"
    f.write_bytes(b"a,b\n" * 1000)
    with open_limited(f, 4000) as fh:
        assert fh.readline() == b"a,b\n"
        assert len(fh.read()) == 3996
    # a file that grows after it is opened (its stated size was small) is still cut off
    with open_limited(f, 4000) as fh, open(f, "ab") as grow:
        grow.write(b"more\n")
        grow.flush()
        with pytest.raises(FileTooLargeError):
            fh.read()


def test_a_folder_walk_sets_aside_what_is_not_a_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.csv").write_text("x")
    (tmp_path / "b.CSV").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    found, skipped = files_in([tmp_path], [".csv"])
    assert [p.name for p in found] == ["b.CSV", "a.csv"]
    assert {p.name: why for p, why in skipped} == {
        "pipe.csv": "is a named pipe",
        "zero.csv": "is a link to /dev/zero, which is a device",
    }


def test_a_refusal_reads_as_plain_english(tmp_path):
    pack = tmp_path / "school.sgpack"
    pack.write_bytes(b"x" * 65_537)
    with pytest.raises(FileTooLargeError) as caught:
        read_limited(pack, 65_536, "LA pack")
    # an article that fits, and bytes where rounding would show both sizes as 64.0 KB
    assert str(caught.value) == (
        "school.sgpack is too large to be an LA pack (65,537 bytes); the limit is 65,536 "
        "bytes. Nothing was read from it."
    )
    with pytest.raises(NotARegularFileError, match="is a folder, not a workbook the app"):
        read_limited(tmp_path, 1024, "workbook")
