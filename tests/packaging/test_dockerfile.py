"""The container recipe of the mock portal, checked without Docker: two stages on a base image pinned by digest,
the last one receiving nothing but the first one's wheel and the locks; both stages' steps run in a fresh
environment on a copy of the build context, and the command the recipe names serves the filter."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
DIST_IN_IMAGE = "/dist"
FILTER_PATH = "/api/2.0/crm/invoice/filter"
LISTENING = re.compile(r"Mock portal listening on (?P<url>http://\S+) \(token: (?P<token>.+)\)")
PINNED_BASE = re.compile(r"^python:3\.11-slim@sha256:[0-9a-f]{64}$")
MOUNT = re.compile(r"^--mount=(?P<options>\S+)\s+")

Step = dict[str, Any]


@pytest.fixture(scope="module")
def recipe() -> DockerfileParser:
    return DockerfileParser(path=str(DOCKERFILE))


def stages(recipe: DockerfileParser) -> list[list[Step]]:
    """The recipe's instructions (comments left out), one list per stage, each starting with its ``FROM``."""
    found: list[list[Step]] = []
    for step in recipe.structure:
        if step["instruction"] == "FROM":
            found.append([])
        if found and step["instruction"] != "COMMENT":
            found[-1].append(step)
    return found


def values(steps: list[Step], instruction: str) -> list[str]:
    """The values of every ``instruction`` (``RUN``, ``USER``…) of ``steps`` in order."""
    return [str(step["value"]) for step in steps if step["instruction"] == instruction]


def mount_options(run: str) -> dict[str, str]:
    """The options of a ``RUN --mount=...`` (empty for a plain ``RUN``)."""
    found = MOUNT.match(run)
    if found is None:
        return {}
    return dict(option.split("=", 1) for option in found["options"].split(","))


def without_mount(run: str) -> str:
    """The shell command of a ``RUN``, its ``--mount`` flag left out."""
    return MOUNT.sub("", run, count=1)


def entrypoint(steps: list[Step]) -> list[str]:
    """The exec-form ``ENTRYPOINT``."""
    (value,) = values(steps, "ENTRYPOINT")
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
    ignored = dockerignore()
    for folder, subfolders, files in os.walk(ROOT):
        here = Path(folder).relative_to(ROOT)
        subfolders[:] = [name for name in subfolders if not ignored.match_file(f"{(here / name).as_posix()}/")]
        for name in [*files, *(name for name in subfolders if (Path(folder) / name).is_symlink())]:
            relative = (here / name).as_posix()
            if not ignored.match_file(relative):
                (dest / here).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(folder) / name, dest / relative, follow_symlinks=False)
    return dest


def dockerignore() -> pathspec.GitIgnoreSpec:
    """.dockerignore's patterns, read as .gitignore patterns."""
    return pathspec.GitIgnoreSpec.from_lines((ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines())


def test_the_recipe_builds_the_wheel_in_one_stage_and_installs_it_in_another_on_a_base_pinned_by_digest(
    recipe: DockerfileParser,
) -> None:
    build, final = stages(recipe)
    (build_from,) = values(build, "FROM")
    base, _as, name = build_from.split()

    assert PINNED_BASE.match(base), base
    assert values(final, "FROM") == [base]
    assert _as.upper() == "AS"
    assert values(build, "COPY") == [f". {SOURCE_IN_IMAGE}"]
    assert any("pip wheel" in run and "--no-build-isolation" in run for run in values(build, "RUN"))
    # The last stage copies nothing: what it installs is mounted from the first stage for the install step only.
    assert not values(final, "COPY")
    assert not values(final, "ADD")
    (install,) = [run for run in values(final, "RUN") if "pip install" in run]
    assert mount_options(install) == {"type": "bind", "from": name, "source": DIST_IN_IMAGE, "target": DIST_IN_IMAGE}


def test_every_dependency_the_image_installs_comes_from_a_hashed_lock(recipe: DockerfileParser) -> None:
    for steps in stages(recipe):
        for run in values(steps, "RUN"):
            for command in without_mount(run).split("&&"):
                words = shlex.split(command)
                if words[:2] != ["pip", "install"]:
                    continue
                assert "--require-hashes" in words or "--no-deps" in words, command
                if "--require-hashes" in words:
                    (lock,) = [words[at + 1] for at, word in enumerate(words) if word == "-r"]
                    assert (ROOT / "requirements" / Path(lock).name).is_file(), lock
                else:  # the kit's own wheel, built in the first stage
                    assert words[-1].startswith(f"{DIST_IN_IMAGE}/onlyoffice_crm_client-"), command


def test_the_image_runs_the_mock_portal_as_a_user_on_port_8080(recipe: DockerfileParser) -> None:
    final = stages(recipe)[-1]
    command = entrypoint(final)

    assert values(final, "USER")[-1] not in {"root", "0"}
    assert values(final, "EXPOSE") == ["8080"]
    assert command[0] == "onlyoffice-mock-portal"
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert command[command.index("--port") + 1] == "8080"


def test_the_documented_docker_run_publishes_on_the_loopback_only() -> None:
    runs = [line for line in DOCKERFILE.read_text(encoding="utf-8").splitlines() if "docker run" in line]

    assert runs
    for line in runs:
        published = re.findall(r"(?:-p|--publish)[ =](\S+)", line)
        assert published, line
        assert all(value.startswith("127.0.0.1:") for value in published), line


def test_the_build_context_leaves_out_the_working_trees_environment_and_caches(tmp_path: Path) -> None:
    context = copy_build_context(tmp_path)

    assert (context / "pyproject.toml").is_file()
    assert (context / "openapi" / "src" / "onlyoffice_crm_spec" / "onlyoffice-crm-invoices.yaml").is_file()
    assert (context / "requirements" / "mock-py3.11.txt").is_file()
    assert not (context / ".venv").exists()
    assert not (context / ".git").exists()
    assert not list(context.rglob("__pycache__"))


@pytest.mark.parametrize("left_in_the_tree", [".env", "docs/.env.local", "invoices.csv", "out/invoices.xlsx", "a.har"])
def test_the_build_context_leaves_out_what_a_user_of_the_kit_leaves_in_the_tree(left_in_the_tree: str) -> None:
    assert dockerignore().match_file(left_in_the_tree)


def run_recipe_step(run: str, venv: FreshVenv, paths: dict[str, Path], cwd: Path) -> None:
    """Run a ``RUN`` step's shell command in ``venv`` (its ``pip`` first on PATH), each image path in ``paths``
    replaced by the local folder given for it."""
    command = without_mount(run)
    for in_image, local in paths.items():
        command = re.sub(rf"(?<![\w/]){re.escape(in_image)}(?=/|\s|$)", str(local), command)
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", command], cwd=cwd, env=venv.env(), capture_output=True, text=True,
        timeout=540, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def image_venv(
    recipe: DockerfileParser,
    fresh_venv_factory: Callable[[str], FreshVenv],
    tmp_path_factory: pytest.TempPathFactory,
) -> FreshVenv:
    """A fresh environment in which both stages' ``RUN`` steps ran (the build stage's on a copy of the build
    context for /src), as they stand; /dist is a local folder, and the last stage's ``useradd`` is left out.

    The recipe's ENV (no pip cache, no bytecode, unbuffered output) is left out: it changes no installed file."""
    paths = {
        SOURCE_IN_IMAGE: copy_build_context(tmp_path_factory.mktemp("docker-context")),
        DIST_IN_IMAGE: tmp_path_factory.mktemp("dist"),
    }
    venv = fresh_venv_factory("image-venv")
    cwd = tmp_path_factory.mktemp("image-install")
    for steps in stages(recipe):
        for run in values(steps, "RUN"):
            if "pip " in run:
                run_recipe_step(run, venv, paths, cwd)
    return venv


@pytest.fixture
def served(recipe: DockerfileParser, image_venv: FreshVenv, tmp_path: Path) -> Iterator[re.Match[str]]:
    """The recipe's command, started on 127.0.0.1 and a free port; its "listening" line; stopped afterwards."""
    command = entrypoint(stages(recipe)[-1])
    program, *arguments = with_option(with_option(command, "--host", "127.0.0.1"), "--port", "0")
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
