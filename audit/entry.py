"""The ``audit`` console script: ``--version`` answers before anything heavy is imported."""

import sys


def main() -> None:
    """Run the command line."""
    if sys.argv[1:] == ["--version"]:
        from audit import __version__

        sys.stdout.write(f"tj-audit {__version__}\n")
        return
    from audit.cli import main as cli_main

    cli_main()
