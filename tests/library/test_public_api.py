"""The public surface is exactly what ``__all__`` names, the modules behind it are private, and each name the
library defines is documented (as httpx guards its own: ``__all__`` against ``vars(httpx)``, modules ``_client.py``)."""

from __future__ import annotations

import pkgutil

import griffe
import pytest

import onlyoffice_crm


def isort_order(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps ``__all__`` in: CONSTANTS, then Classes, then functions, each alphabetically."""
    if name.isupper():
        return 0, name
    return (1, name) if name[0].isupper() else (2, name)


def test_all_names_every_public_attribute_in_order() -> None:
    public = (name for name in vars(onlyoffice_crm) if not name.startswith("_"))

    assert onlyoffice_crm.__all__ == sorted(public, key=isort_order)


def test_every_module_of_the_package_is_private() -> None:
    modules = [module.name for module in pkgutil.iter_modules(onlyoffice_crm.__path__)]

    assert modules, "no module found beside __init__.py"
    assert [name for name in modules if not name.startswith("_")] == []


@pytest.fixture(scope="module")
def api() -> griffe.Object | griffe.Alias:
    """The package as its source declares it: griffe reads the docstrings of constants and aliases too."""
    return griffe.load("onlyoffice_crm", resolve_aliases=True, resolve_external=True, allow_inspection=False)


@pytest.mark.parametrize("name", onlyoffice_crm.__all__)
def test_every_name_the_library_defines_is_documented(api: griffe.Object | griffe.Alias, name: str) -> None:
    exported = api[name]
    declared = exported.final_target if isinstance(exported, griffe.Alias) else exported
    if not declared.path.startswith("onlyoffice_crm."):
        # Re-exported from the generated client (``Invoice``, ``InvoiceSortBy``): documented by the spec there.
        assert declared.path.startswith("onlyoffice_crm_client."), declared.path
        return

    assert declared.docstring is not None, f"onlyoffice_crm.{name} ({declared.path}) has no docstring"
    assert declared.docstring.value.strip()
