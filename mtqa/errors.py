"""Errors that mean "the user gave something mtqa cannot use": exit code 2, one line."""


class MtqaError(Exception):
    """Bad input, config or usage; the CLI prints the message and exits 2."""


class InputError(MtqaError):
    """A file or stream that cannot be read as text to check."""


class ConfigError(MtqaError):
    """A config file or rule pack that is missing, malformed or inconsistent."""


class WordListError(MtqaError):
    """A word list that a rule needs (shipped in a dependency) cannot be loaded."""
