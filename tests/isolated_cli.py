"""What every test of the command starts from: an isolated config folder, the file token store (never a real
keyring) and no portal variables from the environment running the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ENVIRONMENT_TO_CLEAR = (
    "ONLYOFFICE_URL",
    "ONLYOFFICE_TOKEN",
    "ONLYOFFICE_USER_NAME",
    "ONLYOFFICE_PASSWORD",
    "ONLYOFFICE_TIMEOUT",
)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test: the config folder in ``tmp_path``, the file store, keyring's fail backend, no portal variables."""
    folder = tmp_path / "config"
    monkeypatch.setenv("ONLYOFFICE_CRM_CONFIG_DIR", str(folder))
    monkeypatch.setenv("ONLYOFFICE_CRM_TOKEN_STORE", "file")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for name in ENVIRONMENT_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    return folder
