"""Where the token is kept: the file store (0600, in the config folder), the keyring, and the fallback between them."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import keyring
import keyring.backend
import keyring.errors
import pytest

from onlyoffice_crm_cli._errors import UsageError
from onlyoffice_crm_cli._token_store import (
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
    (isolated_config / "tokens.json").chmod(0o600)
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


# ---------------------------------------------------------------- a token file others could read, write or plant

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="giving a file to another user needs root")
NOBODY = 65534


def saved_file_store(folder: Path) -> FileTokenStore:
    """A token file with one token, as ``login`` leaves it."""
    store = FileTokenStore(folder / "tokens.json")
    store.save(URL, "secret")
    return store


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o602, 0o660])
def test_a_token_file_others_can_read_or_write_is_refused(isolated_config: Path, mode: int) -> None:
    store = saved_file_store(isolated_config)
    store.path.chmod(mode)
    with pytest.raises(TokenStoreError, match=rf"others can read or write .*tokens.json \(mode 0{mode:o}\)"):
        store.load(URL)
    with pytest.raises(TokenStoreError, match="others can read or write"):
        store.save(URL, "new")  # no merge with what others may have read or written
    store.path.chmod(0o600)
    assert store.load(URL) == "secret"


def test_a_symlinked_token_file_is_never_followed(isolated_config: Path, tmp_path: Path) -> None:
    planted = tmp_path / "elsewhere.json"
    planted.write_text(json.dumps({URL: "planted-token", "https://evil.example.com": "x"}))
    planted.chmod(0o600)
    isolated_config.mkdir(mode=0o700)
    link = isolated_config / "tokens.json"
    link.symlink_to(planted)
    store = FileTokenStore(link)
    with pytest.raises(TokenStoreError, match="is a symbolic link"):
        store.load(URL)
    with pytest.raises(TokenStoreError, match="is a symbolic link"):
        remember_login(URL, "mine", StoreKind.FILE)  # login neither merges the link's target nor writes through it
    with pytest.raises(TokenStoreError, match="is a symbolic link"):
        store.delete(URL)
    assert link.is_symlink()
    assert json.loads(planted.read_text()) == {URL: "planted-token", "https://evil.example.com": "x"}


def test_a_token_file_that_is_a_fifo_is_refused_without_waiting(isolated_config: Path) -> None:
    isolated_config.mkdir(mode=0o700)
    os.mkfifo(isolated_config / "tokens.json", 0o600)
    with pytest.raises(TokenStoreError, match="is not a regular file"):
        FileTokenStore(isolated_config / "tokens.json").load(URL)


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777, 0o722])
def test_a_config_folder_others_can_write_is_refused(isolated_config: Path, mode: int) -> None:
    store = saved_file_store(isolated_config)
    isolated_config.chmod(mode)
    with pytest.raises(TokenStoreError, match=rf"others can write to the folder .*config \(mode {mode:04o}\)"):
        store.load(URL)
    with pytest.raises(TokenStoreError, match="others can write to the folder"):
        remember_login(URL, "new", StoreKind.FILE)
    with pytest.raises(TokenStoreError, match="others can write to the folder"):
        saved_login()  # login.json is not secret, but where it points is trusted: the same rule
    isolated_config.chmod(0o755)  # readable by others is fine for a folder, as for ~/.ssh
    assert store.load(URL) == "secret"


def test_a_folder_above_it_that_others_can_write_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv("ONLYOFFICE_CRM_CONFIG_DIR", str(shared / "me" / "config"))
    remember_login(URL, "secret", StoreKind.FILE)
    shared.chmod(0o777)  # anyone could rename "me" away and put their own folder there
    with pytest.raises(TokenStoreError, match=rf"others can write to the folder {shared} \(mode 0777\)"):
        saved_login()
    shared.chmod(0o1777)  # sticky, as /tmp: others cannot rename or delete what is not theirs
    login = saved_login()
    assert login is not None
    assert login.store.load(URL) == "secret"


def test_login_writes_the_file_0600_whatever_the_umask(isolated_config: Path) -> None:
    umask = os.umask(0)
    try:
        remember_login(URL, "secret", StoreKind.FILE)
        remember_login(URL, "newer", StoreKind.FILE)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((isolated_config / "tokens.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(isolated_config.stat().st_mode) == 0o700
    assert sorted(path.name for path in isolated_config.iterdir()) == ["login.json", "tokens.json"]
    assert FileTokenStore(isolated_config / "tokens.json").load(URL) == "newer"


@needs_root
def test_a_token_file_or_folder_of_another_user_is_refused(isolated_config: Path) -> None:
    store = saved_file_store(isolated_config)
    os.chown(store.path, NOBODY, NOBODY)
    with pytest.raises(TokenStoreError, match=rf"tokens.json belongs to another user \(uid {NOBODY}\)"):
        store.load(URL)
    os.chown(store.path, 0, 0)
    os.chown(isolated_config, NOBODY, NOBODY)
    with pytest.raises(TokenStoreError, match=rf"config belongs to another user \(uid {NOBODY}\)"):
        store.load(URL)


@needs_root
def test_a_token_file_another_user_planted_in_a_shared_folder_is_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``nobody`` (a real second user, in its own process) prepares a config folder in a sticky shared folder."""
    shared = Path(tempfile.mkdtemp(prefix="onlyoffice-crm-shared-"))  # not under tmp_path: nobody cannot enter that
    try:
        shared.chmod(0o1777)
        config = shared / "config"
        planted = json.dumps({URL: "planted-token"})
        script = (
            f"umask 077 && mkdir {config} && printf '%s' '{planted}' > {config}/tokens.json"
            f" && printf '%s' '{json.dumps({'url': URL, 'store': 'file'})}' > {config}/login.json"
        )
        subprocess.run(["/bin/sh", "-c", script], user="nobody", check=True, timeout=30)
        assert config.stat().st_uid == NOBODY
        monkeypatch.setenv("ONLYOFFICE_CRM_CONFIG_DIR", str(config))
        with pytest.raises(TokenStoreError, match="belongs to another user"):
            saved_login()
        with pytest.raises(TokenStoreError, match="belongs to another user"):
            FileTokenStore(config / "tokens.json").load(URL)
    finally:
        shutil.rmtree(shared)


def test_an_unsafe_token_file_is_one_line_and_exit_1_before_any_request(isolated_config: Path) -> None:
    from .conftest import invoke

    remember_login("http://127.0.0.1:9", "secret", StoreKind.FILE)  # nothing listens there
    (isolated_config / "tokens.json").chmod(0o644)
    result = invoke("invoices", "list")
    assert result.exit_code == 1
    tokens = isolated_config / "tokens.json"
    assert result.stderr == (
        f"Error: Refusing to use {tokens}: others can read or write {tokens} (mode 0644): "
        f"run `chmod 600 {tokens}` if it is yours.\n"
    )
