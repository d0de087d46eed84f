"""Seeded realistic invoices, generated straight into the column model (:mod:`.columns`).

The same seed and time zone give the same invoices. The names and tables here (currencies, companies, the
portal's address) are also what :mod:`.records` builds hand-written invoices from. A field of the spec the
generator does not draw (:func:`generated_fields`) gets the spec example's value, and
:mod:`.spec_gaps` names it.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from itertools import permutations
from typing import Any

import numpy as np
import numpy.typing as npt

from .columns import Bools, Int32s, Int64s, InvoiceData, SharedTable
from .data_file import with_examples
from .fields import field_named, invoice_fields
from .spec_facts import spec_facts
from .wire import DAY_MICROS, EPOCH
from .zone import PortalZone

PORTAL = "https://portal.example.com"
PHOTO_HANDLER = "/Products/CRM/HttpHandlers/filehandler.ashx?action=contactphotoulr&cid={id}&isc={company}&ps={size}"
"""``ContactWrapper.cs:438-439``: one format string, ``BaseAbsolutePath`` keeps its case, a .NET bool is ``True``."""
CURRENCIES: list[dict[str, Any]] = [
    {"title": "Euro", "symbol": "€", "abbreviation": "EUR", "cultureName": "EU", "isConvertable": True,
     "isBasic": True},
    {"title": "US Dollar", "symbol": "$", "abbreviation": "USD", "cultureName": "en-US", "isConvertable": True,
     "isBasic": False},
    {"title": "Pound Sterling", "symbol": "£", "abbreviation": "GBP", "cultureName": "en-GB", "isConvertable": True,
     "isBasic": False},
    {"title": "Czech Koruna", "symbol": "Kč", "abbreviation": "CZK", "cultureName": "cs-CZ", "isConvertable": True,
     "isBasic": False},
    {"title": "Russian Ruble", "symbol": "₽", "abbreviation": "RUB", "cultureName": "ru-RU", "isConvertable": True,
     "isBasic": False},
    {"title": "Japanese Yen", "symbol": "¥", "abbreviation": "JPY", "cultureName": "ja-JP", "isConvertable": False,
     "isBasic": False},
]  # fmt: skip
COMPANIES = ["Northwind Traders", "Contoso Ltd", "Fabrikam", "Tailspin Toys", "Adventure Works",
             "Müller & Söhne GmbH", "Škoda Partners", "Wide World Importers", "Coho Vineyard",
             "Lucerne Publishing", "Café de l'Ouest", "contoso labs", "Élan Vital"]  # fmt: skip
# One contact whose name needs the server's rarer escapes: a character outside the BMP and a control character.
ESCAPED_NAME = "Smiley 😀 Studio\n(HQ)"
FIRST_NAMES = ["Anna", "Jan", "Olga", "John", "María", "Zoë", "Jiří", "Akira", "Léa", "Dmitry", "Sofia", "Lars"]
LAST_NAMES = ["Petrova", "Novák", "Smith", "García", "Dubois", "Tanaka", "Ivanov", "Jensen", "Rossi", "Öztürk"]
JOB_TITLES = ["Sales manager", "Accountant", "Account executive", ""]
OPPORTUNITIES = ["Website redesign", "CRM rollout", "Annual support", "Office move", "Cloud migration",
                 "Training / onboarding", "Hardware refresh", "Brand strategy"]  # fmt: skip
SERVICES = ["design", "development", "consulting", "support", "licences", "hosting", "training", "audit",
            "maintenance", "translation", "Übersetzung", "café", "web/mobile", "integration", "analytics"]  # fmt: skip
LANGUAGES = ["en-US", "de-DE", "fr-FR", "ru-RU", "cs-CZ", "es-ES"]
TERMS = ["Payment is due within 30 days.", "Net 14", ""]
FIRST_DAY = dt.datetime(2019, 1, 1)
DAYS = (dt.datetime(2026, 1, 1) - FIRST_DAY).days
EMPLOYEES = 8
CALLER = 0
"""The employee the portal's token belongs to: private contacts without them in the access list show as null."""


def _employee(rng: random.Random, index: int) -> dict[str, Any]:
    first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index % len(LAST_NAMES)]
    login = f"{first}.{last}".lower().encode("ascii", "ignore").decode()
    employee: dict[str, Any] = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                "displayName": f"{first} {last}"}  # fmt: skip
    title = JOB_TITLES[index % len(JOB_TITLES)]
    if title:
        employee["title"] = title
    employee["avatarSmall"] = "/skins/default/images/default_user_photo_size_32-32.png"
    employee["profileUrl"] = f"{PORTAL}/Products/People/Profile.aspx?user={login}"
    return employee


def photo_url(contact_id: int, is_company: bool, size: int) -> str:
    """The contact photo handler URL the server writes (``ContactWrapper.cs:438-439``: mixed case, ``True``)."""
    return PHOTO_HANDLER.format(id=contact_id, company=str(bool(is_company)), size=size)


def _contact(rng: random.Random, contact_id: int, employees: list[dict[str, Any]]) -> tuple[dict[str, Any], bool]:
    """A contact as the caller's API answer shows it, and whether the caller may see it."""
    is_company = rng.random() < 0.5
    if contact_id == 100:
        is_company, name = True, ESCAPED_NAME
    elif is_company:
        name = f"{rng.choice(COMPANIES)} {contact_id}"
    else:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    is_private = contact_id != 100 and rng.random() < 0.25
    contact: dict[str, Any] = {"id": contact_id, "smallFotoUrl": photo_url(contact_id, is_company, 1),
                               "mediumFotoUrl": photo_url(contact_id, is_company, 2), "displayName": name,
                               "isCompany": is_company}  # fmt: skip
    visible = True
    if is_private:
        access = rng.sample(range(EMPLOYEES), rng.randint(1, 3))
        visible = CALLER in access or rng.random() < 0.5
        if visible and CALLER not in access:
            access[0] = CALLER
        contact["accessList"] = [employees[index] for index in access]
    share_type = 0 if is_private else rng.choice([0, 0, 1, 2])
    contact["isPrivate"] = is_private
    contact["isShared"] = share_type != 0
    contact["shareType"] = share_type
    contact["currency"] = rng.choice([None, None, *CURRENCIES])
    contact["canEdit"] = True
    contact["canDelete"] = False  # ContactWrapper.cs:442 has the assignment commented out
    return contact, visible


def _descriptions() -> list[str]:
    """Every description the generator writes: one to three distinct services, in order, joined."""
    combos = [combo for size in (1, 2, 3) for combo in permutations(SERVICES, size)]
    return [" and ".join(combo).capitalize() for combo in combos]


def _numbers(ids: Int32s, years: Int64s, sales_order: Bools) -> npt.NDArray[np.bytes_]:
    """``INV-000042`` for most, ``SO/2021/42`` for some: unique per portal, as the server requires."""
    rows = zip(ids.tolist(), years.tolist(), sales_order.tolist(), strict=True)
    texts = [b"SO/%d/%d" % (year, invoice_id) if so else b"INV-%06d" % invoice_id for invoice_id, year, so in rows]
    return np.array(texts, dtype=np.bytes_)


def generate(count: int, seed: int, offset_minutes: int, zone: PortalZone | None = None) -> InvoiceData:
    """``count`` realistic invoices, the same for the same seed and zone, vectorized; a field of the spec the
    generator does not draw (:func:`generated_fields`) is the spec example's value in every invoice. Issue and
    due dates are local midnights of the portal's zone (``zone``, else the fixed ``offset_minutes``)."""
    data = _drawn(count, seed, offset_minutes, zone)
    with_examples(data, [field.name for field in invoice_fields() if field.name not in data.columns])
    return data


def generated_fields() -> frozenset[str]:
    """The spec's invoice fields the generator draws (the others are the example's value)."""
    return frozenset(_drawn(1, 0, 0).columns)


def _drawn(count: int, seed: int, offset_minutes: int, zone: PortalZone | None = None) -> InvoiceData:
    """The invoices with the fields the generator draws (those of the spec among them)."""
    rng = random.Random(seed)
    draw = np.random.default_rng(seed)
    employees = [_employee(rng, index) for index in range(EMPLOYEES)]
    live = max(20, min(count // 8, 40_000))
    contacts = [_contact(rng, 100 + index, employees) for index in range(live)]
    deleted = max(3, live // 20)  # ids of contacts deleted since: invoices keep the id, the API shows null
    opportunities: list[dict[str, Any]] = [{"entityType": "opportunity", "entityId": 1 + index,
                      "entityTitle": f"{rng.choice(OPPORTUNITIES)} #{index + 1}"}
                     for index in range(max(10, min(count // 10, 20_000)))]  # fmt: skip
    descriptions = _descriptions()
    status_titles = spec_facts().status_titles
    statuses = list(status_titles)

    ids = np.arange(1, count + 1, dtype=np.int32)
    status_rows = draw.integers(0, len(statuses), count, dtype=np.int32)
    issue_days = draw.integers(0, DAYS, count, dtype=np.int64)
    due_days = issue_days + draw.integers(0, 61, count, dtype=np.int64)
    midnights = _local_midnights(DAYS + 61, PortalZone.of(offset_minutes) if zone is None else zone)
    issue, due = midnights[issue_days], midnights[due_days]
    created = issue + draw.integers(8 * 3600, 18 * 3600, count, dtype=np.int64) * 1_000_000
    # Whole seconds, as the datetime column holds them (onlyoffice.sql:591): the draw of fractions is kept and
    # dropped, so every other value of a seed stays what it was.
    draw.integers(0, 1_000_000, count, dtype=np.int64)
    first_local = np.datetime64(FIRST_DAY.date(), "D")
    years = (first_local + issue_days).astype("datetime64[Y]").astype(np.int64) + 1970
    numbers = _numbers(ids, years, draw.random(count) < 0.1)

    contact_rows = draw.integers(0, live, count, dtype=np.int32)
    is_deleted = draw.random(count) < 0.05
    contact_ids = np.where(is_deleted, 100 + live + draw.integers(0, deleted, count, dtype=np.int32),
                           100 + contact_rows).astype(np.int32)  # fmt: skip
    contact_rows[is_deleted] = -1
    consignees = np.where(draw.random(count) < 0.3, draw.integers(0, live, count), -1).astype(np.int32)
    entities = np.where(draw.random(count) < 0.6, draw.integers(0, len(opportunities), count), -1).astype(np.int32)
    currencies = draw.integers(0, len(CURRENCIES), count, dtype=np.int32)
    basic = np.array([currency["isBasic"] for currency in CURRENCIES])[currencies]
    exchange_cents = np.where(basic, 100, draw.integers(1, 12_000, count)).astype(np.int64)
    cost_cents = np.where(draw.random(count) < 0.97, draw.integers(0, 2_500_000, count), 0).astype(np.int64)
    # Ranges of description codes by number of services, so every count of services is equally likely.
    sizes = [
        len(SERVICES),
        len(SERVICES) * (len(SERVICES) - 1),
        len(SERVICES) * (len(SERVICES) - 1) * (len(SERVICES) - 2),
    ]
    starts = np.cumsum([0, *sizes[:-1]])
    block = draw.integers(0, 3, count)
    description_codes = (starts[block] + (draw.random(count) * np.array(sizes)[block]).astype(np.int64)).astype(
        np.int32
    )
    purchase_orders = np.where(draw.random(count) < 0.6, 1 + draw.integers(0, 10_000, count), 0).astype(np.int32)
    fields = field_named()
    columns: dict[str, npt.NDArray[Any]] = {
        "id": ids,
        "status": status_rows,
        "number": numbers,
        "issueDate": issue,
        "templateType": (draw.random(count) >= 0.8).astype(np.int32),
        "contact": contact_rows,
        "consignee": consignees,
        "entity": entities,
        "dueDate": due,
        "language": draw.integers(0, len(LANGUAGES), count, dtype=np.int32),
        "currency": currencies,
        "exchangeRate": exchange_cents,
        "purchaseOrderNumber": purchase_orders,
        "terms": draw.integers(0, len(TERMS), count, dtype=np.int32),
        "description": description_codes,
        "fileID": np.where(draw.random(count) < 0.5, draw.integers(1, 5000, count), -1).astype(np.int32),
        "createOn": created,
        "createBy": draw.integers(0, EMPLOYEES, count, dtype=np.int32),
        "cost": cost_cents,
        # What an administrator sees; the renderer computes both for the portal's caller (caller.py).
        "canEdit": np.array(statuses)[status_rows] == 1,
        "canDelete": np.ones(count, dtype=np.bool_),
    }
    tables = {
        fields["status"].table: SharedTable.of([{"id": status, "title": status_titles[status]} for status in statuses]),
        fields["contact"].table: SharedTable.of([contact for contact, _ in contacts]),
        fields["entity"].table: SharedTable.of(opportunities),
        fields["currency"].table: SharedTable.of(CURRENCIES),
        fields["createBy"].table: SharedTable.of(employees),
    }
    texts = {
        "language": LANGUAGES,
        "purchaseOrderNumber": ["", *(f"PO-{number:04d}" for number in range(10_000))],
        "terms": TERMS,
        "description": descriptions,
    }
    return InvoiceData(
        columns={name: column for name, column in columns.items() if name in fields},
        texts={name: values for name, values in texts.items() if name in fields},
        tables=tables,
        nulls={},
        status_ids=np.array(statuses, dtype=np.int32)[status_rows],
        contact_ids=contact_ids,
        contact_names=[contact["displayName"] for contact, _ in contacts],
        contact_visible=np.array([visible for _, visible in contacts], dtype=np.bool_),
        entity_keys=[("opportunity", entity["entityId"]) for entity in opportunities],
        currency_codes=[currency["abbreviation"] for currency in CURRENCIES],
        offset_minutes=offset_minutes,
        zone=zone,
    )


def _local_midnights(days: int, zone: PortalZone) -> Int64s:
    """The instants (UTC microseconds) of the portal's local midnights of :data:`FIRST_DAY` and the ``days``
    after it, each with the offset in force that night."""
    first = (FIRST_DAY - EPOCH) // dt.timedelta(microseconds=1)
    locals_ = [first + day * DAY_MICROS for day in range(days)]
    return np.array([zone.utc_of_local(local) for local in locals_], dtype=np.int64)
