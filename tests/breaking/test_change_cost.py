"""`make change-cost` without its three test suites: the patches apply to today's spec and do what they say, a
test's part is found for every test file, a pytest summary is read, and a clone carries the working tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from tools.breaking.compare import parse_spec
from tools.breaking.spec_diff import classify
from tools.change_cost import sandbox
from tools.change_cost.changes import SPEC_PATH, Change, ChangeError, all_changes, load, select
from tools.change_cost.cli import Trial, render_summary, render_trial
from tools.change_cost.outcome import Outcome, read_pytest_output
from tools.change_cost.parts import PART_OF_PATH, Part, part_of

ROOT = Path(__file__).resolve().parents[2]
TEST_ROOTS = ("tests", "contract_tests")
FILTER = "GET /api/2.0/crm/invoice/filter"


def patched_spec(change: Change, tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "openapi").mkdir()
    shutil.copyfile(ROOT / SPEC_PATH, tmp_path / SPEC_PATH)
    try:
        sandbox.apply(tmp_path, change)
    except ChangeError as error:
        pytest.fail(f"regenerate the patch against today's spec: {error}")
    return parse_spec((tmp_path / SPEC_PATH).read_text(encoding="utf-8"), f"patched by {change.patch.name}")


def test_there_are_the_three_changes_of_issue_24_each_a_patch_of_the_spec_alone() -> None:
    changes = all_changes()

    assert [change.name for change in changes] == [
        "1-number-prefix-filter",
        "2-discount-field",
        "3-page-maximum-500",
    ]
    assert all(change.touched_paths() == [SPEC_PATH] for change in changes)
    assert [change.name for change in select(["3", "1-number-prefix-filter"])] == [
        "3-page-maximum-500",
        "1-number-prefix-filter",
    ]
    with pytest.raises(ChangeError, match="no change 'nine'"):
        select(["nine"])


def test_a_patch_that_touches_more_than_the_spec_is_refused(tmp_path: Path) -> None:
    patch = tmp_path / "9-readme.patch"
    patch.write_text("Edit the README.\n\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-a\n+b\n", encoding="utf-8")

    with pytest.raises(ChangeError, match=r"patches openapi/onlyoffice-crm-invoices\.yaml and nothing else"):
        load(patch)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("1-number-prefix-filter", {(FILTER, "new optional query parameter `numberPrefix`", False)}),
        ("2-discount-field", {("Invoice", "new required field `discount`", True)}),
        (
            "3-page-maximum-500",
            {(f"{FILTER} parameter `count`", "maximum tightened: 1000 -> 500", True)},
        ),
    ],
)
def test_each_patch_applies_to_todays_spec_and_makes_exactly_its_change(
    name: str, expected: set[tuple[str, str, bool]], tmp_path: Path
) -> None:
    (change,) = select([name])
    old = parse_spec((ROOT / SPEC_PATH).read_text(encoding="utf-8"), "in the working tree")

    new = patched_spec(change, tmp_path)

    assert {(c.location, c.message, c.breaking) for c in classify(old, new)} == expected


def test_every_test_file_belongs_to_a_part() -> None:
    files = sorted(p.relative_to(ROOT).as_posix() for root in TEST_ROOTS for p in (ROOT / root).rglob("test_*.py"))

    unmapped = [file for file in files if part_of(f"{file}::test") is Part.OTHER]

    assert files
    assert unmapped == [], "add these folders to tools/change_cost/parts.py PART_OF_PATH"
    stale = [prefix for prefix in PART_OF_PATH if not any(f == prefix or f.startswith(prefix) for f in files)]
    assert stale == [], "PART_OF_PATH names test paths that hold no test file"


@pytest.mark.parametrize(
    ("test_id", "part"),
    [
        ("tests/library/test_filters.py::test_x[a - b]", Part.LIBRARY),
        ("tests/cli/test_export.py::test_x", Part.CLI),
        ("tests/plugin/test_exports.py::test_x", Part.MOCK),
        ("contract_tests/proofs/test_proof.py::test_x", Part.CONTRACT),
        ("tests/mock_portal/test_x.py", Part.MOCK),
        ("tests/generation/test_generated_is_current.py::test_x", Part.GENERATED),
        ("bench/test_x.py::test_y", Part.OTHER),
    ],
)
def test_a_test_belongs_to_the_part_of_its_longest_matching_path(test_id: str, part: Part) -> None:
    assert part_of(test_id) is part


def test_the_failures_of_a_real_pytest_run_are_read_from_its_summary(tmp_path: Path) -> None:
    tests = tmp_path / "tests" / "library"
    tests.mkdir(parents=True)
    (tests / "test_sample.py").write_text(
        dedent("""
            import pytest

            @pytest.fixture
            def broken():
                raise RuntimeError("fixture broke")

            @pytest.mark.parametrize("word", ["a b", "c"])
            def test_words(word):
                assert word == "c", f"spec filter numberPrefix: {word!r} is not handled"

            def test_error(broken):
                pass

            def test_fine():
                pass
        """),
        encoding="utf-8",
    )
    command = sandbox.pytest_command(Path(sys.executable), "0", ["tests"])
    env = {**sandbox.PYTEST_ENVIRONMENT, **{k: v for k, v in os.environ.items() if k != "COLUMNS"}}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)

    outcome = read_pytest_output(done.stdout)

    assert [(f.test_id, f.message) for f in outcome.failures] == [
        (
            "tests/library/test_sample.py::test_words[a b]",
            "AssertionError: spec filter numberPrefix: 'a b' is not handled",
        ),
        ("tests/library/test_sample.py::test_error", "RuntimeError: fixture broke"),
    ]
    assert list(outcome.by_part()) == [Part.LIBRARY]
    assert outcome.counts.startswith("1 failed, 2 passed, 1 error")


def test_the_summary_names_each_failing_part_with_its_count() -> None:
    (first, second) = select(["1", "3"])
    failing = read_pytest_output(
        "FAILED tests/cli/test_a.py::test_b - AssertionError: x\nFAILED tests/cli/test_a.py::test_c\n"
        "ERROR contract_tests/proofs/test_proof.py::test_d - KeyError\n2 failed, 10 passed, 1 error in 3.0s\n"
    )
    trials = [
        Trial(first, generated=sandbox.Step(True, 1.0), tests=sandbox.Step(True, 2.0), outcome=failing),
        Trial(
            second, generated=sandbox.Step(False, 1.0, "boom"), tests=sandbox.Step(True, 2.0), outcome=Outcome((), "")
        ),
    ]

    table = render_summary(trials).splitlines()

    assert "CLI (2), contract suite (1)" in table[2]
    assert table[2].startswith("1-number-prefix-filter")
    assert "FAILED" in table[3]
    assert "generated client (1)" in table[3]


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], capture_output=True, check=True)


def test_a_clone_carries_the_working_trees_changes_unless_asked_for_head_alone(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("kept.txt", "edited.txt", "deleted.txt", ".gitignore"):
        (repo / name).write_text("ignored.txt\n" if name == ".gitignore" else "committed\n", encoding="utf-8")
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message=base")
    (repo / "edited.txt").write_text("edited\n", encoding="utf-8")
    (repo / "deleted.txt").unlink()
    (repo / "new").mkdir()
    (repo / "new" / "untracked.txt").write_text("new\n", encoding="utf-8")
    (repo / "ignored.txt").write_text("ignored\n", encoding="utf-8")

    tree = sandbox.clone(repo, tmp_path / "tree", with_working_tree=True)
    head = sandbox.clone(repo, tmp_path / "head", with_working_tree=False)

    assert sorted(p.name for p in tree.rglob("*.txt")) == ["edited.txt", "kept.txt", "untracked.txt"]
    assert (tree / "edited.txt").read_text(encoding="utf-8") == "edited\n"
    assert sorted(p.name for p in head.rglob("*.txt")) == ["deleted.txt", "edited.txt", "kept.txt"]
    assert (head / "edited.txt").read_text(encoding="utf-8") == "committed\n"


def test_a_change_lists_each_failing_part_once_per_distinct_message() -> None:
    (change,) = select(["2"])
    outcome = read_pytest_output(
        "FAILED tests/library/test_a.py::test_b - KeyError: 'discount'\n"
        "FAILED tests/library/test_a.py::test_c - KeyError: 'discount'\n"
        "FAILED tests/mock_portal/test_d.py::test_e - AssertionError: spec field discount: mock portal has no column\n"
        "3 failed, 7 passed in 1.0s\n"
    )
    trial = Trial(change, generated=sandbox.Step(True, 1.0), tests=sandbox.Step(True, 2.0), outcome=outcome)

    assert render_trial(trial).splitlines()[3:] == [
        "  library (2 failing)",
        "    tests/library/test_a.py::test_b (and 1 more with this message)",
        "      KeyError: 'discount'",
        "  mock portal (1 failing)",
        "    tests/mock_portal/test_d.py::test_e",
        "      AssertionError: spec field discount: mock portal has no column",
    ]
