"""Errors that mean "the user gave something mtqa cannot use": exit code 2, one line."""


class MtqaError(Exception):
    """Bad input, config or usage; the CLI prints the message and exits 2."""


class InputError(MtqaError):
    """A file or stream that cannot be read as text to check."""


class ConfigError(MtqaError):
    """A config file or rule pack that is missing, malformed or inconsistent."""


class UnknownSelectorError(ConfigError):
    """A rule selector (``select``, ``ignore``) or a rule key (``severity``) that
    names no rule: its ``setting`` and the ``selector`` as given, for a caller that
    can say where it was given; ``what`` a setting takes (a key of ``severity`` is
    a rule's code or name, no category)."""

    def __init__(
        self, setting: str, selector: str, what: str = "rule code, name or category"
    ) -> None:
        super().__init__(f"{setting}: unknown {what} '{selector}' (see 'mtqa rules')")
        self.setting = setting
        self.selector = selector


class WordListError(MtqaError):
    """A word list that a rule needs (shipped in a dependency) cannot be loaded."""
