"""Skimming England-wide performance tables gives exactly what reading them whole gives.

`read_csv(only=city_rows)` skips, unparsed, the lines that cannot hold a row for the city
or England. Every case here is read both ways and must give the same figures, or the same
error naming the same line.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.data import importer as dfe_import
from stoke_governor.data.csv_reader import read_csv
from stoke_governor.data.importer import import_files
from stoke_governor.data.perf_tables import city_rows, classify, read_figures
from tests.conftest import DFE

KS4 = ["RECTYPE", "LEA", "ESTAB", "URN", "SCHNAME", "TELNUM", "ATT8SCR", "PTL2BASICS_94"]
CENSUS = ["URN", "LA", "ESTAB", "SCHOOLTYPE", "NOR", "PNORG", "NUMFSM"]


def write(
    tmp_path,
    header,
    lines,
    *,
    name="2019-2020_england_ks4final.csv",
    newline="\r\n",
    bom=True,
    final_newline=True,
) -> Path:
    text = newline.join([",".join(header), *lines]) + (newline if final_newline else "")
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def read_both(path):
    """(skimmed, whole): each a table, or the error message reading it raised."""
    out = []
    for only in (city_rows, None):
        try:
            out.append(read_csv(path, only=only))
        except BadInputFileError as exc:
            out.append(str(exc))
    return out


def assert_same(path):
    """The rows the city's figures come from, and the figures, are the same both ways."""
    skimmed, whole = read_both(path)
    if isinstance(whole, str):
        assert skimmed == whole
        return whole
    assert skimmed.header == whole.header
    wanted = [r for r in whole.rows if classify(r)[0] != "other"]
    assert [r for r in skimmed.rows if classify(r)[0] != "other"] == wanted
    assert set(map(tuple, (r.items() for r in skimmed.rows))) <= set(
        map(tuple, (r.items() for r in whole.rows))
    )
    assert figures(skimmed) == figures(whole)
    return skimmed


def figures(table):
    """The figures read from the table, or the message of the error reading them raised."""
    try:
        return read_figures(table, "2019-20", "final", set())
    except BadInputFileError as exc:
        return str(exc)


def many_others(n):
    """Rows of other authorities (a few hold `861` in a URN or ESTAB, as real ones do)."""
    return [
        f"1,{200 + i % 90},{4000 + i},{100100 + i},School {i},0207,4{i % 10}.1,5{i % 10}%"
        for i in range(n)
    ]


def test_only_the_city_and_england_rows_are_parsed(tmp_path):
    path = write(
        tmp_path,
        KS4,
        [
            *many_others(200),
            "1,861,4046,124390,Birches Head Academy,01782234567,33.9,43.4%",
            *many_others(200),
            "4,861,,,,,42.7,58.6%",
            "5,,,,,,44.5,59.5%",
            "7,,,,,,46.5,64.4%",
        ],
    )
    table = assert_same(path)
    assert not table.complete
    assert [classify(r) for r in table.rows] == [
        ("school", "124390"),
        ("la", ""),
        ("national", "all schools"),
        ("national", ""),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "1,201,4001,100002,Hanley School,01782861234,SUPP,NE",  # 861 inside a phone number
        "1,861,4002,128611,Fenton School,01782000000,NA,NP",  # 861 in the URN too
        '1,"861",4046,124390,"Birches Head Academy, Hanley",01782234567,33.9,43.4%',
        '1," 861 ",4046,124390,"The ""New"" School",01782234567,33.9,43.4%',
        "1,861.0,4046,124390,Birches Head Academy,01782234567,33.9,43.4%",
        "1,861,4046,124390,Birches Head Academy",  # ragged: trailing fields dropped
        "1,861,4046,124390,Birches Head Academy,01782234567,33.9,43.4%,,  ,",  # blank extras
        " 7 ,,,,,,46.5,64.4%",  # RECTYPE with spaces, no 861 nor NAT on the line
        '"5",,,,,,44.5,59.5%',  # RECTYPE quoted
        "4,201,,,,,40.0,50.0%",  # another authority's summary row
        "NAT,,,,,,46.5,64.4%",
        "",
        " , , ",
    ],
)
def test_tricky_lines_give_the_same_rows(tmp_path, line):
    assert_same(write(tmp_path, KS4, [*many_others(30), line, *many_others(30)]))


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
@pytest.mark.parametrize("final_newline", [True, False])
@pytest.mark.parametrize("bom", [True, False])
def test_line_endings_bom_and_last_line(tmp_path, newline, final_newline, bom):
    lines = [
        *many_others(20),
        "1,861,4046,124390,Birches Head Academy,01782234567,33.9,43.4%",
        *many_others(20),
        "7,,,,,,46.5,64.4%",
    ]
    path = write(tmp_path, KS4, lines, newline=newline, final_newline=final_newline, bom=bom)
    table = assert_same(path)
    assert [classify(r)[0] for r in table.rows] == ["school", "national"]


def test_mixed_line_endings(tmp_path):
    text = (
        ",".join(KS4)
        + "\r\n"
        + "\n".join(many_others(10))
        + "\r\n"
        + "1,861,4046,124390,Birches Head Academy,01782234567,33.9,43.4%\r"
        + "\r\n".join(many_others(10))
    )
    path = tmp_path / "2019-2020_england_ks4final.csv"
    path.write_bytes(text.encode())
    assert [classify(r)[0] for r in assert_same(path).rows] == ["school"]


@pytest.mark.parametrize(
    "line",
    [
        '1,201,4001,100002,"Hill Top School\r\nFenton",01782000000,40.0,50.0%',
        '1,861,4046,124390,"Birches Head\nAcademy",01782234567,33.9,43.4%',
        '1,201,4001,100002,Hill "Top" School,01782000000,40.0,50.0%',  # quote mid-field
        '1,201,4001,100002,"Hill Top" School,01782000000,40.0,50.0%',  # text after a quote
        "1,201,4001,100002,Hill\x0cTop,01782000000,40.0,50.0%",  # a form feed is no line break
        "1,201,4001,100002,Hill\u2028Top,01782000000,40.0,50.0%",
        '1,201,4001,100002,"Unclosed,01782000000,40.0,50.0%',
    ],
)
def test_lines_that_are_not_one_record_each_are_read_whole(tmp_path, line):
    lines = [
        *many_others(20),
        line,
        "1,861,4046,124390,Birches Head,0178,33.9,43.4%",
        *many_others(20),
        "7,,,,,,46.5,64.4%",
    ]
    path = write(tmp_path, KS4, lines)
    assert read_csv(path, only=city_rows).complete
    assert_same(path)


@pytest.mark.parametrize("name", sorted(p.name for p in DFE.glob("cscp_*.csv")))
def test_the_real_dfe_files_read_the_same(name):
    assert_same(DFE / name)


def test_a_long_row_far_down_a_skipped_stretch_names_its_line(tmp_path):
    lines = many_others(5000)
    lines[4321] = "1,202,4999,109999,Far School,0207,40.0,50.0%,extra"
    path = write(tmp_path, KS4, lines)
    skimmed, whole = read_both(path)
    assert skimmed == whole
    assert "line 4323: 9 fields where the header has 8" in skimmed  # header is line 1


def test_a_long_row_after_a_quoted_name_with_commas_names_its_line(tmp_path):
    lines = [
        *many_others(300),
        '1,202,4999,109999,"Far, Away, School",0207,40.0,50.0%',
        *many_others(300),
        '1,202,4998,109998,"Near, School",0207,40.0,50.0%,x',
    ]
    skimmed, whole = read_both(write(tmp_path, KS4, lines))
    assert skimmed == whole and "line 603: 9 fields" in skimmed


def test_a_line_over_the_field_limit_is_an_error_either_way(tmp_path):
    lines = [*many_others(50), "1,202,4999,109999," + "x" * 1_000_001 + ",0207,40.0,50.0%"]
    skimmed, whole = read_both(write(tmp_path, KS4, lines))
    assert skimmed == whole and "line 52" in skimmed and "field limit" in skimmed


def test_a_nul_far_down_reads_the_same_either_way(tmp_path):
    lines = [
        *many_others(300),
        "1,202,4999,109999,Far\x00School,0207,40.0,50.0%",
        "1,861,4046,124390,Birches\x00Head,01782234567,33.9,43.4%",
    ]
    skimmed, whole = read_both(write(tmp_path, KS4, lines))
    assert skimmed == whole  # read whole both times


def test_census_layout_with_nat_in_the_urn_column(tmp_path):
    lines = [
        f"{100000 + i},{200 + i % 150},{2000 + i},State-funded primary,{200 + i},49.5,{i % 40}"
        for i in range(3000)
    ]
    lines[1234] = "123970,861,1032,State-funded nursery,73,47.9,11"
    lines[2345] = "123988,861,2031,State-funded primary,579,49.2"  # ragged
    lines += [
        "NAT,,PRI,State-funded primary,4727089,49,745453",
        "NAT,,SEC,State-funded secondary,3327970,49.8,468779",
    ]
    table = assert_same(write(tmp_path, CENSUS, lines, name="2019-2020_england_census.csv"))
    assert len(table.rows) < 100  # other rows kept only where `861` happens to appear
    assert [c for c in map(classify, table.rows) if c[0] != "other"] == [
        ("school", "123970"),
        ("school", "123988"),
        ("national", "primary"),
        ("national", "secondary"),
    ]
    assert table.ragged_rows == 1


def test_absence_layout_with_nat_in_the_la_column(tmp_path):
    header = ["URN", "LA", "ESTAB", "PERCTOT"]
    lines = [f"{100000 + i},{200 + i % 150},{2000 + i},4.{i % 10}" for i in range(500)]
    lines += [",861,,4.9", ",NAT,PRI,4.0", ",NAT,SEC,5.5"]
    assert_same(write(tmp_path, header, lines, name="2019-2020_england_abs.csv"))


PIECES = [
    "1,{la},{estab},{urn},{name},01782{urn},{v},{p}",
    '1,"{la}",{estab},{urn},"{name}, Hanley",01782{urn},{v},{p}',
    '1,{la},{estab},{urn},"The ""{name}""",,{v},{p}',
    "2,{la},{estab},{urn},{name}",
    "4,{la},,,,,{v},{p}",
    "5,,,,,,{v},{p}",
    " 7,,,,,,{v},{p}",
    "NAT,,,,,,{v},{p}",
    "1,{la},{estab},{urn},{name},,{v},{p},,",
    "",
]


def random_file(tmp_path, rnd: random.Random, n: int):
    lines = []
    for _ in range(n):
        piece = rnd.choice(PIECES)
        la = rnd.choice(["861", "861.0", " 861", "201", "886", "8610", "NAT"])
        urn = rnd.choice([str(rnd.randint(100000, 149999)), "86100", "NAT", ""])
        lines.append(
            piece.format(
                la=la,
                urn=urn,
                estab=rnd.randint(1000, 9999),
                name=rnd.choice(["Oak", "Elm 861"]),
                v=rnd.choice(["33.9", "SUPP", "NE", "", " ", "861", "-0.23"]),
                p=rnd.choice(["58.6%", "NA", "NP", "0.0%"]),
            )
        )
    if rnd.random() < 0.2:
        lines.insert(rnd.randrange(len(lines)), "1,201,1,100000,Long,0,1,2,3")
    newline = rnd.choice(["\r\n", "\n"])
    return write(
        tmp_path,
        KS4,
        lines,
        newline=newline,
        final_newline=rnd.random() < 0.5,
        bom=rnd.random() < 0.5,
    )


@pytest.mark.parametrize("seed", range(40))
def test_random_england_files_give_the_same_figures(tmp_path, seed):
    rnd = random.Random(seed)
    assert_same(random_file(tmp_path, rnd, rnd.randint(1, 120)))


def stored(store) -> dict[str, list[tuple]]:
    return {
        "school_figures": store.query(
            "SELECT urn, measure, year, value, code, raw, release FROM school_figures "
            "WHERE source_id = (SELECT max(id) FROM sources) ORDER BY id"
        ),
        "area_figures": store.query(
            "SELECT area, measure, year, year_label, breakdown, value, code, raw, release "
            "FROM area_figures WHERE source_id = (SELECT max(id) FROM sources) ORDER BY id"
        ),
        "schools": store.query("SELECT * FROM schools ORDER BY urn"),
        "sources": store.query(
            "SELECT file, title, publisher, origin, sha256, kind, year, release FROM sources"
        ),
    }


def test_an_import_stores_the_same_whether_skimmed_or_read_whole(
    seeded_template, tmp_path, monkeypatch
):
    from stoke_governor.startup import open_database

    rnd = random.Random(861)
    lines = many_others(2000)
    lines[700] = "1,861,4046,124390,Birches Head Academy,01782234567,33.9,43.4%"
    lines[900] = '1,"861",4999,149999,"New School, Fenton",01782000000,SUPP,0.0%'  # not held
    lines[901] = "1,861,4998,149998,,01782000000,40.0,50.0%"  # not held and unnamed
    lines += ["4,861,,,,,42.7,58.6%", "5,,,,,,44.5,59.5%", "7,,,,,,46.5,64.4%"]
    rnd.shuffle(lines)
    path = write(tmp_path, KS4, lines)
    results = []
    for skim in (True, False):
        if not skim:
            monkeypatch.setattr(dfe_import, "_skimmed", lambda header: None)
        db = tmp_path / f"skim-{skim}.sqlite"
        src, dest = sqlite3.connect(seeded_template), sqlite3.connect(db)
        src.backup(dest)
        src.close(), dest.close()
        with open_database(db) as store:
            [outcome] = import_files(store, [path])
            assert outcome.status == "imported"
            results.append(
                (outcome.rows, {k: [tuple(r) for r in v] for k, v in stored(store).items()})
            )
    assert results[0] == results[1]
    assert results[0][0] == 2 * 2 + 3 * 2  # two named schools, three summary rows; two measures


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of a few lines, so that every file here is read in many of them."""
    from stoke_governor.data import csv_reader

    monkeypatch.setattr(csv_reader, "BLOCK", 150)


@pytest.mark.parametrize("seed", range(40))
def test_files_read_in_many_blocks_give_the_same_figures(tmp_path, small_blocks, seed):
    rnd = random.Random(seed)
    assert_same(random_file(tmp_path, rnd, rnd.randint(1, 120)))


@pytest.mark.parametrize(
    "line",
    [
        '1,201,4001,100002,"Hill Top School\r\nFenton\r\nLongton",01782000000,40.0,50.0%',
        '1,861,4046,124390,"Birches Head\nAcademy",01782234567,33.9,43.4%',
        '1,201,4001,100002,"Hill Top" School,01782000000,40.0,50.0%',
        "1,201,4001,100002,Hill\x00Top,01782000000,40.0,50.0%",
    ],
)
@pytest.mark.parametrize("at", [100, 107, 129, 159])  # past the first 4 KB (a NUL: binary)
def test_a_record_across_blocks_reads_the_same_and_lines_stay_right(
    tmp_path, small_blocks, line, at
):
    lines = [*many_others(160), "7,,,,,,46.5,64.4%"]
    lines[at + 1] = "1,861,4046,124391,Next School,0178,33.9,43.4%"
    lines.insert(at, line)
    lines.append("1,202,4999,109999,Far School,0207,40.0,50.0%,extra")
    skimmed, whole = read_both(write(tmp_path, KS4, lines))
    assert skimmed == whole
    breaks = line.count("\n")  # lines the record spans past its first
    assert f"line {len(lines) + 1 + breaks}: 9 fields where the header has 8" in skimmed
    lines.pop()
    path = write(tmp_path, KS4, lines)
    table = assert_same(path)
    found = {classify(r)[1]: table.rows.line(i) for i, r in enumerate(table.rows)}
    assert found["124391"] == at + 4 + breaks  # the header is line 1


def test_a_lait_download_skimmed_for_its_three_areas_gives_the_same_figures(tmp_path, small_blocks):
    from stoke_governor.data.lait import area_rows, read_lait

    name = "dfe_LAIT_bds_long__LA861_all_measures__plus_England_WestMidlands_education_measures.csv"
    text = (DFE / name).read_text(encoding="utf-8")
    other = "AVG_Attain8_Score,,2019,Darlington,45.0,841.0,North East\n"
    path = tmp_path / "bds_long.csv"
    path.write_text(text + other * 500, encoding="utf-8")  # other authorities' rows skipped
    skimmed, whole = read_csv(path, only=area_rows), read_csv(path)
    assert not skimmed.complete and len(skimmed.rows) == len(whole.rows) - 500
    assert read_lait(skimmed) == read_lait(whole)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
@pytest.mark.parametrize("block", [37, 38, 39, 40, 41])  # cut anywhere, CR and LF apart too
def test_blocks_cut_anywhere_in_a_line_end_read_the_same(tmp_path, monkeypatch, newline, block):
    from stoke_governor.data import csv_reader

    lines = [
        *many_others(30),
        "1,861,4046,124390,Birches Head Academy,01782234567,33.9,43.4%",
        '1,861,4047,124391,"Hill Top, Fenton",01782234567,33.9,43.4%',
        *many_others(30),
        "7,,,,,,46.5,64.4%",
    ]
    path = write(tmp_path, KS4, lines, newline=newline)
    whole = read_csv(path)
    monkeypatch.setattr(csv_reader, "BLOCK", block)
    assert read_csv(path) == whole
    assert [r["URN"] for r in whole.rows][30:32] == ["124390", "124391"]
    assert [whole.rows.line(i) for i in (0, 30, 61)] == [2, 32, 63]
    assert_same(path)
