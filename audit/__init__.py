"""tj-audit: compliance audits of agency evidence against the Tianjin business-environment rules."""

__version__ = "0.1.0"
