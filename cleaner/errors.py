"""The exceptions cleaner raises; the CLI turns each into a one-line message and an exit code."""


class CleanerError(Exception):
    """Base class: anything the user can act on."""


class RuleError(CleanerError):
    """A rule pack is malformed; the message names the file, the rule and the problem."""


class InputError(CleanerError):
    """Input that cannot be read or used."""


class DamagedInput(InputError):
    """Compressed input that cannot be read on from some point (truncated, corrupt data)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # the decompressor's words, without the file's name
