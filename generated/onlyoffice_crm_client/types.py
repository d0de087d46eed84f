"""Contains some shared types for properties"""

import datetime
from collections.abc import Mapping, MutableMapping
from enum import Enum
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar
from uuid import UUID

from attrs import define


class Unset:
    """The type of ``UNSET``: a key the portal left out, or an argument not given."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


_ONE_MINUTE = datetime.timedelta(minutes=1)
_LARGEST_OFFSET = datetime.timedelta(hours=14)  # .NET rejects offsets beyond ±14:00


def serialize_datetime(value: datetime.datetime) -> str:
    """Format a datetime the way an ONLYOFFICE portal writes it and parses it back.

    ``yyyy-MM-ddTHH:mm:ss.fffffff`` (always 7 fractional digits), then ``Z`` for a zero offset,
    ``+hh:mm``/``-hh:mm`` for another one and nothing for a naive value (the portal's time zone).
    Python's ``isoformat()`` writes 6 digits, which the portal rejects with 400. An offset with
    seconds, or beyond ±14:00, cannot be sent, so such a value is converted to UTC first (the same
    instant).
    """
    offset = value.utcoffset()
    if offset is not None and (offset % _ONE_MINUTE or abs(offset) > _LARGEST_OFFSET):
        value = value.astimezone(datetime.UTC)
        offset = datetime.timedelta(0)
    text = value.replace(tzinfo=None).isoformat(timespec="microseconds") + "0"
    if offset is None:
        return text
    if not offset:
        return text + "Z"
    sign = "-" if offset < datetime.timedelta(0) else "+"
    hours, minutes = divmod(abs(offset) // _ONE_MINUTE, 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


E = TypeVar("E", bound=Enum)


def parse_enum(enum_class: type[E], value: object) -> E:
    """The member of ``enum_class`` for ``value``: one dict lookup for a known value (calling the class
    costs three times as much on every invoice); anything else goes through the class, and its
    ``_missing_``, as before."""
    member = enum_class._value2member_map_.get(value)  # type: ignore[arg-type]
    return member if member is not None else enum_class(value)  # type: ignore[return-value]


_UUIDS: dict[str, UUID] = {}
_MOST_UUIDS = 4096


def parse_uuid(text: str) -> UUID:
    """A UUID from its text, the same object for equal texts (UUIDs are immutable): a portal repeats its
    few users' ids on every invoice, and parsing one costs more than the rest of an employee."""
    try:
        return _UUIDS[text]
    except KeyError:
        value = UUID(text)
        if len(_UUIDS) >= _MOST_UUIDS:
            _UUIDS.clear()
        _UUIDS[text] = value
        return value


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
    "parse_enum",
    "parse_uuid",
    "serialize_datetime",
]
