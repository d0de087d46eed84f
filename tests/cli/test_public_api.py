"""The command's public face is what ``__all__`` names, plus the modules the installed script and the tools name;
every other module is private (as httpx guards its own: ``__all__`` against ``vars(httpx)``, modules ``_client.py``).
Importing the package stays light, so the launcher can tell a missing ``[cli]`` extra in one line."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import types

import griffe
import pytest
import typer

import onlyoffice_crm_cli
import onlyoffice_crm_cli.app

PUBLIC_MODULES = {"__main__", "app", "launcher"}
"""``python -m``; the Typer application (docs, ``make breaking``, embedding); the script's entry point."""


def isort_order(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps ``__all__`` in: CONSTANTS, then Classes, then functions, each alphabetically."""
    if name.isupper():
        return 0, name
    return (1, name) if name[0].isupper() else (2, name)


def test_all_names_every_public_attribute_in_order() -> None:
    public = (
        name
        for name, value in vars(onlyoffice_crm_cli).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    )

    assert onlyoffice_crm_cli.__all__ == sorted(public, key=isort_order)


def test_only_the_named_modules_are_public() -> None:
    modules = {module.name for module in pkgutil.iter_modules(onlyoffice_crm_cli.__path__)}

    assert {name for name in modules if not name.startswith("_") or name == "__main__"} == PUBLIC_MODULES


def test_the_app_module_shows_the_typer_application_only() -> None:
    assert onlyoffice_crm_cli.app.__all__ == ["app"]
    assert isinstance(onlyoffice_crm_cli.app.app, typer.Typer)


@pytest.fixture(scope="module")
def api() -> griffe.Object | griffe.Alias:
    """The package as its source declares it."""
    return griffe.load("onlyoffice_crm_cli", resolve_aliases=True, allow_inspection=False)


@pytest.mark.parametrize("name", onlyoffice_crm_cli.__all__)
def test_every_public_name_is_documented(api: griffe.Object | griffe.Alias, name: str) -> None:
    exported = api[name]
    declared = exported.final_target if isinstance(exported, griffe.Alias) else exported

    assert declared.path.startswith("onlyoffice_crm_cli."), declared.path
    assert declared.docstring is not None, f"onlyoffice_crm_cli.{name} ({declared.path}) has no docstring"
    assert declared.docstring.value.strip()


@pytest.mark.timeout(60)
def test_importing_the_package_imports_neither_typer_nor_rich() -> None:
    probe = (
        "import sys, onlyoffice_crm_cli\n"
        "print(' '.join(sorted(n for n in sys.modules if n.split('.')[0] in {'typer', 'rich', 'click'})))"
    )

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)

    assert done.stdout.strip() == ""
