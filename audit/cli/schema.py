"""``audit schema``: the JSON Schema of the evidence format."""

from typing import Annotated

import typer

from audit.cli.options import (
    Color,
    ColorOpt,
    LangChoice,
    LangOpt,
    OutputOpt,
    QuietOpt,
    VerboseOpt,
    emit,
    format_for,
    not_empty,
)
from audit.formats import SchemaFormat


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    from audit.cli import handled

    @app.command("schema")
    @handled
    def schema_cmd(
        checklist: Annotated[
            str | None,
            typer.Option(
                "--checklist",
                metavar="ID|FILE",
                help="Checklist id or file: a schema with its names and types.",
                callback=not_empty,
            ),
        ] = None,
        output: OutputOpt = None,
        lang: LangOpt = LangChoice.zh,
        quiet: QuietOpt = False,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Print the JSON Schema of evidence files (generic, or for one checklist)."""
        import json

        from audit.checklist.load import load_checklist
        from audit.evidence.schema import evidence_schema

        del lang, verbose, quiet, color  # the schema is the output
        format_for(output, SchemaFormat, SchemaFormat.JSON)  # -o schema.html: a usage error
        model = load_checklist(checklist).checklist if checklist else None
        emit(json.dumps(evidence_schema(model), ensure_ascii=False, indent=2) + "\n", output)
