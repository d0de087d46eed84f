"""The contract package's seams, read from its source: no module assigns to an attribute of an HTTP library (each
client gets the gate as its transport), the suite imports nothing of the runner, and the runner imports nothing of
the suite (it finds the suite's files by name)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import onlyoffice_crm_contract

PACKAGE = Path(onlyoffice_crm_contract.__file__).parent
HTTP_LIBRARIES = ("httpx", "httpcore", "requests", "urllib3")


def _library_names(tree: ast.Module) -> set[str]:
    """The names a module binds to an HTTP library or to anything imported from one."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {
                (alias.asname or alias.name).split(".")[0]
                for alias in node.names
                if alias.name.split(".")[0] in HTTP_LIBRARIES
            }
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in HTTP_LIBRARIES:
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def library_patches(source: str) -> list[str]:
    """Every assignment to (or ``setattr`` on) an attribute of an HTTP library in ``source``, as ``line: code``."""
    tree = ast.parse(source)
    library = _library_names(tree)
    found = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr"):
            if node.args and _root(node.args[0]) in library:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
            continue
        else:
            continue
        found += [
            f"{node.lineno}: {ast.unparse(target)}"
            for target in targets
            if isinstance(target, ast.Attribute) and _root(target) in library
        ]
    return found


def imported_modules(path: Path) -> set[str]:
    """The absolute names of the modules ``path`` (a module of the package) imports."""
    package = ["onlyoffice_crm_contract", *path.relative_to(PACKAGE).parent.parts]
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            modules.add(module)
            modules |= {f"{module}.{alias.name}" for alias in node.names}
    return modules


def sources(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def test_the_patch_finder_sees_a_patched_transport() -> None:
    patched = """
import httpx
import requests.adapters as adapters
from httpx import HTTPTransport
httpx.HTTPTransport.handle_request = None
adapters.HTTPAdapter.send = None
HTTPTransport.handle_async_request = None
setattr(httpx.Client, "send", None)
gate = object()
gate.send = None
"""
    assert [line.split(":")[0] for line in library_patches(patched)] == ["5", "6", "7", "8"]


@pytest.mark.parametrize("path", sources(PACKAGE), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_of_the_package_patches_an_http_library(path: Path) -> None:
    assert library_patches(path.read_text(encoding="utf-8")) == []


def test_the_suite_and_the_runner_do_not_import_each_other() -> None:
    suite_imports = {
        f"{path.name}: {module}"
        for path in sources(PACKAGE / "suite")
        for module in imported_modules(path)
        if module.startswith("onlyoffice_crm_contract.runner")
    }
    runner_imports = {
        f"{path.name}: {module}"
        for path in sources(PACKAGE / "runner")
        for module in imported_modules(path)
        if module.startswith("onlyoffice_crm_contract.suite")
    }

    assert suite_imports == set()
    assert runner_imports == set()
    assert "onlyoffice_crm_contract.interface" in imported_modules(PACKAGE / "suite" / "conftest.py")
