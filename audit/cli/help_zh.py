"""``--help`` in Chinese, the default language.

typer and its copy of click write help in English and have no translation hook. Under
``--lang zh`` (the default) :func:`install` makes three small substitutions before any help
is formatted: each command's and option's help text is replaced by its Chinese from
:data:`HELP_ZH` (keyed by the English text, so a help text without a translation stays
English rather than wrong; a test keeps the table complete); click's section names and
"[default: …]" / "[required]" go through :func:`_words`; and the usage line's prefix is
"用法：", as in the usage errors of :mod:`audit.cli.usage`.
"""

from __future__ import annotations

import functools
from typing import Any

HELP_ZH: dict[str, str] = {
    "tj-audit — 天津市营商环境合规审计工具 / compliance audits of agency evidence against the "
    "Tianjin business-environment rules.": (
        "tj-audit — 天津市营商环境合规审计工具："
        "按天津市优化营商环境相关规定，审查各单位提交的证据。"
    ),
    "Show the version and exit.": "显示版本号后退出。",
    "Language of reports and messages (zh|en).": "报告和提示信息的语言（zh|en）。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本，以便复制或自行安装。"
    ),
    "Validate evidence files: format, checklist names and types, references, attachments.": (
        "校验证据文件：格式、检查清单中的名称与类型、引用关系、附件。"
    ),
    "Evidence files or folders (searched for *.json).": "证据文件或文件夹（在其中查找 *.json）。",
    "Checklist id or TOML file (default: the one each evidence file names).": (
        "检查清单代码或 TOML 文件（默认：各证据文件中指明的清单）。"
    ),
    "Output format (default: the --output file's extension, else text).": (
        "输出格式（默认：按 --output 文件的扩展名，否则为 text）。"
    ),
    "Write to FILE (atomically) instead of standard output.": (
        "写入文件 FILE（原子写入），而不是标准输出。"
    ),
    "Skip attachment existence and hash checks.": "跳过附件是否存在及哈希值的核对。",
    "Treat warnings as errors.": "警告也按错误处理。",
    "Parallel workers (default and at most: the cores).": "并行进程数（默认且最多为 CPU 核数）。",
    "Largest evidence file accepted, in MB.": "可接受的证据文件最大体积（MB）。",
    "Colour: auto, always, never (NO_COLOR is honoured).": (
        "颜色：auto、always、never（遵循 NO_COLOR 环境变量）。"
    ),
    "Print only problems.": "只输出问题。",
    "More detail (repeat for more).": "输出更多细节（可重复使用）。",
    "Evaluate and score evidence; print the report; apply the CI gates.": (
        "评价证据并计分；输出报告；执行 CI 门槛。"
    ),
    "Evidence files or folders.": "证据文件或文件夹。",
    "The date the verification speaks for (default: today).": (
        "销号验收所依据的核查日期（默认：今天）。"
    ),
    "The date open deadlines are judged against (default: today).": (
        "判定未办结期限所依据的核查日期（默认：今天）。"
    ),
    "Output format (default: the --output file's extension; else terminal on a TTY, plain "
    "otherwise).": (
        "输出格式（默认：按 --output 文件的扩展名；否则在终端中为 terminal，其他情况为 plain）。"
    ),
    "Which report text formats show: summary, compliance, accountability, district or all "
    "(default: summary on the terminal and in plain text, else all).": (
        "文本格式显示哪份报告：summary、compliance、accountability、district 或 all"
        "（默认：终端和纯文本为 summary，其他格式为 all）。"
    ),
    "Scoring model.": "计分模型。",
    "Tailoring file (TOML): thresholds, points, selection.": "调整文件（TOML）：阈值、分值、选用。",
    "Auditor attestations (JSON or TOML).": "审计人员核实意见文件（JSON 或 TOML）。",
    "Exit 1 if any agency scores below SCORE.": "任一单位得分低于 SCORE 时以 1 退出。",
    "Exit 1 on any finding of this severity or worse.": "出现该严重程度或更严重的问题时以 1 退出。",
    "Name printed on the report cover.": "印在报告封面上的评价人名称。",
    "History database (default: ./.audit/history.sqlite).": (
        "审计历史数据库（默认：./.audit/history.sqlite）。"
    ),
    "Do not store this run in the history.": "不把本次审计存入历史。",
    "Re-render a stored audit result in any format and language.": (
        "以任意格式和语言重新生成已存的审计结果。"
    ),
    "A run id from the history (or latest / previous), or a result JSON file.": (
        "历史中的审计编号（或 latest / previous），或结果 JSON 文件。"
    ),
    "List stored runs, or show score trends (all agencies, or one with --agency).": (
        "列出历次审计，或显示得分趋势（全部单位，或用 --agency 指定一个单位）。"
    ),
    "Score trend of one agency, per section.": "某一单位按章节的得分趋势。",
    "Compare two runs: per agency, items newly failing, resolved, still open, regressed.": (
        "比较两次审计：按单位列出新出现、已解决、仍未解决和得分下降的检查项。"
    ),
    "A run id, or latest / previous.": "审计编号，或 latest / previous。",
    "Write an evidence template for an agency's roles (JSON, or an Excel workbook).\n\n"
    "The template holds exactly what applies to the roles and the period: the facts,\n"
    "record sets, document kinds and items. With --output FILE.json the checklist's JSON\n"
    'Schema is written beside it as <checklist>.schema.json and referenced by "$schema";\n'
    'written to standard output, the template has no "$schema". --from FILE copies an\n'
    'evidence file as it is (its roles, code, period and "$schema" included), to turn it\n'
    "into a workbook or back.": (
        "按单位的角色生成证据模板（JSON，或 Excel 工作簿）。\n\n"
        "模板只包含适用于这些角色和期间的内容：事实、记录集、文书类型和检查项。"
        "使用 --output FILE.json 时，检查清单的 JSON Schema 会写在旁边"
        '（<checklist>.schema.json），并由 "$schema" 引用；输出到标准输出时模板不含 '
        '"$schema"。--from FILE 原样复制一份证据文件（包括其角色、代码、期间和 "$schema"），'
        "用于转换为工作簿或转回 JSON。"
    ),
    "The agency's roles, comma separated (see audit checklists show).": (
        "单位的角色，用逗号分隔（见 audit checklists show）。"
    ),
    "The agency's code, e.g. HQ-SCJG.": "单位代码，如 HQ-SCJG。",
    "Checklist id or TOML file (default: the bundled tianjin-bizenv).": (
        "检查清单代码或 TOML 文件（默认：内置的 tianjin-bizenv）。"
    ),
    "START:END (default: the current half-year).": "START:END（默认：当前半年度）。",
    "Start from an existing evidence file instead of examples.": (
        "以已有的证据文件为基础，而不是示例。"
    ),
    "json or xlsx (default: the --output file's extension, else json).": (
        "json 或 xlsx（默认：按 --output 文件的扩展名，否则为 json）。"
    ),
    "Convert a filled Excel workbook into evidence JSON and validate it.\n\n"
    "The JSON is written only when it is valid: every problem is reported at the\n"
    "workbook cell it comes from (sheet!B12), and nothing is written.": (
        "把填好的 Excel 工作簿转换为证据 JSON 并校验。\n\n"
        "只有校验通过才写出 JSON：每个问题都指明其所在的工作簿单元格（sheet!B12），"
        "有问题时不写出任何文件。"
    ),
    "A filled evidence workbook (.xlsx).": "填好的证据工作簿（.xlsx）。",
    "The evidence JSON to write.": "要写出的证据 JSON 文件。",
    "Run the bundled Hongqiao District 2020-H1 example (illustrative data) end to end.": (
        "完整运行内置的红桥区 2020 年上半年示例（示意数据）。"
    ),
    "Folder for the evidence copy and the reports.": "存放证据副本和报告的文件夹。",
    "Print the JSON Schema of evidence files (generic, or for one checklist).": (
        "输出证据文件的 JSON Schema（通用的，或针对某一检查清单）。"
    ),
    "Checklist id or file: a schema with its names and types.": (
        "检查清单代码或文件：生成包含其名称与类型的 Schema。"
    ),
    "Explain what an item requires, its legal basis, its checks, and example evidence.": (
        "说明检查项的要求、法律依据、检查方法和证据示例。"
    ),
    "Item id, e.g. TJ-ENF-03.": "检查项编号，如 TJ-ENF-03。",
    "text or json (default: the --output file's extension, else text).": (
        "text 或 json（默认：按 --output 文件的扩展名，否则为 text）。"
    ),
    "The rectification ledger (整改台账) across runs.": "历次审计形成的整改台账。",
    "Responsible unit (part of its name).": "责任科室（名称的一部分即可）。",
    "open, in_progress, rectified, closed, overdue (or 待整改, 整改中, 已整改待验收, 已销号, "
    "逾期).": (
        "待整改、整改中、已整改待验收、已销号、逾期"
        "（或 open、in_progress、rectified、closed、overdue）。"
    ),
    "Record the auditor's verification of a rectified finding (销号).": (
        "记录审计人员对已整改问题的验收（销号）。"
    ),
    "Finding id, e.g. HQ-SCJG/TJ-ENF-03.": "问题编号，如 HQ-SCJG/TJ-ENF-03。",
    "The auditor who verified it.": "验收的审计人员。",
    "What the verification rests on.": "验收所依据的材料。",
    "List, show and lint checklists.": "列出、查看和校验检查清单。",
    "List the bundled checklists.": "列出内置的检查清单。",
    "Show a checklist: header, roles, facts, record sets, document kinds and items.": (
        "显示检查清单：清单信息、角色、事实、记录集、文书类型和检查项。"
    ),
    "Checklist id or TOML file.": "检查清单代码或 TOML 文件。",
    "Check checklists: format, names, types, and every citation against the registry.": (
        "校验检查清单：格式、名称、类型，并对照法规库核对每条引用。"
    ),
    "Checklist files (default: the bundled checklists and law registry).": (
        "检查清单文件（默认：内置的检查清单和法规库）。"
    ),
    "Fail on warnings too.": "有警告时也判为不通过。",
    "Show this message and exit.": "显示本帮助后退出。",
    "Output format (default: the --output file's extension, else the terminal's).": (
        "输出格式（默认：按 --output 文件的扩展名，否则为终端格式）。"
    ),
    "critical, major or minor (or 关键, 重要, 一般).": (
        "关键、重要或一般（或 critical、major、minor）。"
    ),
    "Only this agency's findings (its code).": "只列出该单位的问题（单位代码）。",
}

# click's own words in help (section names, what it appends to an option's help).
_WORDS_ZH = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
}


_state = {"installed": False, "zh": False}


def _words(text: str) -> str:
    return _WORDS_ZH.get(text, text) if _state["zh"] else text


def _translated(command: Any, ctx: Any) -> None:
    """The help texts of ``command`` and its options in Chinese, where the table has them."""
    subcommands = getattr(command, "commands", {}).values()  # a group lists its commands
    for holder in (command, *command.get_params(ctx), *subcommands):
        for attribute in ("help", "short_help"):
            text = getattr(holder, attribute, None)
            if isinstance(text, str) and text in HELP_ZH:
                setattr(holder, attribute, HELP_ZH[text])


def install(lang: str) -> None:
    """Word ``--help`` in ``lang``'s language for the command line being run."""
    _state["zh"] = lang == "zh"
    if _state["installed"] or not _state["zh"]:
        return
    _state["installed"] = True
    import importlib

    import typer.core

    click_core = importlib.import_module("typer._click.core")
    formatting = importlib.import_module("typer._click.formatting")
    typer.core._ = _words  # type: ignore[assignment,attr-defined]  # typer's gettext for help words
    original_help = click_core.Command.get_help

    @functools.wraps(original_help)
    def get_help(self: Any, ctx: Any) -> str:
        if _state["zh"]:
            _translated(self, ctx)
        return str(original_help(self, ctx))

    click_core.Command.get_help = get_help
    original_usage = formatting.HelpFormatter.write_usage

    @functools.wraps(original_usage)
    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and _state["zh"]:
            prefix = "用法："
        original_usage(self, prog, args, prefix)

    formatting.HelpFormatter.write_usage = write_usage
