"""The exceptions cleaner raises; the CLI turns each into a one-line message and an exit code."""


class CleanerError(Exception):
    """Base class: anything the user can act on."""


class RuleError(CleanerError):
    """A rule pack is malformed; the message names the file, the rule and the problem."""


class InputError(CleanerError):
    """Input that cannot be read or used."""
