"""Canonical JSON: one byte sequence per document, so that hashes and signatures are reproducible.

UTF-8, keys sorted, no insignificant whitespace, non-ASCII characters as themselves. Only the types
a case document can hold are accepted. Floats are refused outright: their text form differs between
implementations, which would make the same document hash differently on two machines.
"""

from __future__ import annotations

import hashlib
import json

_SCALARS = (str, int, bool, type(None))


def canonical_json(value: object) -> bytes:
    _check(value)
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    # A lone surrogate cannot be encoded, so it raises here (UnicodeEncodeError is a ValueError)
    # rather than producing bytes that another implementation would read differently.
    return text.encode("utf-8")


def content_hash(doc: object) -> str:
    return hashlib.sha256(canonical_json(doc)).hexdigest()


def _check(value: object) -> None:
    # An explicit stack: a hostile, deeply nested value must not exhaust Python's recursion limit.
    stack = [value]
    # Containers already checked are skipped, so a cycle ends here and json.dumps reports it.
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            raise TypeError("floats are not allowed in canonical JSON")
        if type(item) in _SCALARS or id(item) in seen:
            continue
        seen.add(id(item))
        if type(item) is list:
            stack.extend(item)
        elif type(item) is dict:
            for key, child in item.items():
                if type(key) is not str:
                    raise TypeError(f"object keys must be strings, not {type(key).__name__}")
                stack.append(child)
        else:
            raise TypeError(f"{type(item).__name__} is not allowed in canonical JSON")
