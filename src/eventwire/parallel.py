"""Documents spread over worker processes, results in input order.

Each worker loads the pipeline once (``get_pipeline``) and codes chunks of documents with
``nlp.pipe``; at most ``2 * workers`` chunks are in flight, so memory stays bounded however
long the input is.
"""
from __future__ import annotations

import collections
import concurrent.futures as cf
import multiprocessing
import os
import signal
import sys
from typing import Iterable, Iterator, Union

from .errors import InputError
from .model import Article, RawDocument
from .pipeline import Options, get_pipeline

Outcome = Union[Article, InputError]
CHUNK = 8


def raw_documents(inputs: Iterable, max_bytes: int) -> Iterator[Union[RawDocument, InputError]]:
    """Paths (files, directories, "-") and RawDocuments -> RawDocuments or InputErrors."""
    from . import ingest

    for item in inputs:
        if isinstance(item, RawDocument):
            yield item
        else:
            yield from ingest.read_paths([os.fspath(item)], max_bytes)


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _work(options: Options, chunk: list) -> list[Outcome]:
    return list(get_pipeline(options).run(chunk))


def _warm(options: Options) -> None:
    _die_with_parent()
    get_pipeline(options)


def _die_with_parent() -> None:
    """On Linux, a worker is killed when its parent dies (even by kill -9): no orphans left coding."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def run(inputs: Iterable, options: Options, workers: int = 1) -> Iterator[Outcome]:
    """Code every document of ``inputs``; yields outcomes in input order."""
    raws = raw_documents(inputs, options.max_bytes)
    if workers <= 1:
        yield from get_pipeline(options).run(raws)
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with cf.ProcessPoolExecutor(workers, mp_context=context, initializer=_warm,
                                initargs=(options,)) as pool:
        in_flight: collections.deque = collections.deque()
        for chunk in _chunks(raws, CHUNK):
            in_flight.append(pool.submit(_work, options, chunk))
            while len(in_flight) >= 2 * workers:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
