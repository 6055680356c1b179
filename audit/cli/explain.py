"""``audit explain ITEM``: an item's requirement, legal basis, checks and an example."""

from typing import Annotated

import typer

from audit.cli.options import (
    BundledChecklistOpt,
    Color,
    ColorOpt,
    DocFormatOpt,
    LangChoice,
    LangOpt,
    OutputOpt,
    QuietOpt,
    VerboseOpt,
    emit,
    format_for,
    lang_of,
)
from audit.formats import DocFormat


def register(app: typer.Typer) -> None:
    """Add the command to ``app``."""
    from audit.cli import handled

    @app.command("explain")
    @handled
    def explain_cmd(
        item: Annotated[str, typer.Argument(help="Item id, e.g. TJ-ENF-03.", metavar="ITEM")],
        checklist: BundledChecklistOpt = None,
        fmt: DocFormatOpt = None,
        output: OutputOpt = None,
        lang: LangOpt = LangChoice.zh,
        quiet: QuietOpt = False,
        color: ColorOpt = Color.auto,
        verbose: VerboseOpt = 0,
    ) -> None:
        """Explain what an item requires, its legal basis, its checks, and example evidence."""
        import json

        from audit.checklist.explain import explain_text, explanation
        from audit.checklist.library import load_registry
        from audit.checklist.load import find_item
        from audit.reports.blocks import unstarted

        del verbose, quiet, color  # the explanation is the output; nothing coloured
        fmt = fmt or format_for(output, DocFormat, DocFormat.TEXT)
        model, found = find_item(item, checklist)
        registry = load_registry()
        if fmt is DocFormat.JSON:
            data = explanation(found, model, registry, lang_of(lang))
            emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
        else:
            emit(unstarted(explain_text(found, model, registry, lang_of(lang))), output)
