"""A temporary clone where one change is tried: the clone, its virtual environment, the patch, the generator, pytest.

The virtual environment is this repository's ``.venv`` copied (``cp -a``, about 10 s for 0.5 GB) with the
shebangs of its scripts pointed at the copy, and the clone installed into it editable (``pip install --no-deps
-e``, offline but for the build backend, which pip caches). So the clone's tests import the clone's code, with
the same pinned tools, and nothing is installed from the lock file again. The clone's ``make`` sees that
environment as bootstrapped (its stamp is touched), so ``make generate`` runs the clone's own generator.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .changes import Change, ChangeError
from .outcome import Outcome, read_pytest_output

VENV = ".venv"
STAMP = ".venv/.installed"
SETUP_TIMEOUT = 600
TEST_TIMEOUT = 3600


@dataclass(frozen=True)
class Step:
    """One step's result: whether it worked, how long it took, and the end of its output when it did not."""

    ok: bool
    seconds: float
    detail: str = ""


def _run(command: list[str], cwd: Path, timeout: int, env: dict[str, str] | None = None) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        partial = error.stdout.decode(errors="replace") if isinstance(error.stdout, bytes) else error.stdout or ""
        return 124, f"timed out after {timeout} s: {' '.join(command)}\n{partial}", timeout
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def _tail(text: str, lines: int = 5) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def clone(repo: Path, destination: Path, *, with_working_tree: bool) -> Path:
    """Clone ``repo``'s ``HEAD`` into ``destination``; with the working tree's uncommitted (and untracked, not
    ignored) files copied over it, and its deleted files deleted, when ``with_working_tree``."""
    code, output, _ = _run(["git", "clone", "--quiet", str(repo), str(destination)], repo.parent, SETUP_TIMEOUT)
    if code != 0:
        raise ChangeError(f"git clone of {repo} failed: {_tail(output, 1)}")
    if with_working_tree:
        listed = subprocess.run(
            ["git", "-C", str(repo), "ls-files", "-z", "--modified", "--others", "--exclude-standard"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        for name in sorted({n for n in listed.decode().split("\0") if n}):
            source, target = repo / name, destination / name
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
            elif target.is_file() or target.is_symlink():
                target.unlink()
    return destination


def environment(tree: Path) -> dict[str, str]:
    """The environment a command of ``tree`` runs in: its own virtual environment first, no ``PYTHONPATH``."""
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "PYTHONHOME"}}
    env["VIRTUAL_ENV"] = str(tree / VENV)
    env["PATH"] = f"{tree / VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def copy_venv(repo: Path, tree: Path) -> Step:
    """Give ``tree`` a copy of ``repo``'s virtual environment with ``tree`` installed in it (editable)."""
    started = time.monotonic()
    source, target = repo / VENV, tree / VENV
    code, output, _ = _run(["cp", "-a", str(source), str(target)], tree, SETUP_TIMEOUT)
    if code != 0:
        return Step(False, time.monotonic() - started, f"copying {source} failed: {_tail(output)}")
    old, new = f"#!{source}/bin/".encode(), f"#!{target}/bin/".encode()
    for script in (target / "bin").iterdir():
        if script.is_file() and not script.is_symlink():
            content = script.read_bytes()
            if content.startswith(old):
                script.write_bytes(new + content[len(old) :])
    pip = [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    code, output, _ = _run([*pip, "--no-deps", "-e", str(tree)], tree, SETUP_TIMEOUT, environment(tree))
    if code != 0:
        return Step(False, time.monotonic() - started, f"pip install -e failed: {_tail(output)}")
    (tree / STAMP).touch()  # the clone's make must not bootstrap again
    return Step(True, time.monotonic() - started)


def apply(tree: Path, change: Change) -> None:
    """Apply the change's patch in ``tree``; :class:`ChangeError` when it does not apply.

    One line of context on each side must match (``-C1``): the spec is edited often, and a patch whose further
    context moved still lands where its nearest lines say. Lines are still found exactly, never by fuzz."""
    command = ["git", "apply", "-C1", "--whitespace=nowarn", str(change.patch)]
    code, output, _ = _run(command, tree, SETUP_TIMEOUT)
    if code != 0:
        raise ChangeError(f"{change.patch.name} does not apply: {_tail(output, 2)}")


def generate(tree: Path) -> Step:
    """``make generate`` in ``tree``."""
    code, output, seconds = _run(["make", "--no-print-directory", "generate"], tree, SETUP_TIMEOUT, environment(tree))
    return Step(code == 0, seconds, "" if code == 0 else _tail(output))


OWN_TESTS = "tests/breaking/test_change_cost.py"
"""This tool's own tests: in a clone the spec is already patched, so "each patch applies" cannot hold there."""
PYTEST_ENVIRONMENT = {"COLUMNS": "400"}
"""pytest cuts each summary line to the terminal's width (80 without one); this keeps the failure messages."""


def pytest_command(python: Path, workers: str, paths: Sequence[str] = ()) -> list[str]:
    """pytest as ``make test`` runs it (``-n``, ``--dist loadgroup``), printing one summary line per failure."""
    return [
        str(python), "-m", "pytest", "-n", workers, "--dist", "loadgroup",
        "-q", "-rfE", "--tb=no", "--color=no", "-p", "no:cacheprovider", f"--ignore={OWN_TESTS}", *paths,
    ]  # fmt: skip


def run_tests(tree: Path, workers: str, paths: Sequence[str] = ()) -> tuple[Outcome, Step]:
    """The clone's test suite (``paths``, default all), as ``make test`` runs it (without lint), and its failures."""
    command = pytest_command(tree / VENV / "bin" / "python", workers, paths)
    code, output, seconds = _run(command, tree, TEST_TIMEOUT, {**environment(tree), **PYTEST_ENVIRONMENT})
    outcome = read_pytest_output(output)
    ran = code in (0, 1) or bool(outcome.failures)
    return outcome, Step(ran, seconds, "" if ran else _tail(output))


def remove(folder: Path) -> None:
    """Delete a folder of clones (their virtual environments included): ``rm -rf``, which is many times faster
    than :func:`shutil.rmtree` on a copy of ``.venv`` (5 s against 90 s here)."""
    done = subprocess.run(["rm", "-rf", "--", str(folder)], capture_output=True, check=False, timeout=SETUP_TIMEOUT)
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
