"""The output formats of each command (a light module: the CLI imports it at start-up)."""

from __future__ import annotations

from enum import StrEnum


class ValidateFormat(StrEnum):
    """Output formats of ``audit validate``."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"


class RunFormat(StrEnum):
    """Output formats of ``audit run`` and ``audit report``."""

    TERMINAL = "terminal"
    PLAIN = "plain"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
    HTML = "html"
    JUNIT = "junit"
    SARIF = "sarif"


class Report(StrEnum):
    """Which report the text formats render."""

    SUMMARY = "summary"
    COMPLIANCE = "compliance"
    ACCOUNTABILITY = "accountability"
    DISTRICT = "district"
    ALL = "all"


class LedgerFormat(StrEnum):
    """Output formats of ``audit ledger``."""

    TERMINAL = "terminal"
    PLAIN = "plain"
    MARKDOWN = "markdown"
    HTML = "html"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"


class DocFormat(StrEnum):
    """Output formats of the commands that print a document for people or for programs
    (``explain``, ``checklists show``)."""

    TEXT = "text"
    JSON = "json"


class SchemaFormat(StrEnum):
    """The one output format of ``audit schema``: ``-o`` names it or takes no extension."""

    JSON = "json"


class HistoryFormat(StrEnum):
    """Output formats of ``audit history`` and ``audit diff``."""

    TERMINAL = "terminal"
    PLAIN = "plain"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
