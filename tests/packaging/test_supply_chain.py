"""What CI, the action and the image install is pinned: every action by commit SHA with its version beside it,
every Python dependency from a lock with hashes, and no bound of the kit allows a release with a published
advisory. Dependabot keeps both kinds of pin current."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .fresh_venv import ROOT

REQUIREMENTS = ROOT / "requirements"
DEV_LOCK = REQUIREMENTS / "dev.lock"
PYPROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = ROOT / "action.yml"
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<comment>.*)$")
PINNED = re.compile(r"^(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})$")
VERSION_COMMENT = re.compile(r"^\s+#\s+v\d+\.\d+\.\d+$")
LOCKED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")
CONTRACT_LOCK = re.compile(r"^contract-py(?P<python>3\.\d+)\.txt$")

# Each advisory of a dependency the kit installs, with the first release that fixes it and the last one it
# affects: the kit's bounds refuse the latter, and every lock holds the former or newer. "bootstrap" names the
# tools `make venv`, the action and the image install first, from requirements/bootstrap.txt.
ADVISORIES = [
    ("requests", "CVE-2024-35195", "2.32.0", "2.31.0"),
    ("requests", "CVE-2024-47081", "2.32.4", "2.32.3"),
    ("urllib3", "CVE-2025-50181", "2.5.0", "2.4.0"),
    ("urllib3", "CVE-2025-66418", "2.6.0", "2.5.0"),
    ("urllib3", "CVE-2026-21441", "2.6.3", "2.6.2"),
    ("urllib3", "CVE-2026-44432", "2.7.0", "2.6.3"),
    ("h11", "CVE-2025-43859", "0.16.0", "0.15.0"),
    ("starlette", "CVE-2024-47874", "0.40.0", "0.39.2"),
    ("starlette", "CVE-2025-54121", "0.47.2", "0.47.1"),
    ("starlette", "CVE-2025-62727", "0.49.1", "0.49.0"),
    ("starlette", "CVE-2026-48710", "1.0.1", "1.0.0"),
    ("httpx", "CVE-2021-41945", "0.23.0", "0.22.0"),
    ("PyYAML", "CVE-2020-14343", "5.4", "5.3.1"),
    ("uvicorn", "CVE-2020-7694", "0.11.7", "0.11.6"),
    ("pip", "CVE-2023-5752", "23.3", "23.2.1"),
    ("pip", "CVE-2025-8869", "25.3", "25.2"),
    ("setuptools", "CVE-2024-6345", "70.0.0", "69.5.1"),
    ("setuptools", "CVE-2025-47273", "78.1.1", "78.1.0"),
]
# The distributions whose modules the kit imports itself, though another dependency brings them too: a bound of
# their own keeps an advisory's release out. The mock's server imports h11; the gate of the checker goes through
# requests, whose urllib3 bound is too loose.
# What users install: the base and every extra but `dev`, whose names are bounded by requirements/dev.lock.
SHIPPED_EXTRAS = [None, *(extra for extra in PYPROJECT["project"]["optional-dependencies"] if extra != "dev")]
NAMED_BY_EXTRA = {"mock": {"h11"}, "contract": {"h11", "urllib3"}}


def development_pins() -> dict[str, Version]:
    """The exact versions of requirements/dev.lock (``pip freeze``, no hashes: the development tools)."""
    lines = DEV_LOCK.read_text(encoding="utf-8").splitlines()
    found = (LOCKED.match(line) for line in lines)
    return {canonicalize_name(match["name"]): Version(match["version"]) for match in found if match is not None}


def uses_lines(path: Path) -> list[tuple[str, str]]:
    """Each ``uses:`` of a workflow or action file as (reference, what follows it on the line)."""
    found = (USES.match(line) for line in path.read_text(encoding="utf-8").splitlines())
    return [(match["ref"], match["comment"]) for match in found if match is not None]


def uses_values(node: object) -> list[str]:
    """Every ``uses`` value in a parsed YAML document."""
    if isinstance(node, dict):
        return [str(v) for k, v in node.items() if k == "uses"] + [u for v in node.values() for u in uses_values(v)]
    if isinstance(node, list):
        return [found for item in node for found in uses_values(item)]
    return []


def locked(lock: Path) -> dict[str, Version]:
    """The versions a lock pins, by canonical name; every pin carries at least one sha256 hash."""
    text = lock.read_text(encoding="utf-8")
    pins: dict[str, Version] = {}
    for entry in re.split(r"\n(?=\S)", text):
        found = LOCKED.match(entry)
        if found is None:
            continue
        assert "--hash=sha256:" in entry, f"{lock.name}: {found['name']} has no hash"
        pins[canonicalize_name(found["name"])] = Version(found["version"])
    return pins


def kit_requirements(extra: str | None) -> list[Requirement]:
    """The base dependencies (``None``) or those of an extra, as pyproject.toml declares them."""
    project = PYPROJECT["project"]
    lines = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


def contract_locks() -> dict[str, Path]:
    """The action's locks of the ``[contract]`` extra, by the Python version each is for."""
    return {found["python"]: path for path in REQUIREMENTS.iterdir() if (found := CONTRACT_LOCK.match(path.name))}


def image_lock() -> Path:
    (lock,) = REQUIREMENTS.glob("mock-py*.txt")
    return lock


@pytest.mark.parametrize("path", [*WORKFLOWS, ACTION], ids=lambda path: path.name)
def test_every_action_is_pinned_by_commit_sha_with_its_version_beside_it(path: Path) -> None:
    lines = uses_lines(path)
    in_yaml = uses_values(yaml.safe_load(path.read_text(encoding="utf-8")))

    assert [ref for ref, _ in lines] == in_yaml  # every `uses:` is on a line of its own, as read here
    assert in_yaml
    for ref, comment in lines:
        if ref.startswith("./"):  # this repository's own action, at the commit being run
            continue
        assert PINNED.match(ref), f"{path.name}: {ref} is not pinned by a commit SHA"
        assert VERSION_COMMENT.match(comment), f"{path.name}: {ref} has no `# vX.Y.Z` comment"


def test_the_same_action_is_pinned_to_the_same_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in [*WORKFLOWS, ACTION]:
        for ref, comment in uses_lines(path):
            if found := PINNED.match(ref):
                pins.setdefault(found["action"], set()).add(f"{found['sha']}{comment}")

    assert {action: len(seen) for action, seen in pins.items()} == dict.fromkeys(pins, 1)


def test_dependabot_keeps_the_actions_the_python_dependencies_and_the_base_image_current() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    updates = {update["package-ecosystem"]: update for update in config["updates"]}

    assert config["version"] == 2
    assert set(updates) == {"github-actions", "pip", "docker"}
    assert "/requirements" in updates["pip"]["directories"]
    assert all(update["schedule"]["interval"] for update in updates.values())


@pytest.mark.parametrize("lock", sorted(REQUIREMENTS.glob("*.txt")), ids=lambda path: path.name)
def test_every_lock_pins_each_dependency_with_hashes(lock: Path) -> None:
    assert locked(lock)


EXTRA_LOCKS = [*((path, "contract") for path in sorted(contract_locks().values())), (image_lock(), "mock")]


@pytest.mark.parametrize(("lock", "extra"), EXTRA_LOCKS, ids=[lock.name for lock, _ in EXTRA_LOCKS])
def test_a_lock_of_an_extra_holds_the_kit_and_the_extra_within_the_kits_bounds(lock: Path, extra: str) -> None:
    pins = locked(lock)
    python = CONTRACT_LOCK.match(lock.name)
    environment = {"python_version": python["python"] if python else "3.11", "extra": extra}

    for requirement in [*kit_requirements(None), *kit_requirements(extra)]:
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock.name} does not lock {requirement.name}"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{lock.name}: {name} {pins[name]}"


def test_the_action_accepts_the_pythons_it_has_a_lock_for() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    python_input = action["inputs"]["python-version"]
    listed = set(re.findall(r"\b3\.\d+\b", python_input["description"]))

    assert listed == set(contract_locks())
    assert python_input["default"] in contract_locks()


def test_the_action_installs_the_locks_with_hashes_and_the_kit_without_dependencies() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    (script,) = [step["run"] for step in action["runs"]["steps"] if "pip install" in step.get("run", "")]

    assert '--require-hashes -r "${locks}/bootstrap.txt"' in script
    assert '--require-hashes --no-deps -r "${lock}"' in script
    assert 'lock="${locks}/contract-py${python_version}.txt"' in script
    assert '--no-deps --no-build-isolation "${GITHUB_ACTION_PATH}"' in script
    assert "[contract]" not in script  # the extra from the index, unhashed, is what the locks replace


def test_make_venv_installs_pip_and_setuptools_from_their_lock_before_anything_else() -> None:
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\n$(STAMP):", 1)[1].split("\n\n", 1)[0]
    installs = [line.strip() for line in recipe.splitlines() if "pip install" in line]

    assert "requirements/bootstrap.txt" in recipe.splitlines()[0]  # a new lock remakes the environment
    assert "--require-hashes -r requirements/bootstrap.txt" in installs[0]
    assert {"pip", "setuptools"} <= set(locked(REQUIREMENTS / "bootstrap.txt"))


def test_the_locked_setuptools_is_the_one_the_build_requires() -> None:
    (build_requirement,) = [Requirement(line) for line in PYPROJECT["build-system"]["requires"]]
    pins = locked(REQUIREMENTS / "bootstrap.txt")

    assert build_requirement.name == "setuptools"
    assert build_requirement.specifier.contains(pins["setuptools"])


@pytest.mark.parametrize(("extra", "names"), NAMED_BY_EXTRA.items())
def test_the_extras_bound_what_the_kit_imports_through_another_dependency(extra: str, names: set[str]) -> None:
    assert names <= {canonicalize_name(requirement.name) for requirement in kit_requirements(extra)}


@pytest.mark.parametrize(("package", "advisory", "fixed", "affected"), ADVISORIES, ids=[a[1] for a in ADVISORIES])
def test_no_bound_or_lock_allows_a_release_with_a_published_advisory(
    package: str, advisory: str, fixed: str, affected: str
) -> None:
    name = canonicalize_name(package)
    bounds = [r for extra in SHIPPED_EXTRAS for r in kit_requirements(extra) if canonicalize_name(r.name) == name]
    pins = {path.name: locked(path)[name] for path in REQUIREMENTS.glob("*.txt") if name in locked(path)}
    if name in development_pins():
        pins[DEV_LOCK.name] = development_pins()[name]

    assert bounds or pins, f"{package} is neither a dependency of the kit nor locked: drop {advisory} from the table"
    for requirement in bounds:
        assert not requirement.specifier.contains(affected), f"{requirement} allows {affected} ({advisory})"
    assert {lock: pinned for lock, pinned in pins.items() if pinned < Version(fixed)} == {}, advisory
