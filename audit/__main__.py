"""Entry point for ``python -m audit``."""

from audit.entry import main

main()
