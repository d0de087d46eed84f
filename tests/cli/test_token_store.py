"""Where the token is kept: the file store (0600, in the config folder), the keyring, and the fallback between them."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import keyring
import keyring.backend
import keyring.errors
import pytest

from onlyoffice_crm_cli.problems import UsageError
from onlyoffice_crm_cli.token_store import (
    FileTokenStore,
    KeyringTokenStore,
    StoreKind,
    TokenStoreError,
    config_dir,
    forget_login,
    open_store,
    remember_login,
    requested_store_kind,
    saved_login,
)

URL = "https://portal.example.com"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring in a dict: stands in for the OS keyring so no test touches a real one."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    priority: ClassVar[float] = 1
    entries: ClassVar[dict[tuple[str, str], str]] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class LockedKeyring(MemoryKeyring):
    """A keyring that is there but refuses to store anything (a locked or broken Secret Service)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("the collection is locked")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    MemoryKeyring.entries.clear()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_the_config_folder_follows_the_environment(isolated_config: Path) -> None:
    assert config_dir() == isolated_config


def test_file_store_keeps_tokens_per_portal_readable_by_the_user_only(isolated_config: Path) -> None:
    store = FileTokenStore(isolated_config / "tokens.json")
    store.save(URL, "secret-1")
    store.save("https://other.example.com", "secret-2")
    assert store.load(URL) == "secret-1"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(isolated_config.stat().st_mode) == 0o700
    assert str(store.path) in store.where()
    assert store.delete(URL) is True
    assert store.delete(URL) is False
    assert store.load(URL) is None
    assert store.load("https://other.example.com") == "secret-2"
    store.delete("https://other.example.com")
    assert not store.path.exists()
    assert list(isolated_config.iterdir()) == []  # no temporary file left behind


def test_a_damaged_token_file_is_a_one_line_error(isolated_config: Path) -> None:
    isolated_config.mkdir()
    (isolated_config / "tokens.json").write_text("[1, 2]")
    with pytest.raises(TokenStoreError, match="delete it and run `onlyoffice-crm login URL`"):
        FileTokenStore(isolated_config / "tokens.json").load(URL)


def test_login_record_and_logout_with_the_file_store(isolated_config: Path) -> None:
    store = remember_login(URL, "secret", StoreKind.FILE)
    assert store.kind is StoreKind.FILE
    login = saved_login()
    assert login is not None
    assert login.url == URL
    assert login.store.load(URL) == "secret"
    assert json.loads((isolated_config / "login.json").read_text()) == {"url": URL, "store": "file"}
    forgotten = forget_login()
    assert forgotten is not None
    assert forgotten.url == URL
    assert saved_login() is None
    assert forget_login() is None
    assert not (isolated_config / "tokens.json").exists()


def test_store_kind_comes_from_the_option_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert requested_store_kind() is StoreKind.FILE  # the fixture sets ONLYOFFICE_CRM_TOKEN_STORE=file
    assert requested_store_kind("Keyring") is StoreKind.KEYRING
    monkeypatch.delenv("ONLYOFFICE_CRM_TOKEN_STORE")
    assert requested_store_kind() is StoreKind.AUTO
    with pytest.raises(UsageError, match="Unknown token store 'vault'"):
        requested_store_kind("vault")


def test_auto_uses_the_file_when_no_keyring_is_usable() -> None:
    # PYTHON_KEYRING_BACKEND is keyring's "fail" backend in every test.
    assert isinstance(open_store(StoreKind.AUTO), FileTokenStore)


def test_auto_prefers_a_usable_keyring(memory_keyring: MemoryKeyring, isolated_config: Path) -> None:
    store = remember_login(URL, "secret", StoreKind.AUTO)
    assert isinstance(store, KeyringTokenStore)
    assert memory_keyring.entries == {("onlyoffice-crm", URL): "secret"}
    assert "MemoryKeyring" in store.where()
    assert not (isolated_config / "tokens.json").exists()
    login = saved_login()
    assert login is not None
    assert login.store.load(URL) == "secret"
    assert forget_login() is not None
    assert memory_keyring.entries == {}


def test_auto_falls_back_to_the_file_when_the_keyring_refuses(isolated_config: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        store = remember_login(URL, "secret", StoreKind.AUTO)
        assert isinstance(store, FileTokenStore)
        assert FileTokenStore(isolated_config / "tokens.json").load(URL) == "secret"
        with pytest.raises(TokenStoreError, match="keyring refused"):
            remember_login(URL, "secret", StoreKind.KEYRING)  # asked for explicitly: no silent fallback
    finally:
        keyring.set_keyring(previous)
