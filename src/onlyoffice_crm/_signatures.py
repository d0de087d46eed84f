"""Signatures built from one declaration of keywords, so that ``help()`` lists every keyword.

A method written ``def invoices(self, **filters: Unpack[OrderedFilters])`` is typed for editors and type
checkers keyword by keyword, but ``help()`` and ``inspect.signature`` would print ``invoices(**filters)``.
:func:`with_keywords` sets ``__signature__`` with one keyword-only parameter per key of the ``TypedDict``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar, get_type_hints

__all__ = ["with_keywords"]

F = TypeVar("F", bound=Callable[..., Any])


def with_keywords(keywords: type, *, defaults: dict[str, object] | None = None) -> Callable[[F], F]:
    """Replace the ``**`` parameter in the signature of the decorated function by the keys of ``keywords``
    (a ``TypedDict``), each keyword-only with its annotation and default (``None`` unless in ``defaults``)."""
    hints = get_type_hints(keywords)
    given = defaults or {}

    def decorate(function: F) -> F:
        signature = inspect.signature(function)
        parameters = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        expanded = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=given.get(name), annotation=hint)
            for name, hint in hints.items()
        ]
        keyword_only = [p for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY]
        positional = [p for p in parameters if p.kind is not inspect.Parameter.KEYWORD_ONLY]
        function.__signature__ = signature.replace(parameters=[*positional, *expanded, *keyword_only])  # type: ignore[attr-defined]
        return function

    return decorate
