"""Checklists: the TOML format, loading with located errors, linting, and the bundled set."""
