"""The filters and options are declared once (TypedDicts) and still show one by one in signatures and ``help()``."""

from __future__ import annotations

import inspect
import pydoc
import re
from collections.abc import Callable
from typing import Any, get_type_hints

import pytest

from onlyoffice_crm import AsyncPortal, Filters, OrderedFilters, Portal, PortalOptions

from .conftest import BASE_URL

METHODS: list[tuple[Callable[..., Any], type]] = [
    (method, keywords)
    for cls in (Portal, AsyncPortal)
    for method, keywords in (
        (cls.invoices, OrderedFilters),
        (cls.page, OrderedFilters),
        (cls.count_invoices, Filters),
        (cls.__init__, PortalOptions),
        (cls.login, PortalOptions),
        (cls.from_env, PortalOptions),
    )
]


@pytest.mark.parametrize(("method", "keywords"), METHODS, ids=lambda value: getattr(value, "__qualname__", ""))
def test_every_declared_keyword_is_a_keyword_only_parameter_with_its_type(
    method: Callable[..., Any], keywords: type
) -> None:
    parameters = inspect.signature(method).parameters
    hints = get_type_hints(keywords)

    assert not [p for p in parameters.values() if p.kind is inspect.Parameter.VAR_KEYWORD]
    for name, hint in hints.items():
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters[name].annotation == hint


def test_help_lists_each_filter_by_name() -> None:
    text = re.sub(".\b", "", pydoc.render_doc(Portal.invoices, renderer=pydoc.TextDoc()))  # without bold

    for name in OrderedFilters.__annotations__:
        assert f"{name}: " in text or f"{name}=" in text


def test_defaults_in_the_signature_are_the_ones_used() -> None:
    parameters = inspect.signature(Portal.__init__).parameters
    portal = Portal(BASE_URL, "token")

    assert parameters["timeout"].default == portal._policy.timeout
    assert parameters["max_retries"].default == portal._policy.max_retries
    assert parameters["max_retry_wait"].default == portal._policy.max_retry_wait
    assert parameters["max_response_bytes"].default == portal._policy.max_response_bytes
    assert parameters["rate_limit"].default == portal._policy.rate_limit
    assert inspect.signature(Portal.invoices).parameters["descending"].default is False


@pytest.mark.parametrize("call", [lambda p: p.invoices(colour="red"), lambda p: p.count_invoices(order_by="id")])
def test_an_unknown_keyword_is_a_type_error_naming_it(call: Callable[[Portal], Any]) -> None:
    with pytest.raises(TypeError, match="is not a filter"):
        call(Portal(BASE_URL, "token"))


def test_an_unknown_option_is_a_type_error_naming_it() -> None:
    with pytest.raises(TypeError, match="'retries' is not an option"):
        Portal(BASE_URL, "token", retries=3)  # type: ignore[call-arg]
