"""Where ``onlyoffice-crm login`` keeps the portal's address and token.

The token goes to the OS keyring (macOS Keychain, Windows Credential Locker, the Secret Service on Linux) when
one is usable, otherwise to ``tokens.json`` (mode 0600) in the user's config folder. Like ssh with ``~/.ssh``,
the file store refuses (one line, exit 1) a ``tokens.json`` that is a symbolic link, someone else's, or that
others can read or write, and a config folder that others can write (:mod:`._private_files`). ``login.json`` beside it
(not secret) records the portal's address and which of the two holds its token. ``ONLYOFFICE_CRM_TOKEN_STORE``
(``auto``, ``keyring`` or ``file``) forces a store; ``ONLYOFFICE_CRM_CONFIG_DIR`` moves the config folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from ._errors import CliError, UsageError
from ._private_files import UnsafeFileError, delete_private_file, read_private_text, write_private_text

APP_NAME = "onlyoffice-crm"
KEYRING_SERVICE = "onlyoffice-crm"
TOKEN_STORE_ENV = "ONLYOFFICE_CRM_TOKEN_STORE"
CONFIG_DIR_ENV = "ONLYOFFICE_CRM_CONFIG_DIR"
TOKEN_FILE_NAME = "tokens.json"
LOGIN_FILE_NAME = "login.json"


class StoreKind(StrEnum):
    """Which token store to use."""

    AUTO = "auto"
    """The OS keyring when one is usable, otherwise the file."""
    KEYRING = "keyring"
    FILE = "file"


class TokenStore(Protocol):
    """A place that keeps one token per portal address."""

    kind: StoreKind

    def where(self) -> str:
        """Where the tokens are, in words a person can act on."""
        ...

    def save(self, url: str, token: str) -> None:
        """Keep ``token`` for ``url``; raise :class:`TokenStoreError` when the store cannot."""
        ...

    def load(self, url: str) -> str | None:
        """The token kept for ``url``, or ``None``."""
        ...

    def delete(self, url: str) -> bool:
        """Forget the token of ``url``; tell whether there was one."""
        ...


class TokenStoreError(CliError):
    """The store cannot keep or give back a token."""


def config_dir() -> Path:
    """The folder of ``login.json`` and ``tokens.json``: ``$ONLYOFFICE_CRM_CONFIG_DIR`` or the platform's."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def requested_store_kind(value: str | None = None) -> StoreKind:
    """The store asked for by ``value`` or ``$ONLYOFFICE_CRM_TOKEN_STORE``; ``auto`` when neither says."""
    raw = value if value is not None else os.environ.get(TOKEN_STORE_ENV, StoreKind.AUTO.value)
    try:
        return StoreKind(raw.strip().lower())
    except ValueError:
        choices = ", ".join(kind.value for kind in StoreKind)
        raise UsageError(
            f"Unknown token store {raw!r} (from {TOKEN_STORE_ENV} or --token-store): use {choices}."
        ) from None


def write_private_file(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``, readable and writable by the user only, never half-written, never via a link.

    Raises:
        TokenStoreError: the folder is open to others (see :mod:`._private_files`) or cannot be written.
    """
    try:
        write_private_text(path, text)
    except UnsafeFileError as error:
        raise TokenStoreError(error.message) from None
    except OSError as error:
        raise TokenStoreError(f"Cannot write {path}: {error.strerror or error}.") from None


def read_json_object(path: Path, *, secret: bool = True) -> dict[str, str]:
    """The string-to-string object in ``path``; empty when the file does not exist.

    ``secret`` files must be readable by the user only; every file must be the user's own, not a link, in a
    folder nobody else can write (:mod:`._private_files`): otherwise :class:`TokenStoreError`, and nothing is read.
    """
    try:
        text = read_private_text(path, secret=secret)
        data = json.loads(text) if text is not None else {}
    except UnsafeFileError as error:
        raise TokenStoreError(error.message) from None
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise TokenStoreError(f"Cannot read {path} ({reason}): delete it and run `onlyoffice-crm login URL`.") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise TokenStoreError(f"{path} is not what onlyoffice-crm wrote: delete it and run `onlyoffice-crm login URL`.")
    return data


@dataclass
class FileTokenStore:
    """Tokens in a JSON file only the user can read (mode 0600)."""

    path: Path
    kind: StoreKind = StoreKind.FILE

    def where(self) -> str:
        """The file's path."""
        return f"the file {self.path} (readable by you only)"

    def save(self, url: str, token: str) -> None:
        """Add or replace the token of ``url``."""
        tokens = read_json_object(self.path)
        tokens[url] = token
        write_private_file(self.path, json.dumps(tokens, indent=2, sort_keys=True) + "\n")

    def load(self, url: str) -> str | None:
        """The token of ``url`` or ``None``."""
        return read_json_object(self.path).get(url)

    def delete(self, url: str) -> bool:
        """Remove the token of ``url``; the file goes when it holds no other."""
        tokens = read_json_object(self.path)
        if tokens.pop(url, None) is None:
            return False
        if tokens:
            write_private_file(self.path, json.dumps(tokens, indent=2, sort_keys=True) + "\n")
            return True
        try:
            delete_private_file(self.path)
        except UnsafeFileError as error:
            raise TokenStoreError(error.message) from None
        except OSError as error:
            raise TokenStoreError(f"Cannot change the token file {self.path}: {error.strerror or error}.") from None
        return True


@dataclass
class KeyringTokenStore:
    """Tokens in the OS keyring, service ``onlyoffice-crm``, one entry per portal address."""

    kind: StoreKind = StoreKind.KEYRING

    def where(self) -> str:
        """The keyring backend's name and the entry."""
        import keyring

        backend = keyring.get_keyring()
        return f"your system keyring ({type(backend).__name__}), service {KEYRING_SERVICE!r}"

    def save(self, url: str, token: str) -> None:
        """Store the token; a keyring that refuses raises :class:`TokenStoreError`."""
        import keyring
        import keyring.errors

        try:
            keyring.set_password(KEYRING_SERVICE, url, token)
        except (keyring.errors.KeyringError, OSError) as error:
            raise TokenStoreError(f"The system keyring refused the token: {error}.") from None

    def load(self, url: str) -> str | None:
        """The token, or ``None`` when absent or the keyring cannot be read."""
        import keyring
        import keyring.errors

        try:
            return keyring.get_password(KEYRING_SERVICE, url)
        except (keyring.errors.KeyringError, OSError) as error:
            raise TokenStoreError(f"Cannot read the system keyring: {error}.") from None

    def delete(self, url: str) -> bool:
        """Remove the entry; ``False`` when there was none."""
        import keyring
        import keyring.errors

        try:
            keyring.delete_password(KEYRING_SERVICE, url)
        except keyring.errors.PasswordDeleteError:
            return False
        except (keyring.errors.KeyringError, OSError) as error:
            raise TokenStoreError(f"Cannot change the system keyring: {error}.") from None
        return True


def keyring_usable() -> bool:
    """Whether a real keyring backend is available (not keyring's "fail" or "null" placeholder)."""
    try:
        import keyring
    except ImportError:
        return False
    try:
        return keyring.get_keyring().priority > 0
    except Exception:  # a broken backend is the same as none: the file store takes over
        return False


def open_store(kind: StoreKind) -> TokenStore:
    """The store of ``kind``; ``auto`` picks the keyring when one is usable, otherwise the file."""
    if kind is StoreKind.KEYRING or (kind is StoreKind.AUTO and keyring_usable()):
        return KeyringTokenStore()
    return FileTokenStore(config_dir() / TOKEN_FILE_NAME)


@dataclass(frozen=True)
class SavedLogin:
    """The portal the user last logged in to, and where its token is."""

    url: str
    store: TokenStore


def login_file() -> Path:
    """The path of ``login.json``."""
    return config_dir() / LOGIN_FILE_NAME


def remember_login(url: str, token: str, kind: StoreKind) -> TokenStore:
    """Keep ``token`` for ``url`` and make ``url`` the current portal; return the store that took the token.

    With ``auto``, a keyring that refuses the token hands over to the file store.
    """
    store = open_store(kind)
    try:
        store.save(url, token)
    except TokenStoreError:
        if kind is not StoreKind.AUTO or store.kind is StoreKind.FILE:
            raise
        store = open_store(StoreKind.FILE)
        store.save(url, token)
    write_private_file(login_file(), json.dumps({"url": url, "store": store.kind.value}, indent=2) + "\n")
    return store


def saved_login() -> SavedLogin | None:
    """The current portal and its store, or ``None`` when nobody logged in."""
    record = read_json_object(login_file(), secret=False)
    url, kind = record.get("url"), record.get("store")
    if not url or kind not in {StoreKind.KEYRING.value, StoreKind.FILE.value}:
        return None
    return SavedLogin(url=url, store=open_store(StoreKind(kind)))


def forget_login() -> SavedLogin | None:
    """Delete the current portal's token and the record of it; return what was forgotten, if anything."""
    login = saved_login()
    if login is None:
        return None
    login.store.delete(login.url)
    try:
        delete_private_file(login_file())
    except UnsafeFileError as error:
        raise TokenStoreError(error.message) from None
    except OSError as error:
        raise TokenStoreError(f"Cannot delete {login_file()}: {error.strerror or error}.") from None
    return login
