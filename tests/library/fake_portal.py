"""A small in-memory portal behind ``httpx.MockTransport`` with the real server's awkward habits.

What it copies from the server (the reference's second reading): ties of ``issueDate``, ``dueDate`` and
``status`` come in a fresh random order on every request; ``count+1`` rows are asked and ``count=0``
returns one invoice; ``total`` is ``startIndex + returned`` when a page is not full; ``nextIndex`` is
off by one; ``sortOrder`` counts only with ``sortBy`` and only as the exact ``descending``;
``entityid`` needs ``entityType`` (alone, it empties the list); dates without an offset are read in the
portal's zone and every ``…To`` bound is widened to ``to + 1 day - 1 minute`` of its UTC instant; currency is
case-insensitive; a 401 is an HTML page.

With ``hidden_contacts``, the caller is not an administrator (``InvoiceDao.cs:187-238``, ``CRMSecutiry.cs:875-900``):
invoices whose contact it may not see are left out, ``startIndex`` counts the visible ones, and a full page's
``total`` still counts the hidden ones (``InvoiceDao.cs:321-374``).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from onlyoffice_crm_client.api.invoices.get_invoices import COUNT_MAXIMUM

FILTER_PATH = "/api/2.0/crm/invoice/filter"
LOGIN_PATH = "/api/2.0/authentication"
TEMPLATE: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "client" / "payloads" / "page.json").read_text(encoding="utf-8")
)["response"][0]
STATUS_TITLES = {1: "Draft", 2: "Billed", 3: "Rejected", 4: "Paid", 5: "Archive"}
Fault = Callable[[httpx.Request], httpx.Response | None]


def wire_date(value: dt.datetime) -> str:
    """A date as the server writes it: 7 fractional digits and the offset."""
    text = value.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0"
    offset = value.utcoffset() or dt.timedelta(0)
    if not offset:
        return text + "Z"
    sign = "-" if offset < dt.timedelta(0) else "+"
    hours, minutes = divmod(abs(offset) // dt.timedelta(minutes=1), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def make_invoice(
    number: int,
    *,
    issued: dt.datetime,
    due: dt.datetime | None = None,
    status: int = 4,
    currency: str = "EUR",
    cost: float = 100.0,
    contact: tuple[int, str] | None = (101, "Northwind"),
    opportunity: int | None = None,
) -> dict[str, Any]:
    """A wire invoice (a copy of the captured one with these values)."""
    invoice = copy.deepcopy(TEMPLATE)
    for person in ("contact", "consignee"):
        _server_photo_urls(invoice[person])
    invoice["id"] = 100_000 - number  # ids run against numbers, so the two orders differ
    invoice["number"] = f"INV-{number:06d}"
    invoice["status"] = {"id": status, "title": STATUS_TITLES.get(status, f"Status {status}")}
    invoice["issueDate"] = wire_date(issued)
    invoice["dueDate"] = wire_date(due or issued + dt.timedelta(days=30))
    invoice["createOn"] = wire_date(issued)
    invoice["currency"] = {**invoice["currency"], "abbreviation": currency}
    invoice["cost"] = cost
    invoice["description"] = f"Invoice {number} for design work"
    invoice["canEdit"] = invoice["canDelete"] and status == 1  # CRMSecutiry.cs:452-455: drafts only
    if contact is None:
        invoice["contact"] = None
    else:
        invoice["contact"] = {**invoice["contact"], "id": contact[0], "displayName": contact[1]}
        _server_photo_urls(invoice["contact"])
    if opportunity is None:
        invoice["entity"] = None
    else:
        invoice["entity"] = {"entityType": "opportunity", "entityId": opportunity, "entityTitle": "Deal"}
    return invoice


def _server_photo_urls(contact: dict[str, Any] | None) -> None:
    """The photo URLs as the server writes them, from one format string in mixed case with .NET's ``True``/``False``
    (``ContactWrapper.cs:438-439``)."""
    if contact is None:
        return
    for size, key in ((1, "smallFotoUrl"), (2, "mediumFotoUrl")):
        contact[key] = (
            "/Products/CRM/HttpHandlers/filehandler.ashx?action=contactphotoulr"
            f"&cid={contact['id']}&isc={contact['isCompany']}&ps={size}"
        )


def _first_values(request: httpx.Request) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in request.url.params.multi_items():
        found.setdefault(name.lower(), value)
    return found


@dataclass
class FakePortal:
    """The invoices of one portal, answering through :meth:`transport`.

    Each invoice is read once, on the first request that meets it: replace an invoice rather than edit it.
    """

    invoices: list[dict[str, Any]]
    offset: dt.timedelta = dt.timedelta(hours=3)
    token: str = "fake-token"
    user_name: str = "anna@example.com"
    password: str = "s3cret"
    seed: int = 0
    requests: list[httpx.Request] = field(default_factory=list)
    before: Fault | None = None
    """Answers instead of the portal when it returns a response (to inject faults)."""
    page_cap: int | None = None
    """At most this many invoices a page, silently (a portal whose page maximum is below the spec's): a page
    of the cap counts as full, so its ``total`` is the number of all matches."""
    time_zone: dt.tzinfo | None = None
    """The portal's zone, for a zone with daylight saving (its invoices are then made with dates in it, each
    written with its own offset); ``offset`` is the fixed zone otherwise."""
    hidden_contacts: frozenset[int] = frozenset()
    """Contacts the caller may not see: a caller who is not an administrator (empty: an administrator)."""

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._zone = self.time_zone or dt.timezone(self.offset)
        self._fields: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def async_transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def queries(self) -> list[dict[str, str]]:
        """The query of every invoice request, in order."""
        return [_first_values(r) for r in self.requests if r.url.path == FILTER_PATH]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.before is not None:
            answer = self.before(request)
            if answer is not None:
                return answer
        if request.url.path == LOGIN_PATH and request.method == "POST":
            return self._login(request)
        if request.url.path != FILTER_PATH:
            return httpx.Response(404, text="<html>Not found</html>", headers={"Content-Type": "text/html"})
        if request.headers.get("Authorization") not in {self.token, f"Bearer {self.token}"}:
            return httpx.Response(
                401, text="<html><body>401 Unauthorized</body></html>", headers={"Content-Type": "text/html"}
            )
        try:
            return self._filter(_first_values(request))
        except ValueError as error:
            body = {"status": 1, "statusCode": 400, "error": {"message": str(error), "hresult": -2147024809}}
            return httpx.Response(400, json=body)

    def _login(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body.get("userName") == self.user_name and body.get("password") == self.password:
            token = {"expires": "2030-01-01T00:00:00.0000000+03:00", "token": self.token}
            return httpx.Response(201, json={"count": 1, "response": token, "status": 0, "statusCode": 201})
        error = {"message": "User authentication failed", "hresult": -2146233087, "data": {}}
        return httpx.Response(500, json={"status": 1, "statusCode": 500, "error": error})

    def _date(self, text: str) -> dt.datetime:
        """A bound as the server reads it (``ApiDateTime.Parse``): with an offset, that instant; without, the
        portal's wall-clock time with the zone's offset there, its standard offset where a change makes the time
        skipped or repeated (``TimeZoneInfo.GetUtcOffset``); in UTC."""
        value = dt.datetime.fromisoformat(text)
        if value.tzinfo is None:
            earlier, later = value.replace(tzinfo=self._zone, fold=0), value.replace(tzinfo=self._zone, fold=1)
            value = earlier if earlier.utcoffset() == later.utcoffset() or not earlier.dst() else later
        return value.astimezone(dt.UTC)

    def _filter(self, query: dict[str, str]) -> httpx.Response:
        rows = [(invoice, self._fields_of(invoice)) for invoice in self.invoices]
        conditions = 0
        if "status" in query:
            conditions += 1
            rows = [row for row in rows if row[1]["status"] == int(query["status"])]
        for key, field_name in (("issuedate", "issued"), ("duedate", "due")):
            if f"{key}from" in query:
                conditions += 1
                low = self._date(query[f"{key}from"])
                rows = [row for row in rows if row[1][field_name] >= low]
            if f"{key}to" in query:
                conditions += 1
                high = self._date(query[f"{key}to"]) + dt.timedelta(days=1) - dt.timedelta(minutes=1)
                rows = [row for row in rows if row[1][field_name] <= high]
        entity_id = int(query.get("entityid", "0"))
        entity_type = query.get("entitytype", "").lower()
        if entity_id > 0 and entity_type:
            conditions += 1
            if entity_type == "contact":
                rows = [row for row in rows if row[1]["contact_id"] == entity_id]
            else:
                rows = [row for row in rows if row[1]["opportunity"] == entity_id]
        elif entity_id:
            conditions += 0 if conditions else -1_000  # entityid alone: the server's empty list
        if "currency" in query:
            conditions += 1
            rows = [row for row in rows if row[1]["currency"].lower() == query["currency"].lower()]
        if "filtervalue" in query:
            words = query["filtervalue"].lower().split()
            rows = [row for row in rows if all(any(w.startswith(x) for w in row[1]["words"]) for x in words)]
        if conditions < 0:
            rows = []
        rows = self._sorted(rows, query.get("sortby"), query.get("sortorder"))
        start = max(0, int(query.get("startindex", "0")))
        count = min(self.page_cap or COUNT_MAXIMUM, COUNT_MAXIMUM, max(0, int(query.get("count", COUNT_MAXIMUM))))
        visible = [row for row in rows if row[1]["contact_id"] not in self.hidden_contacts]
        fetched = visible[start : start + count + 1]
        page = fetched if count == 0 else fetched[:count]
        envelope: dict[str, Any] = {}
        if page:
            envelope["count"] = len(page)
        if start:
            envelope["startIndex"] = start
        if len(fetched) > count:
            envelope["nextIndex"] = start + count + 1  # off by one, as on the server
        envelope["total"] = start + len(page) if len(page) < count else len(rows)
        envelope.update(status=0, statusCode=200, response=[invoice for invoice, _ in page])
        return httpx.Response(200, content=json.dumps(envelope).replace("/", "\\/").encode(), headers={
            "Content-Type": "application/json; charset=UTF-8"
        })  # fmt: skip

    def _fields_of(self, invoice: dict[str, Any]) -> dict[str, Any]:
        known = self._fields.get(id(invoice))
        if known is None or known[0] is not invoice:
            known = self._fields[id(invoice)] = (invoice, self._read(invoice))
        return known[1]

    def _read(self, invoice: dict[str, Any]) -> dict[str, Any]:
        contact = invoice["contact"]
        entity = invoice["entity"]
        return {
            "status": invoice["status"]["id"],
            "issued": dt.datetime.fromisoformat(invoice["issueDate"]),
            "due": dt.datetime.fromisoformat(invoice["dueDate"]),
            "contact_id": contact["id"] if contact else None,
            "contact_name": contact["displayName"].lower() if contact else None,
            "opportunity": entity["entityId"] if entity else None,
            "currency": invoice["currency"]["abbreviation"],
            "words": (invoice["number"] + " " + invoice["description"]).lower().split(),
        }

    def _sorted(self, rows: list[Any], sort_by: str | None, sort_order: str | None) -> list[Any]:
        descending = sort_by is not None and sort_order == "descending"
        key = (sort_by or "number").lower()
        by_number = sorted(rows, key=lambda row: row[0]["number"], reverse=descending)
        if key == "number":
            return by_number
        if key == "id":
            return sorted(rows, key=lambda row: row[0]["id"], reverse=descending)
        if key == "contact":  # nulls last in both directions, ties by number ascending
            named = sorted((r for r in rows if r[1]["contact_name"] is not None), key=lambda r: r[0]["number"])
            named.sort(key=lambda row: row[1]["contact_name"], reverse=descending)
            return named + sorted((r for r in rows if r[1]["contact_name"] is None), key=lambda r: r[0]["number"])
        field_name = {"issuedate": "issued", "duedate": "due", "status": "status"}[key]
        # No tie-breaker under LIMIT: equal keys come in any order, a new one on every request.
        shuffled = list(rows)
        self._random.shuffle(shuffled)
        return sorted(shuffled, key=lambda row: row[1][field_name], reverse=descending)
