"""``filterValue``: every word must start a space-separated word of the invoice's number or description.

The server builds ``number LIKE 'w%' OR number LIKE '% w%' OR description LIKE ...`` per word
(``AbstractDao.BuildLike``) on ``utf8_general_ci`` columns, so the match ignores case and accents and only a
space starts a word (``000012`` does not match ``INV-000012``).

Words are kept in sorted arrays (folded, UTF-8), so the words with a prefix are one slice found by two binary
searches. A query's words are de-duplicated, words implied by a longer word dropped, the smallest candidate set
materialized first and the others checked only against the survivors; an empty step ends the search.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Positions = npt.NDArray[np.int64]
_ABOVE_ANY_UTF8 = b"\xff"  # no UTF-8 byte is 0xff: prefix + this sorts after every word with the prefix


def fold(text: str) -> str:
    """Case- and accent-insensitive form, as ``utf8_general_ci`` compares (upper case, accents dropped)."""
    if text.isascii():
        return text.upper()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).upper()


def _encoded(text: str) -> bytes:
    return fold(text).encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class WordIndex:
    """The space-separated words of a list of texts ("rows"), sorted, with the row of each and each row's words."""

    words: npt.NDArray[np.bytes_]  # sorted, folded
    owners: npt.NDArray[np.int32]  # the row of each word
    row_starts: npt.NDArray[np.int64]  # row r's word ranks are ranks[row_starts[r]:row_starts[r + 1]]
    ranks: npt.NDArray[np.int32]
    one_word_per_row: bool = False
    """Every row has exactly one word: row r's word rank is ``ranks[r]``."""

    @classmethod
    def of(cls, texts: Sequence[bytes | str]) -> WordIndex:
        """Index these texts (bytes are UTF-8); row r is ``texts[r]``."""
        words: list[bytes] = []
        owners: list[int] = []
        counts: list[int] = []
        for row, text in enumerate(texts):
            decoded = text.decode("utf-8", "surrogatepass") if isinstance(text, bytes) else text
            parts = {_encoded(part) for part in decoded.split(" ") if part}
            words.extend(parts)
            owners.extend([row] * len(parts))
            counts.append(len(parts))
        array = np.array(words, dtype=np.bytes_) if words else np.array([], dtype="S1")
        order = np.argsort(array, kind="stable")
        ranks = np.empty(len(order), dtype=np.int32)
        ranks[order] = np.arange(len(order), dtype=np.int32)
        return cls(
            words=array[order],
            owners=np.array(owners, dtype=np.int32)[order],
            row_starts=np.concatenate(([0], np.cumsum(counts, dtype=np.int64))),
            ranks=ranks,
            one_word_per_row=all(count == 1 for count in counts),
        )

    @classmethod
    def of_unique_words(cls, texts: npt.NDArray[np.bytes_]) -> WordIndex:
        """Index texts that are one word each (no space), vectorized: generated invoice numbers."""
        folded = np.char.upper(texts)
        order = np.argsort(folded, kind="stable").astype(np.int32)
        ranks = np.empty(len(order), dtype=np.int32)
        ranks[order] = np.arange(len(order), dtype=np.int32)
        return cls(
            words=folded[order],
            owners=order,
            row_starts=np.arange(len(texts) + 1, dtype=np.int64),
            ranks=ranks,
            one_word_per_row=True,
        )

    def prefix_range(self, prefix: bytes) -> tuple[int, int]:
        """The slice of :attr:`words` that start with ``prefix`` (folded, UTF-8)."""
        low = int(np.searchsorted(self.words, prefix, "left"))
        high = int(np.searchsorted(self.words, prefix + _ABOVE_ANY_UTF8, "left"))
        return low, high

    def rows_with(self, word_range: tuple[int, int]) -> Positions:
        """The rows having a word in the range, sorted, each once."""
        return np.unique(self.owners[word_range[0] : word_range[1]]).astype(np.int64)

    def rows_match(self, rows: Positions, word_range: tuple[int, int]) -> npt.NDArray[np.bool_]:
        """For each of ``rows``, whether one of its words is in the range (work grows with the rows' words)."""
        if word_range[0] >= word_range[1]:
            return np.zeros(len(rows), dtype=np.bool_)
        if self.one_word_per_row:
            ranks = self.ranks[rows]
            return (ranks >= word_range[0]) & (ranks < word_range[1])
        starts, ends = self.row_starts[rows], self.row_starts[rows + 1]
        lengths = ends - starts
        if len(rows) == 0 or not lengths.any():
            return np.zeros(len(rows), dtype=np.bool_)
        flat = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(lengths.sum())
        ranks = self.ranks[flat]
        hits = (ranks >= word_range[0]) & (ranks < word_range[1])
        owner = np.repeat(np.arange(len(rows)), lengths)
        return np.bincount(owner[hits], minlength=len(rows)) > 0


@dataclass(frozen=True)
class _Term:
    number_range: tuple[int, int]
    description_hit: npt.NDArray[np.bool_]  # per description code
    estimate: int


class TextSearch:
    """Which invoices match every word of a ``filterValue``."""

    def __init__(self, numbers: WordIndex, descriptions: WordIndex, description_codes: npt.NDArray[np.int32]) -> None:
        self._numbers = numbers
        self._descriptions = descriptions
        self._description_codes = description_codes
        # Invoices grouped by description code: code c's invoices are _by_description[starts[c]:starts[c+1]].
        self._by_description = np.argsort(description_codes, kind="stable").astype(np.int32)
        counts = np.bincount(description_codes, minlength=len(descriptions.row_starts) - 1)
        self._description_counts = counts
        self._description_starts = np.concatenate(([0], np.cumsum(counts)))

    def _term(self, word: str) -> _Term:
        key = _encoded(word)
        number_range = self._numbers.prefix_range(key)
        description_rows = self._descriptions.rows_with(self._descriptions.prefix_range(key))
        hit = np.zeros(len(self._description_counts), dtype=np.bool_)
        hit[description_rows] = True
        estimate = number_range[1] - number_range[0] + int(self._description_counts[description_rows].sum())
        return _Term(number_range, hit, estimate)

    def _materialize(self, term: _Term) -> Positions:
        """The invoices matching one word, each once, in no particular order (no sort: it would cost
        more than the rest of a request when a word matches many invoices)."""
        codes = np.flatnonzero(term.description_hit)
        starts = self._description_starts
        pieces = [self._by_description[starts[code] : starts[code + 1]] for code in codes.tolist()]
        low, high = term.number_range
        if high > low:
            # Invoices whose description matched are in already; a row may own several words of the range.
            owners = self._numbers.owners[low:high]
            owners = owners[~term.description_hit[self._description_codes[owners]]]
            pieces.append(owners if self._numbers.one_word_per_row else np.unique(owners))
        if not pieces:
            return np.empty(0, dtype=np.int64)
        return np.concatenate(pieces).astype(np.int64)

    def _keep(self, term: _Term, candidates: Positions) -> Positions:
        keep = term.description_hit[self._description_codes[candidates]]
        rest = np.flatnonzero(~keep)
        if len(rest):
            keep[rest] = self._numbers.rows_match(candidates[rest], term.number_range)
        return candidates[keep]

    def _terms(self, words: Sequence[str]) -> list[_Term]:
        """One term per significant word, smallest first; the words found in no invoice number merged into one
        term over description codes (their conjunction is cheap there, and often far smaller than each)."""
        terms = [self._term(word) for word in significant_words(words)]
        text_only = [term for term in terms if term.number_range[0] >= term.number_range[1]]
        if len(text_only) > 1:
            hit = np.logical_and.reduce([term.description_hit for term in text_only])
            merged = _Term((0, 0), hit, int(self._description_counts[hit].sum()))
            terms = [merged, *(term for term in terms if term.number_range[0] < term.number_range[1])]
        return sorted(terms, key=lambda term: term.estimate)

    def estimate(self, words: Sequence[str]) -> int:
        """An upper bound of the matches (0 means none), without materializing anything."""
        return min((term.estimate for term in self._terms(words)), default=0)

    def matching(self, words: Sequence[str], within: Positions | None = None) -> Positions:
        """Positions of the invoices (among ``within`` if given, in its order) matching every word, each once."""
        terms = self._terms(words)
        if not terms or terms[0].estimate == 0:
            return np.empty(0, dtype=np.int64)
        if within is None:
            candidates, rest = self._materialize(terms[0]), terms[1:]
        else:
            candidates, rest = within, terms
        for term in rest:
            if len(candidates) == 0:
                break
            candidates = self._keep(term, candidates)
        return candidates


def significant_words(words: Sequence[str]) -> list[str]:
    """The words that decide a match: folded, de-duplicated, without those implied by a longer word they start."""
    folded = sorted({fold(word) for word in words if word})
    return [word for word, following in zip(folded, [*folded[1:], ""], strict=True) if not following.startswith(word)]
