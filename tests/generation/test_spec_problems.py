"""A broken spec stops `make generate` and `make check-generated` before the generator runs, with each problem as
``FILE:LINE: problem`` on a line of its own: the line of the spec, not the generator's traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools.generate_client import SPEC, main
from tools.spec_problems import shown_path, spec_problems

SPEC_TEXT = SPEC.read_text(encoding="utf-8")
PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<problem>.+)$")


def broken_copy(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of the spec with the first ``old`` replaced by ``new``, and the 1-based line of the change."""
    at = SPEC_TEXT.index(old)
    copy = tmp_path / SPEC.name
    copy.write_text(SPEC_TEXT[:at] + new + SPEC_TEXT[at + len(old) :], encoding="utf-8")
    return copy, SPEC_TEXT.count("\n", 0, at) + 1


def parsed(problems: list[str]) -> list[re.Match[str]]:
    found = [PROBLEM.match(problem) for problem in problems]
    assert all(found), problems
    return [match for match in found if match is not None]


def test_the_spec_has_no_problem() -> None:
    assert spec_problems(SPEC) == []


def test_a_yaml_error_names_the_line_where_the_parser_stopped_and_where_the_construct_began(tmp_path: Path) -> None:
    copy, changed = broken_copy(tmp_path, "paths:\n", "paths: [\n")

    (problem,) = parsed(spec_problems(copy))

    assert problem["file"] == str(copy)
    assert int(problem["line"]) > changed
    assert "not valid YAML" in problem["problem"]
    assert f"from line {changed})" in problem["problem"]


def test_an_openapi_error_names_the_line_of_the_offending_value(tmp_path: Path) -> None:
    copy, changed = broken_copy(
        tmp_path, "openapi: 3.1.0\ninfo:\n  title: ", "openapi: 3.1.0\ninfo:\n  title: 7\n  x-was: "
    )

    problems = parsed(spec_problems(copy))

    assert [(int(found["line"]), found["problem"]) for found in problems] == [
        (changed + 2, '7 is not of type "string" (at info / title)')
    ]


def test_make_check_generated_prints_the_problems_and_stops_before_the_generator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `write` takes the same path first; it is not run here, as it would replace generated/ if it went on.
    copy, _changed = broken_copy(tmp_path, "paths:\n", "paths: [\n")

    code = main(["check"], spec=copy)

    printed = capsys.readouterr()
    first, last = printed.err.splitlines()
    assert code == 1
    assert printed.out == ""
    assert first.startswith(f"{copy}:")
    assert "openapi-python-client" not in printed.err
    assert last.startswith("the spec has 1 problem(s)")


def test_the_spec_of_the_repository_is_named_from_its_root() -> None:
    assert shown_path(SPEC) == "openapi/onlyoffice-crm-invoices.yaml"
