"""Readers: one per format, each yields RawDocument (or InputError for a bad document).

Contract:
    read_paths(paths, max_bytes) -> Iterator[RawDocument | InputError]
        PATH is a file, a directory (recursive, sorted), or "-" for stdin. A file holding
        several documents (JSONL, feeds, WARC) yields one per record, input "PATH:N".
    from_text(text, input="<text>") -> RawDocument
"""
from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator, Union

from ..errors import InputError
from ..model import RawDocument


def from_text(text: str, input: str = "<text>") -> RawDocument:
    return RawDocument(input=input, text=text)


def read_paths(paths: Iterable[str], max_bytes: int = 20_000_000) -> Iterator[Union[RawDocument, InputError]]:
    for path in paths:
        if path == "-":
            yield RawDocument(input="-", text=sys.stdin.read())
        elif os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    yield from read_paths([os.path.join(root, name)], max_bytes)
        else:
            try:
                with open(path, encoding="utf-8") as fh:
                    yield RawDocument(input=path, text=fh.read())
            except (OSError, UnicodeDecodeError) as exc:
                yield InputError(path, str(exc))
