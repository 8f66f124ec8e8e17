"""The command line, run as a user runs it: a separate process, exit codes, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from stoke_governor import __version__
from tests.conftest import BIRCHES_HEAD, dfe_rows, needs_dfe


def run(*args, env=None):
    environ = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "stoke_governor", *map(str, args)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
    )


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Stoke Governor {__version__}"


def test_select_a_school_then_show_its_figures(db_path):
    selected = run("--db", db_path, "school", "select", BIRCHES_HEAD)
    assert selected.returncode == 0, selected.stderr
    assert "Birches Head Academy" in selected.stdout
    shown = run("--db", db_path, "data", "show")
    assert shown.returncode == 0, shown.stderr
    assert "Attainment 8 (average score) (2018-19, provisional): 33.9" in shown.stdout
    # How old the figures are, and what to do about it, before the figures themselves.
    age = shown.stdout.splitlines()[1]
    assert age.startswith("School results: 2018-19, provisional — ")
    assert "years old" in age and "Import the DfE's current files" in age
    grade5 = next(s for s in shown.stdout.splitlines() if "Grade 5 or above" in s)
    assert grade5.endswith("Before the strategy.")


def test_unknown_urn_is_a_plain_error_with_exit_1(db_path):
    result = run("--db", db_path, "school", "select", "999999")
    assert result.returncode == 1
    assert result.stderr.strip() == "No school with URN 999999 is held; check the number."
    assert result.stdout == ""


def test_show_without_a_chosen_school_says_what_to_do(db_path):
    result = run("--db", db_path, "data", "show")
    assert result.returncode == 1
    assert "school select URN" in result.stderr


def test_environment_variable_chooses_the_database(db_path):
    result = run("school", "select", BIRCHES_HEAD, env={"STOKE_GOVERNOR_DB": str(db_path)})
    assert result.returncode == 0, result.stderr
    assert run("--db", db_path, "data", "show").returncode == 0


def test_a_bad_database_file_is_a_configuration_error_with_exit_2(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database")
    result = run("--db", path, "data", "show", "--urn", BIRCHES_HEAD)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not an SQLite file" in result.stderr
    assert path.read_text() == "not a database"


def test_usage_errors_exit_2(db_path):
    assert run("--db", db_path, "data", "show", "--urn", "abc").returncode == 2
    assert run("--db", db_path, "frobnicate").returncode == 2


@needs_dfe
def test_json_values_equal_the_dfe_files(db_path):
    result = run("--db", db_path, "data", "show", "--urn", BIRCHES_HEAD, "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    by_key = {(f["measure"], f["source"]): f for f in figures}
    checked = 0
    for name in (
        "cscp_2018-19_england_ks4provisional__LA861_subset.csv",
        "cscp_2018-19_england_census__LA861_subset.csv",
        "cscp_2018-19_england_abs__LA861_subset.csv",
    ):
        row = next(r for r in dfe_rows(name) if r["URN"] == str(BIRCHES_HEAD))
        for column in (
            "ATT8SCR",
            "P8MEA",
            "PTL2BASICS_94",
            "NOR",
            "PNUMFSMEVER",
            "PERCTOT",
            "PPERSABS10",
        ):
            if column not in row:
                continue
            figure = by_key[(column, name)]
            assert figure["urn"] == BIRCHES_HEAD and figure["year"] == "2018-19"
            assert figure["value"] == float(row[column].rstrip("%"))
            assert figure["code"] is None
            checked += 1
    assert checked == 7
    att8 = by_key[("ATT8SCR", "cscp_2018-19_england_ks4provisional__LA861_subset.csv")]
    assert att8["label"] == "Attainment 8 (average score)"
    assert att8["status"] == "Behind England"


def test_json_keeps_markers_as_null_with_code(db_path):
    result = run("--db", db_path, "data", "show", "--urn", "124500", "--json")
    figures = json.loads(result.stdout)
    att8 = next(f for f in figures if f["measure"] == "ATT8SCR")
    assert att8["value"] is None and att8["code"] == "NE"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None, False)),
        (["--smoke-test"], (None, True)),
        (["--db", "x.sqlite", "--smoke-test"], ("x.sqlite", True)),
        (["--db=x.sqlite"], ("x.sqlite", False)),
        (["--db"], None),  # argparse reports the missing value
        (["--version"], None),
        (["data", "show"], None),
        (["--db", "--smoke-test"], None),
    ],
)
def test_only_gui_arguments_skip_the_full_parser(argv, expected):
    from stoke_governor.cli.main import _gui_arguments

    args = _gui_arguments(argv)
    assert (None if args is None else (args.db, args.smoke_test)) == expected


def test_output_piped_into_a_reader_that_stops_early_is_not_an_error(db_path):
    """`stoke-governor school list | head -1` ends quietly with exit 0."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "stoke_governor", "--db", str(db_path), "school", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert first.strip()
    assert "BrokenPipe" not in err and "Traceback" not in err


def test_a_file_given_to_the_program_opens_the_window_with_it():
    """Double-clicking one of the app's files runs `stoke-governor FILE`: the GUI, not a command."""
    from stoke_governor.cli.main import _gui_arguments

    args = _gui_arguments(["--db", "x.sqlite", "C:/Users/clerk/2024-25 census.CSV"])
    assert args is not None and args.command is None
    assert args.files == ["C:/Users/clerk/2024-25 census.CSV"] and args.db == "x.sqlite"
    assert _gui_arguments(["data", "show"]) is None  # a command still goes to the parser
    assert _gui_arguments(["notes.txt"]) is None


def test_every_command_group_registers_its_commands_one_way():
    """Each cli module adds its sub-commands with add_commands(subparsers, registry)."""
    from stoke_governor.cli.main import build_parser

    parser, commands = build_parser()
    assert set(commands) == {
        ("school", "select"),
        ("school", "list"),
        ("data", "import"),
        ("data", "show"),
        ("data", "template"),
        ("board", "import"),
        ("challenge", "import"),
        ("challenge", "export"),
        ("selfeval", "export"),
        ("la", "init"),
        ("returns", "import"),
        ("returns", "report"),
        ("receipt", "export"),
        ("receipt", "import"),
        ("pack", "export"),
        ("pack", "import"),
        ("pack", "key"),
        ("restore", None),  # no action: `restore --list`, `restore BACKUP`
    }
    args = parser.parse_args(["data", "show", "--urn", "124390"])
    assert commands[(args.command, args.action)].__module__ == "stoke_governor.cli.data"


def test_data_import_prints_a_school_level_ees_files_outcome(tmp_path):
    from tests.data.test_ees_schools import KS4_2025

    result = run("--db", tmp_path / "cli.db", "data", "import", KS4_2025)
    assert result.returncode == 0, result.stderr
    assert "202425_performance_tables_schools_final.csv: imported" in result.stdout
    assert "2 city schools (2024-25, final)" in result.stdout
    assert "2 schools in other local authorities ignored" in result.stdout


def test_a_command_line_naming_one_command_parses_exactly_as_the_whole_parser_does():
    """A command builds only its own parser: the same arguments, the same function run,
    and anything that is not plainly a command (help, version, a typo) goes to the whole."""
    from stoke_governor.cli.main import MODULE_OF_COMMAND, _named_command, build_parser

    whole, commands = build_parser()
    for command in MODULE_OF_COMMAND:
        lean, own = build_parser(command)
        assert {key[0] for key in own} == {command}
        assert {key: f for key, f in commands.items() if key[0] == command} == own
    argv = ["--db", "x.sqlite", "data", "show", "--urn", "124390"]
    assert _named_command(argv) == "data"
    assert build_parser("data")[0].parse_args(argv) == whole.parse_args(argv)
    assert _named_command(["--db=x.sqlite", "pack", "key"]) == "pack"
    for not_plain in (["--help"], ["--version"], ["--db"], ["packs", "key"], ["--d", "x", "data"]):
        assert _named_command(not_plain) is None
