"""The container recipe of the mock portal, checked without Docker: its install step runs in a fresh environment on
a copy of the build context, and the command it names serves the filter."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pathspec
import pytest
from dockerfile_parse import DockerfileParser

from onlyoffice_mock_portal.process import stop

from .fresh_venv import ROOT, FreshVenv

# One worker builds the wheel and the fresh environments once (pytest-xdist keeps a group together).
pytestmark = pytest.mark.xdist_group("packaging")

DOCKERFILE = ROOT / "Dockerfile"
SOURCE_IN_IMAGE = "/src"
FILTER_PATH = "/api/2.0/crm/invoice/filter"
LISTENING = re.compile(r"Mock portal listening on (?P<url>http://\S+) \(token: (?P<token>.+)\)")


@pytest.fixture(scope="module")
def recipe() -> DockerfileParser:
    return DockerfileParser(path=str(DOCKERFILE))


def values(recipe: DockerfileParser, instruction: str) -> list[str]:
    """The values of every ``instruction`` (``RUN``, ``USER``…) in order."""
    return [str(step["value"]) for step in recipe.structure if step["instruction"] == instruction]


def install_command(recipe: DockerfileParser) -> list[str]:
    """The words of the ``pip install`` in the recipe's ``RUN`` steps, up to the next ``&&``."""
    (run,) = [value for value in values(recipe, "RUN") if "pip install" in value]
    words = shlex.split(run)
    return words[: words.index("&&")] if "&&" in words else words


def entrypoint(recipe: DockerfileParser) -> list[str]:
    """The exec-form ``ENTRYPOINT``."""
    (value,) = values(recipe, "ENTRYPOINT")
    command: list[str] = json.loads(value)
    return command


def with_option(command: list[str], option: str, value: str) -> list[str]:
    """``command`` with the value after ``option`` replaced."""
    at = command.index(option)
    return [*command[: at + 1], value, *command[at + 2 :]]


def copy_build_context(dest: Path) -> Path:
    """What ``docker build .`` sends: the repository less what .dockerignore names, links kept as links.

    The patterns are read as .gitignore patterns, which match a name without a slash at any depth where Docker
    matches it at the root only: the copy holds at most what Docker's context holds (the file uses no ``!``)."""
    ignored = pathspec.GitIgnoreSpec.from_lines((ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines())
    for folder, subfolders, files in os.walk(ROOT):
        here = Path(folder).relative_to(ROOT)
        subfolders[:] = [name for name in subfolders if not ignored.match_file(f"{(here / name).as_posix()}/")]
        for name in [*files, *(name for name in subfolders if (Path(folder) / name).is_symlink())]:
            relative = (here / name).as_posix()
            if not ignored.match_file(relative):
                (dest / here).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(folder) / name, dest / relative, follow_symlinks=False)
    return dest


def test_the_recipe_runs_the_mock_portal_on_slim_python_as_a_user_on_port_8080(recipe: DockerfileParser) -> None:
    command = entrypoint(recipe)

    assert recipe.baseimage == "python:3.11-slim"
    assert values(recipe, "COPY") == [f". {SOURCE_IN_IMAGE}"]
    assert install_command(recipe)[:2] == ["pip", "install"]
    assert f"{SOURCE_IN_IMAGE}[mock]" in install_command(recipe)
    assert values(recipe, "USER")[-1] not in {"root", "0"}
    assert values(recipe, "EXPOSE") == ["8080"]
    assert command[0] == "onlyoffice-mock-portal"
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert command[command.index("--port") + 1] == "8080"


def test_the_build_context_leaves_out_the_working_trees_environment_and_caches(tmp_path: Path) -> None:
    context = copy_build_context(tmp_path)

    assert (context / "pyproject.toml").is_file()
    assert (context / "openapi" / "src" / "onlyoffice_crm_spec" / "onlyoffice-crm-invoices.yaml").is_file()
    assert not (context / ".venv").exists()
    assert not (context / ".git").exists()
    assert not list(context.rglob("__pycache__"))


@pytest.fixture(scope="module")
def image_venv(
    recipe: DockerfileParser,
    fresh_venv_factory: Callable[[str], FreshVenv],
    tmp_path_factory: pytest.TempPathFactory,
) -> FreshVenv:
    """A fresh environment in which the recipe's install step ran, on a copy of the build context for /src.

    The recipe's ENV (no pip cache, no bytecode, unbuffered output) is left out: it changes no installed file."""
    context = copy_build_context(tmp_path_factory.mktemp("docker-context"))
    _pip, _install, *arguments = install_command(recipe)
    arguments = [str(context) + word.removeprefix(SOURCE_IN_IMAGE) if word.startswith(SOURCE_IN_IMAGE) else word
                 for word in arguments]  # fmt: skip
    venv = fresh_venv_factory("image-venv")
    venv.pip_install(*arguments, cwd=tmp_path_factory.mktemp("image-install"))
    return venv


@pytest.fixture
def served(recipe: DockerfileParser, image_venv: FreshVenv, tmp_path: Path) -> Iterator[re.Match[str]]:
    """The recipe's command, started on 127.0.0.1 and a free port; its "listening" line; stopped afterwards."""
    program, *arguments = with_option(with_option(entrypoint(recipe), "--host", "127.0.0.1"), "--port", "0")
    process = subprocess.Popen(
        [str(image_venv.bin(program)), *arguments],
        cwd=tmp_path,
        env=image_venv.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        line = process.stdout.readline()
        listening = LISTENING.match(line)
        if listening is None:
            stop(process)
            pytest.fail(f"the mock portal did not start: {line!r} {process.stderr.read()}")
        yield listening
    finally:
        stop(process)


@pytest.mark.timeout(600)
def test_the_command_the_recipe_names_serves_the_filter_with_its_token(served: re.Match[str]) -> None:
    url = served["url"] + FILTER_PATH

    with httpx.Client(timeout=30) as client:
        answer = client.get(url, params={"count": 1}, headers={"Authorization": served["token"]})
        refused = client.get(url, params={"count": 1})

    assert answer.status_code == 200, answer.text
    assert isinstance(answer.json()["response"], list)
    assert refused.status_code == 401
