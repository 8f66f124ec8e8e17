"""The options every command shares (`cli.options`) behave the same in each command."""

from __future__ import annotations

import argparse

import pytest

from stoke_governor.cli import options


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stoke-governor", exit_on_error=False)
    actions = options.command_group(parser.add_subparsers(dest="command"), "thing", "a thing")
    act = actions.add_parser("do")
    options.files(act)
    options.output(act, "FILE")
    options.urn(act)
    options.json(act)
    options.dry_run(act, "store nothing")
    return parser


def test_the_shared_options_parse_as_one_command_would():
    args = _parser().parse_args(
        ["thing", "do", "a.csv", "b", "-o", "x.xlsx", "--urn", "124390", "--json"]
    )
    assert args.files == ["a.csv", "b"]
    assert (args.command, args.action, args.output, args.urn) == ("thing", "do", "x.xlsx", 124390)
    assert args.json is True and args.dry_run is False


def test_a_group_needs_an_action_and_output_is_required():
    with pytest.raises(SystemExit):
        _parser().parse_args(["thing"])
    with pytest.raises(SystemExit):
        _parser().parse_args(["thing", "do", "a.csv"])


def test_a_urn_must_be_a_number():
    assert options.urn_number(" 124390 ") == 124390
    with pytest.raises(argparse.ArgumentTypeError, match="is not a URN"):
        options.urn_number("12a")
