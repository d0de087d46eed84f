"""An invoice's wire JSON, encoded when a page asks for it, from the columns and the shared tables' fragments.

Each field of :func:`~onlyoffice_mock_portal.fields.invoice_fields` has a writer, chosen by its kind when the
renderer is made: it turns the field's column at a page's rows into the JSON texts of its values. An invoice is
one template, the fields' keys in the spec's (the server's ``InvoiceBaseWrapper``) order, filled with them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from .caller import PERMISSIONS
from .columns import InvoiceData
from .fields import InvoiceField, invoice_fields
from .query import members_without_id
from .wire import DAY_MICROS, day_to_wire, encode_value, json_string, micros_to_wire, money_text

Rows = npt.NDArray[np.int64]
Writer = Callable[[Rows], list[str]]
PRE_ESCAPED = 4096
"""Lists of texts up to this size are escaped once; longer ones (one per invoice in a data file) when asked."""
DAY_SAMPLE = 4096
"""Values of a date column looked at to decide whether its texts are worth caching (whole days repeat)."""


class InvoiceRenderer:
    """Writes invoices in the spec's key order; nothing per invoice is cached."""

    def __init__(self, data: InvoiceData) -> None:
        self._data = data
        fields = invoice_fields()
        self._writers = [self._writer(field) for field in fields]
        keys = ",".join(json_string(field.name).replace("%", "%%") + ":%s" for field in fields)
        self._template = "{" + keys + "%s}"  # the last value: the keys a data file had beyond the spec's

    def render(self, positions: Sequence[int] | np.ndarray, fields: Sequence[str] | None = None) -> list[bytes]:
        """The wire JSON of the invoices at these positions, in this order; with ``fields`` (lower-case member
        names) each keeps only those members, as ``SerializerContractResolver`` does (``:120-150``), and the
        nested wrappers of :func:`~onlyoffice_mock_portal.query.members_without_id` lose their ``id`` unless
        ``id`` is named."""
        rows = np.asarray(positions, dtype=np.int64)
        if fields is not None:
            return self._projected(rows, frozenset(fields))
        values = [writer(rows) for writer in self._writers]
        extras = self._data.extras
        values.append([extras.get(position, "") for position in rows.tolist()] if extras else [""] * len(rows))
        template = self._template
        return [(template % row).encode("utf-8", "surrogatepass") for row in zip(*values, strict=True)]

    def _projected(self, rows: Rows, names: frozenset[str]) -> list[bytes]:
        kept = [(index, field) for index, field in enumerate(invoice_fields()) if field.name.lower() in names]
        strip_id = set() if "id" in names else members_without_id()
        columns = []
        for index, field in kept:
            texts = self._writers[index](rows)
            if field.name in strip_id:
                texts = [_without_id(text) for text in texts]
            columns.append([json_string(field.name) + ":" + text for text in texts])
        return [("{" + ",".join(members) + "}").encode("utf-8", "surrogatepass")
                for members in zip(*columns, strict=True)] if columns else [b"{}"] * len(rows)  # fmt: skip

    def _writer(self, field: InvoiceField) -> Writer:
        data = self._data
        column = data.columns[field.name]
        writer: Writer
        if field.kind in ("object", "json"):
            # Invoices whose contact the caller may not see are never rendered (the store leaves them out).
            choices = [*data.tables[field.table].fragments, "null"]  # a row of -1 picks the last: null

            def writer(rows: Rows) -> list[str]:
                return [choices[row] for row in column[rows].tolist()]

        elif field.kind == "text" and field.unique_text:

            def writer(rows: Rows) -> list[str]:
                return [json_string(text.decode("utf-8", "surrogatepass")) for text in column[rows].tolist()]

        elif field.kind == "text":
            texts = data.texts[field.name]
            if len(texts) <= PRE_ESCAPED:
                escaped = [*(json_string(text) for text in texts), "null"]

                def writer(rows: Rows) -> list[str]:
                    return [escaped[code] for code in column[rows].tolist()]

            else:

                def writer(rows: Rows) -> list[str]:
                    return ["null" if code < 0 else json_string(texts[code]) for code in column[rows].tolist()]

        elif field.name in PERMISSIONS:
            permission = PERMISSIONS[field.name]

            def writer(rows: Rows) -> list[str]:
                return ["true" if allowed else "false" for allowed in permission(data, rows).tolist()]

        else:
            write = self._value_writer(field, column)

            def writer(rows: Rows) -> list[str]:
                return write(column[rows].tolist())

        nulls = data.nulls.get(field.name)
        if nulls is None or not nulls.any():
            return writer
        written = writer

        def with_nulls(rows: Rows) -> list[str]:
            return [
                "null" if missing else text for text, missing in zip(written(rows), nulls[rows].tolist(), strict=True)
            ]

        return with_nulls

    def _value_writer(self, field: InvoiceField, column: npt.NDArray[np.generic]) -> Callable[[list[int]], list[str]]:
        """Values of an ``int``, ``bool``, ``money`` or ``date`` column as the portal writes them."""
        if field.kind == "bool":
            return lambda values: ["true" if value else "false" for value in values]
        if field.kind == "money":
            short = field.short_zero
            return lambda values: [money_text(value, zero_as_short=short) for value in values]
        if field.kind == "date" and self._data.zone is not None:
            to_zone_wire = self._data.zone.to_wire  # the offset of each date (daylight saving)
            return lambda values: ['"' + to_zone_wire(value) + '"' for value in values]
        if field.kind == "date":
            offset = self._data.offset_minutes
            # Whole days (issue and due dates) repeat a lot: their texts come from a cache; instants do not.
            sample = column[:DAY_SAMPLE].astype(np.int64) + offset * 60_000_000
            to_wire = micros_to_wire if (sample % DAY_MICROS).any() else day_to_wire
            return lambda values: ['"' + to_wire(value, offset) + '"' for value in values]
        return lambda values: [str(value) for value in values]


def _without_id(text: str) -> str:
    """A nested wrapper's JSON without its ``id`` (``null`` stays ``null``); its values have no decimals."""
    if text == "null":
        return text
    value = json.loads(text)
    return encode_value({key: item for key, item in value.items() if key != "id"})
