"""Small error tree. Each interface translates these in one place (CLI: one line on stderr)."""


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""


class InputError(EventwireError):
    """A document cannot be read or parsed (binary, empty, undecodable, too large, broken)."""

    def __init__(self, input: str, reason: str):
        super().__init__(f"{input}: {reason}")
        self.input = input
        self.reason = reason

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.input, self.reason))


class ModelNotFound(EventwireError):
    """The spaCy pipeline is not installed."""


class DictionaryError(EventwireError):
    """A user dictionary (--actors FILE) cannot be parsed; message names file and line."""


class StoreError(EventwireError):
    """The database cannot be opened, is locked, or has an unknown schema version."""
