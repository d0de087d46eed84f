"""The public surface is exactly what ``__all__`` names, and each name is documented (as httpx guards its own)."""

from __future__ import annotations

import inspect
import types

import pytest

import onlyoffice_crm


def test_all_is_sorted_and_names_every_public_attribute() -> None:
    public = {
        name
        for name, value in vars(onlyoffice_crm).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }

    assert onlyoffice_crm.__all__ == sorted(onlyoffice_crm.__all__)
    assert set(onlyoffice_crm.__all__) == public


@pytest.mark.parametrize("name", onlyoffice_crm.__all__)
def test_every_exported_name_is_documented(name: str) -> None:
    value = getattr(onlyoffice_crm, name)

    assert inspect.getdoc(value), f"onlyoffice_crm.{name} has no docstring"
