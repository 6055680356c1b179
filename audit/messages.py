"""The message catalogue: every diagnostic code with its Chinese and English wording.

Templates use ``str.format`` fields. A ``suggestion`` argument adds a "did you mean" tail, a
``hint`` argument a sentence on what to do. ``expected``/``got`` name types (a tuple lists
alternatives), ``choices`` is a tuple of allowed values, both worded per language. Codes,
paths and ids are never translated.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any

from audit.i18n import Lang

_EXPECTED: dict[str, tuple[str, str]] = {
    "value": ("一个值", "a value"),
    "key": ("用双引号括起的键名", "a key in double quotes"),
    "colon": ("冒号 ':'", "':'"),
    "quote": ("字符串的结束引号", "the closing quote of a string"),
    "comma-or-brace": ("',' 或 '}'", "',' or '}'"),
    "comma-or-bracket": ("',' 或 ']'", "',' or ']'"),
}

_TYPES: dict[str, tuple[str, str]] = {
    "object": ("对象", "an object"),
    "array": ("数组", "an array"),
    "string": ("字符串", "a string"),
    "integer": ("整数", "an integer"),
    "number": ("数字", "a number"),
    "finite": ("有限的数字（不能是 nan 或 inf）", "a finite number (not nan or inf)"),
    "boolean": ("布尔值 true/false", "a boolean (true/false)"),
    "table": ("表（键值对）", "a table (key = value pairs)"),
    "null": ("null", "null"),
    "date": ("日期 YYYY-MM-DD", "a date YYYY-MM-DD"),
    "datetime": ("带时区的日期时间（RFC 3339）", "an RFC 3339 date-time with offset"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # files and encodings
    "file.not-found": ("文件不存在", "no such file"),
    "file.is-directory": (
        "这是一个文件夹，不是证据文件",
        "this is a directory, not an evidence file",
    ),
    "output.unwritable": ("无法写入输出文件：{reason}", "cannot write the output file: {reason}"),
    "output.stdout-unwritable": (
        "无法写入标准输出：{reason}",
        "cannot write to standard output: {reason}",
    ),
    "file.not-regular": (
        "这不是普通文件（而是管道、套接字或设备），不予读取",
        "this is not a regular file (a pipe, socket or device) and is not read",
    ),
    "file.unreadable": (
        "无法读取文件（{reason}）",
        "cannot read the file ({reason})",
    ),
    "file.no-permission": (
        "无法读取文件（{reason}）；请检查文件权限",
        "cannot read the file ({reason}); check its permissions",
    ),
    "file.folder-unreadable": (
        "无法读取文件夹（{reason}），其中的证据文件未检查",
        "cannot read the folder ({reason}), so the evidence in it was not checked",
    ),
    "file.link-loop": (
        "符号链接形成循环（{reason}），无法读取；请修正链接",
        "the symbolic links form a loop ({reason}) and cannot be read; fix the links",
    ),
    "discovery.link-outside": (
        "链接指向所检查文件夹之外的 {target}，未进入检查；如需检查，请在命令行中写出该文件夹",
        "a link to {target}, outside the folder searched: not followed; name that folder "
        "on the command line to check it",
    ),
    "file.empty": (
        "文件为空：证据文件应为一个 JSON 对象",
        "the file is empty; an evidence file is one JSON object",
    ),
    "file.too-large": (
        "文件大小 {size} 字节，超过上限 {limit} 字节；请拆分文件或用 --max-size 提高上限",
        "the file is {size} bytes, over the limit of {limit} bytes; split it or "
        "raise the limit with --max-size",
    ),
    "encoding.gb18030": (
        "文件不是 UTF-8 编码，看起来是 GB18030/GBK（中文 Windows 默认编码）；请转换："
        "iconv -f GB18030 -t UTF-8 {name} > {target}，或在编辑器中另存为 UTF-8",
        "the file is not UTF-8; it looks like GB18030/GBK (the Chinese Windows encoding). "
        "Convert it: iconv -f GB18030 -t UTF-8 {name} > {target}, or save it as "
        "UTF-8 in your editor",
    ),
    "encoding.utf16": (
        "文件是 {encoding} 编码，不是 UTF-8；请转换：iconv -f {encoding} -t UTF-8 {name} > "
        "{target}",
        "the file is {encoding}, not UTF-8; convert it: iconv -f {encoding} -t UTF-8 {name} > "
        "{target}",
    ),
    "encoding.workbook": (
        "这是 Excel 工作簿，不是 JSON 证据文件；请先转换：audit import {name} -o {json}",
        "this is an Excel workbook, not a JSON evidence file; convert it first: "
        "audit import {name} -o {json}",
    ),
    "encoding.binary": (
        "这是 {kind} 格式的二进制文件，不是 JSON 证据文件",
        "this is a binary file ({kind}), not a JSON evidence file",
    ),
    "encoding.invalid-utf8": (
        "不是有效的 UTF-8：字节 0x{byte} 无法解码；请将文件另存为 UTF-8",
        "not valid UTF-8: byte 0x{byte} cannot be decoded; save the file as UTF-8",
    ),
    # JSON syntax
    "json.unexpected-end": (
        "JSON 内容不完整（提前结束），此处应为{expected}；文件可能被截断",
        "unexpected end of JSON, expected {expected}; the file may be truncated",
    ),
    "json.unexpected-char": (
        "此处不应出现字符 {char!r}，应为{expected}",
        "unexpected {char!r}, expected {expected}",
    ),
    "json.string-eol": (
        "字符串在行尾前没有结束引号",
        "string is not closed before the end of the line",
    ),
    "json.bad-escape": ("无效的转义序列 {escape}", "invalid escape sequence {escape}"),
    "json.lone-surrogate": (
        "无效的 Unicode 转义 {escape}：孤立的代理项",
        "invalid Unicode escape {escape}: a lone surrogate",
    ),
    "json.control-in-string": (
        "字符串中含有未转义的控制字符 {codepoint}",
        "unescaped control character {codepoint} in a string",
    ),
    "json.bad-number": ("无效的数字 {token}", "invalid number {token}"),
    "json.number-range": ("数字 {token} 超出可处理的范围", "number {token} is out of range"),
    "json.non-finite": (
        "{token} 不是有效的 JSON：请填写数值（可选字段也可写 null 或省略）",
        "{token} is not valid JSON: write a number (an optional field may be null or left out)",
    ),
    "json.too-deep": (
        "嵌套超过 {limit} 层（路径只显示最外 10 层，位置指向超出处）",
        "nesting deeper than {limit} levels (the path shows the outer 10; the position is "
        "where the limit is passed)",
    ),
    "json.trailing-data": ("JSON 值结束后还有多余内容", "extra data after the JSON value"),
    "json.trailing-comma": ("JSON 不允许末尾逗号", "trailing comma is not allowed in JSON"),
    "json.comment": ("JSON 不允许注释", "comments are not allowed in JSON"),
    "json.single-quote": ("JSON 字符串必须使用双引号", "JSON strings must use double quotes"),
    "json.unquoted-key": ("键名必须用双引号括起", "keys must be strings in double quotes"),
    "json.full-width": (
        "{char!r} 是全角（中文）符号，此处只能用半角：请改为 {ascii!r}（切换到英文输入法输入）",
        "{char!r} is a full-width (Chinese) character where only its ASCII form is allowed: "
        "type {ascii!r} instead (switch the input method to English)",
    ),
    "json.stray-bom": (
        "此处多了一个字节顺序标记（BOM，U+FEFF）：文件开头最多只能有一个，请删除它"
        "（常见于两次另存为“UTF-8 带 BOM”或拼接文件）",
        "a byte-order mark (BOM, U+FEFF) here: a file may begin with one at most; remove it "
        "(saving twice as UTF-8 with BOM, or joining files, leaves one)",
    ),
    "json.duplicate-key": (
        "键 {key!r} 重复（第一次出现在第 {first_line} 行第 {first_col} 列）",
        "duplicate key {key!r} (first at {first_line}:{first_col})",
    ),
    # evidence structure
    "evidence.type": ("应为{expected}，实际为{got}", "expected {expected}, got {got}"),
    "evidence.type-quoted": (
        "应为{expected}，实际为字符串 {value!r}：数字与 true/false 不加引号",
        "expected {expected}, got the string {value!r}: write numbers and true/false without "
        "quotes",
    ),
    "evidence.format": (
        "format 应为 {expected!r}，实际为 {value}",
        "format must be {expected!r}, got {value}",
    ),
    "evidence.missing-key": ("缺少必填字段 {key!r}", "missing required key {key!r}"),
    "evidence.unknown-key": ("未知字段 {key!r}", "unknown key {key!r}"),
    "evidence.path-not-file": (
        "附件路径 {value!r} 没有指向文件：应为证据文件所在文件夹下的相对路径，如 attachments/a.pdf",
        "attachment path {value!r} names no file: give a path relative to the evidence file's "
        "folder, such as attachments/a.pdf",
    ),
    "evidence.empty-string": ("不能为空", "must not be empty"),
    "evidence.untidy-value": (
        "{value!r} 开头或结尾有空格，或含有不可见字符；引用它时若不带这些字符将无法匹配，请删除",
        "{value!r} begins or ends with a space, or holds an invisible character; a reference "
        "to it without them will not match: remove them",
    ),
    "evidence.bad-date": ("不是有效的日历日期（{value}）", "not a calendar date ({value})"),
    "evidence.date-form": (
        "日期应写作 YYYY-MM-DD（半角数字），实际为 {value!r}",
        "a date is written YYYY-MM-DD (ASCII digits), got {value!r}",
    ),
    "evidence.bad-datetime": (
        "日期时间格式不正确（{value}），应写作 2020-07-05T10:00:00+08:00（RFC 3339）",
        "not an RFC 3339 date-time ({value}); write it as 2020-07-05T10:00:00+08:00",
    ),
    "evidence.datetime-offset": (
        "日期时间缺少时区（{value}），例如应写为 2020-07-05T10:00:00+08:00",
        "date-time without a UTC offset ({value}); write e.g. 2020-07-05T10:00:00+08:00",
    ),
    "evidence.integer-range": (
        "整数 {value} 超出 64 位范围",
        "integer {value} is out of the 64-bit range",
    ),
    "evidence.control-char": (
        "文本中含有不可见的控制字符 {codepoint}（{name}），请删除",
        "text contains the invisible control character {codepoint} ({name}); remove it",
    ),
    "evidence.bad-code": (
        "单位代码 {value!r} 无效：只能包含 A-Z a-z 0-9 _ -，长度 1–64",
        "agency code {value!r} is invalid: use A-Z a-z 0-9 _ - only, 1–64 characters",
    ),
    "evidence.unknown-checklist": (
        "未知的检查清单 {id!r}；可用 audit checklists list 查看，或用 --checklist FILE 指定",
        "unknown checklist {id!r}; see audit checklists list, or pass --checklist FILE",
    ),
    "evidence.placeholder": (
        "仍是模板的占位文字 {value!r}，请改为实际内容",
        "still the template's placeholder {value!r}; write the real value",
    ),
    "evidence.example-left": (
        "仍是模板的示例 {value!r}：请换成实际内容，或删除该示例",
        "still the template's example {value!r}: replace it with the real one, or delete it",
    ),
    "evidence.unknown-role": (
        "检查清单未定义角色 {value!r}；可用的角色：{known_zh}",
        "role {value!r} is not declared by the checklist; its roles: {known_en}",
    ),
    "evidence.empty-roles": ("至少需要一个角色", "at least one role is required"),
    "evidence.unknown-fact": (
        "检查清单未定义事实 {key!r}",
        "fact {key!r} is not declared by the checklist",
    ),
    "evidence.unknown-record-set": (
        "检查清单未定义记录集 {key!r}",
        "record set {key!r} is not declared by the checklist",
    ),
    "evidence.unknown-field": (
        "记录集 {set} 没有字段 {key!r}",
        "record set {set} has no field {key!r}",
    ),
    "evidence.unknown-document-kind": (
        "检查清单未定义文书类型 {value!r}",
        "document kind {value!r} is not declared by the checklist",
    ),
    "evidence.unknown-item": (
        "检查清单 {checklist} 中没有检查项 {key!r}",
        "checklist {checklist} has no item {key!r}",
    ),
    "evidence.unknown-claim": (
        "自评结论应为 met（符合）、partly_met（部分符合）、not_met（不符合）或 "
        "not_applicable（不适用），实际为 {value!r}",
        "claim must be met, partly_met, not_met or not_applicable, got {value!r}",
    ),
    "evidence.period-order": (
        "期间开始日 {start} 晚于结束日 {end}",
        "period starts ({start}) after it ends ({end})",
    ),
    "evidence.period-length": (
        "期间起止日相隔 {days} 天，超过上限 366 天",
        "the period's start and end are {days} days apart; at most 366 are allowed",
    ),
    "evidence.duplicate-id": (
        "id {id!r} 重复（与本组第 {ordinal} 条 [{first}] 相同）",
        "id {id!r} is used twice (first at [{first}])",
    ),
    "evidence.missing-location": (
        "文书须填写附件路径（path）或网址（url）其中一项",
        "a document needs a path (attachment) or a url (published)",
    ),
    "evidence.missing-sha256": (
        "请填写附件的 SHA-256 校验值（sha256；可用 sha256sum 文件，或 Windows 的 "
        "certutil -hashfile 文件 SHA256 计算）",
        "an attachment needs its sha256 (compute it with sha256sum FILE, or on Windows "
        "certutil -hashfile FILE SHA256)",
    ),
    "evidence.bad-sha256": (
        "sha256 应为 64 个小写十六进制字符（0–9、a–f）",
        "sha256 must be 64 lowercase hex digits (0–9, a–f)",
    ),
    "evidence.bad-url": (
        "url 应为以 https:// 或 http:// 开头、含主机名且不含空白的网址，实际为 {value!r}",
        "url must be an https:// or http:// address with a host and no blanks, got {value!r}",
    ),
    "evidence.path-absolute": (
        "附件路径 {value!r} 不能是绝对路径，应相对于证据文件所在文件夹",
        "attachment path {value!r} must be relative to the evidence file's folder, not absolute",
    ),
    "evidence.path-too-long": (
        "附件路径过长（{bytes} 字节）：每一级名称最多 255 字节，全长最多 1024 字节：{value!r}",
        "attachment path is too long ({bytes} bytes): at most 255 bytes per name and 1024 in "
        "all: {value!r}",
    ),
    "evidence.path-parent": (
        "附件路径 {value!r} 不能包含 '..'",
        "attachment path {value!r} must not contain '..'",
    ),
    "evidence.path-backslash": (
        "附件路径 {value!r} 应使用 '/' 而不是 '\\'",
        "attachment path {value!r} must use '/', not '\\'",
    ),
    "evidence.path-drive": (
        "附件路径 {value!r} 不能带盘符",
        "attachment path {value!r} must not name a drive",
    ),
    "evidence.path-escapes": (
        "附件路径 {value!r} 经符号链接解析后位于证据文件夹之外",
        "attachment path {value!r} leads outside the evidence folder (through a symbolic link)",
    ),
    "evidence.attachment-missing": (
        "附件 {value!r} 不存在（或用 --no-attachments 跳过附件检查）",
        "attachment {value!r} does not exist (or skip attachment checks with --no-attachments)",
    ),
    "evidence.attachment-not-file": (
        "附件 {value!r} 不是普通文件",
        "attachment {value!r} is not a regular file",
    ),
    "evidence.attachment-unreadable": (
        "无法读取附件 {value!r}（{reason}）",
        "cannot read attachment {value!r} ({reason})",
    ),
    "evidence.attachment-hash": (
        "附件 {value!r} 的 SHA-256 为 {actual}，与登记值不符；文件可能已被替换",
        "attachment {value!r} hashes to {actual}, not the sha256 given; "
        "the file may have been replaced",
    ),
    "evidence.justification-required": (
        "自评为“不适用”（not_applicable）时须填写不适用理由（justification）",
        "a not_applicable claim needs a justification",
    ),
    "evidence.unknown-document": ("没有 id 为 {value!r} 的文书", "no document has id {value!r}"),
    "evidence.decision-kind": (
        "容错免责认定文书 {value!r} 的类型是 {kind}，应为 fault_tolerance_decision",
        "decision document {value!r} is of kind {kind}, not fault_tolerance_decision",
    ),
    "evidence.duplicate-agency": (
        "单位代码 {code!r} 与 {other} 重复；一次审计中每个单位只能有一个证据文件",
        "agency code {code!r} is also used by {other}; one evidence file per agency per run",
    ),
    "evidence.outside-period": (
        "记录集 {set} 有 {count} 条记录的 {field} 不在期间 {start} 至 {end} 内，"
        "检查时不予采用（例如 {ids}）",
        "{count} record(s) of {set} are dated ({field}) outside the period "
        "{start}–{end} and are not used by checks (e.g. {ids})",
    ),
    "evidence.outside-period-matched": (
        "记录集 {set} 有 {count} 条记录的 {field} 不在期间 {start} 至 {end} 内，"
        "不计入对本记录集的检查，但作为覆盖检查的对应记录仍予采用（例如 {ids}）",
        "{count} record(s) of {set} are dated ({field}) outside the period {start}–{end}: "
        "checks of this set leave them out, but they still count as matches of a coverage "
        "check (e.g. {ids})",
    ),
    "evidence.checklist-version": (
        "证据针对检查清单版本 {given}，当前检查清单版本为 {actual}",
        "the evidence answers checklist version {given}; the checklist is version {actual}",
    ),
    "evidence.checklist-other": (
        "证据填报的检查清单是 {given}，本次按 {actual} 校验",
        "the evidence names checklist {given}; validated against {actual}",
    ),
    "evidence.unused-document": (
        "文书 {id!r}（{kind}）未被任何适用的检查项或容错免责申请引用",
        "document {id!r} ({kind}) is used by no applicable item or exemption",
    ),
    "run.as-of-before-period": (
        "核查日期 {as_of} 早于审计期间的开始日期 {start}：期间尚未开始，多数检查无从判断；"
        "请用 --as-of 给出期间开始之后的日期",
        "the as-of date {as_of} is before the audit period starts ({start}): nothing in the "
        "period can be judged yet; give an --as-of date after the start",
    ),
    "evidence.not-evidence": (
        "这是 tj-audit 写出的文件（{format}），不是证据：请把它放在证据文件夹之外"
        "（validate 和 run 会读取文件夹中的每个 .json 文件）",
        "this is a file tj-audit writes ({format}), not evidence: keep it outside the "
        "evidence folders (validate and run read every .json file in them)",
    ),
    "run.mixed-periods": (
        "本次审计的单位属于不同的审计期间：{periods_zh}；排名和平均分跨期间比较，"
        "请确认各证据文件的审计期间无误",
        "the agencies of this run cover different periods: {periods_en}; the ranking and "
        "the mean compare across them: check each evidence file's period",
    ),
    "run.other-checklist": (
        "证据填报的检查清单是 {given}，本次审计按 {actual} 进行；请分开审计或用 --checklist 指定",
        "the evidence answers checklist {given}, this run audits {actual}; "
        "audit them separately or pass --checklist",
    ),
    # history
    "history.open": (
        "无法使用审计历史数据库：{detail_zh}。请用 --db 指定另一个数据库文件"
        "（audit run 也可加 --no-history，不保存历史）",
        "cannot use the history database: {detail_en}. Name another database file with --db "
        "(audit run also takes --no-history, to keep no history)",
    ),
    "history.read-only": (
        "审计历史数据库不可写入（文件或其所在文件夹是只读的）：数据没有损坏；请检查文件权限，"
        "或用 --db 指定可写的数据库文件（audit run 也可加 --no-history，不保存历史）",
        "the history database cannot be written (the file or its folder is read-only); it is "
        "not damaged: check the file's permissions, or name a writable database with --db "
        "(audit run also takes --no-history, to keep no history)",
    ),
    "history.busy": (
        "审计历史数据库正被另一个程序占用，等待 {seconds} 秒后仍未释放：请待其结束后重试",
        "the history database is held by another program and was not released within "
        "{seconds} s: try again once it has finished",
    ),
    "history.newer": (
        "数据库结构版本 {version} 高于本程序支持的 {supported}，请升级 tj-audit",
        "the database schema is version {version}; this tj-audit supports up to {supported}: upgrade tj-audit",
    ),
    "history.unknown-run": (
        "没有编号为 {run} 的审计记录（已存：{known}；也可写 latest 或 previous）",
        "the history has no run {run} (stored: {known}; latest and previous work too)",
    ),
    "history.no-previous": (
        "历史记录中只有一次审计（第 {run} 次），没有 previous：再运行一次 audit run 后才能比较",
        "the history holds one run only (run {run}), so there is no previous: compare after "
        "another audit run",
    ),
    "history.run-damaged": (
        "历史记录中第 {run} 次审计的存储结果已损坏，无法读取（{detail}）：请从备份恢复数据库，"
        "或重新运行该次审计",
        "the stored result of run {run} is damaged and cannot be read ({detail}): restore the "
        "database from a backup, or run that audit again",
    ),
    "history.unknown-agency": (
        "历史记录中没有单位 {agency} 的审计",
        "the history has no run for agency {agency}",
    ),
    "history.empty-file": (
        "该审计历史数据库文件是空的，尚无任何记录：先运行 audit run --db 保存一次审计",
        "the history database file is empty, no run is recorded yet: run audit run --db "
        "to store one",
    ),
    "history.missing": (
        "这里没有审计历史数据库：先运行 audit run，或用 --db 指明数据库",
        "no history database here: run audit run first, or name the database with --db",
    ),
    "history.empty": (
        "历史记录为空：先运行 audit run",
        "the history is empty: run audit run first",
    ),
    "ledger.before-runs": (
        "台账按 {as_of} 判断，但第 {run} 次审计的核查日期是 {run_as_of}：这些较晚的审计结果也计入了台账，"
        "状态并非 {as_of} 当天的情况",
        "the ledger is judged on {as_of}, but run {run} was audited as of {run_as_of}: later "
        "runs count too, so the statuses are not those of {as_of} itself",
    ),
    "ledger.unknown-finding": ("台账中没有问题 {id!r}", "the ledger has no finding {id!r}"),
    "ledger.close-in-future": (
        "问题 {id} 的销号验收日期 {as_of} 晚于今天（{today}）：--as-of 应为验收所依据的日期",
        "finding {id}: the verification is dated {as_of}, after today ({today}); --as-of is "
        "the day the verification speaks for",
    ),
    "ledger.close-too-early": (
        "问题 {id} 在第 {run} 次审计（核查日期 {rectified}）才被发现已整改，"
        "不能以更早的日期 {as_of} 销号",
        "finding {id} was found rectified in run {run} (as of {rectified}); a verification "
        "dated {as_of}, before that, cannot close it",
    ),
    "ledger.still-failing": (
        "问题 {id} 发现后尚未在任何一次审计中通过（最近：第 {run} 次），只有已整改的问题才能销号",
        "finding {id} has not passed in any run since it was found (latest: run {run}); only "
        "rectified findings can be closed",
    ),
    "ledger.already-closed": (
        "问题 {id} 已于 {at} 由 {by} 销号",
        "finding {id} was already closed on {at} by {by}",
    ),
    "ledger.too-long": (
        "{option} 超过 {limit} 个字符（台账工作簿单元格的上限）：请写明要点，详细材料放在证据文件中",
        "{option} is longer than {limit} characters (what a cell of the ledger workbook holds): "
        "state the gist, and keep the details in the evidence files",
    ),
    "ledger.hidden-text": (
        "{option} 含有控制字符或双向文本控制符 {char}：它们在报告中不可见，请删去",
        "{option} holds the control or bidi character {char}: it shows nothing in a report; "
        "remove it",
    ),
    "ledger.blank": (
        "{option} 不能为空：销号须写明验收人（--by）和验收依据（--evidence）",
        "{option} must not be blank: a closure names who verified it (--by) and on what "
        "evidence (--evidence)",
    ),
    # auditor files
    "attestation.unused": (
        "{agency} 的 {item} 核实意见未被采用：本次审计没有该单位的有效证据",
        "the attestation for {agency} {item} was not used: this run audited no valid evidence "
        "of that agency",
    ),
    "attestation.superseded": (
        "{agency} 的 {item} 检查 {check} 的核实意见不影响结论：该检查项另有针对整项的核实意见，以其为准",
        "the verdict on {agency} {item} check {check} decides nothing: a verdict on the whole "
        "item sets its outcome",
    ),
    "attestation.not-applied": (
        "{agency} 的 {item} 核实意见未被采用：该检查项不适用于该单位（{why_zh}）",
        "the attestation for {agency} {item} was not used: the item does not apply to that "
        "agency ({why_en})",
    ),
    "attestation.conflict": (
        "{agency} 的 {item}{check} 已有核实意见（{first}），两条结论不一致；请删去其中一条",
        "{agency} {item}{check} already has a verdict ({first}) and the two disagree; remove one",
    ),
    "attestation.repeated": (
        "{agency} 的 {item}{check} 的核实意见重复（同 {first}），仅采用一次",
        "the verdict for {agency} {item}{check} repeats {first} and counts once",
    ),
    "attestation.expired": (
        "{agency} 的 {item} 核实意见已于 {expires} 过期，不予采用",
        "the attestation for {agency} {item} expired on {expires} and is ignored",
    ),
    # workbooks
    "usage.blank-text": (
        "为空（或只有空白、不可见字符）：{value!r}；请写明",
        "blank (spaces or invisible characters only): {value!r}; write it out",
    ),
    "usage.hidden-text": (
        "含有控制字符或双向文本控制符 {char}：它们在报告中不可见，请删去",
        "holds the control or bidi character {char}: it shows nothing in a report; remove it",
    ),
    "usage.db-not-a-file": (
        "{value!r} 不是普通文件（设备或管道），不能作为审计历史数据库",
        "{value!r} is not a regular file (a device or a pipe): no history database can be there",
    ),
    "usage.name-too-long": (
        "文件名过长（{bytes} 字节）：{name}；每级名称最多 255 字节，整条路径最多 4096 字节",
        "the file name is too long ({bytes} bytes): {name}; at most 255 bytes per name and "
        "4096 for the whole path",
    ),
    "usage.unusable-name": (
        "无法查找该路径（{reason}）：{value!r}",
        "cannot look up this path ({reason}): {value!r}",
    ),
    "workbook.empty": ("必填单元格为空，请填写", "required cell is empty; fill it in"),
    "workbook.early-date": (
        "日期单元格中的 {value} 早于 1900-03-01：Excel 对此前的日期序号计算有误，无法确定原意；"
        "请将该单元格设为文本，并写作 YYYY-MM-DD",
        "the date cell holds {value}, before 1900-03-01, where Excel's day numbers are off: "
        "what was meant cannot be told; make the cell text and write the date as YYYY-MM-DD",
    ),
    "workbook.merged": (
        "该单元格属于合并单元格 {cells}，只有第一格有值：请取消合并，并在每一格中填写",
        "the cell is one of the merged cells {cells}, and only the first holds the value: "
        "unmerge them and fill in every cell",
    ),
    "workbook.error-value": (
        "单元格是 Excel 错误值 {error}（公式出错）：请改正公式，或直接填写数值",
        "the cell holds the Excel error {error} (a formula failed): correct the formula, or "
        "type the value",
    ),
    "workbook.formula-uncomputed": (
        "公式 {formula} 没有计算结果（保存工作簿时未重新计算）：请在 Excel 或 WPS 中打开并保存，"
        "或直接填写数值",
        "the formula {formula} has no computed value (the workbook was saved without "
        "calculating it): open and save it in Excel or WPS, or type the value",
    ),
    "workbook.date": (
        "不是日期（{value}），请按 2020-03-05 或 2020年3月5日 填写",
        "not a date ({value}); use YYYY-MM-DD",
    ),
    "workbook.datetime": (
        "不是日期时间（{value}），请按 2020-07-05 10:00 填写",
        "not a date-time ({value}); use YYYY-MM-DD HH:MM",
    ),
    "workbook.boolean": (
        "应为 TRUE/FALSE（是/否），实际为 {value!r}",
        "not a boolean ({value!r}); use TRUE or FALSE",
    ),
    "workbook.integer": (
        "不是整数（{value}）：只填数字，不带单位或文字，如 5",
        "not a whole number ({value}): digits only, no unit or words, e.g. 5",
    ),
    "workbook.number": (
        "不是数字（{value}）：只填数字，不带单位或文字，小数点用“.”、逗号只作千位分隔，"
        "如 12.5 或 1,200.5",
        "not a number ({value}): digits only, no unit or words, a point for decimals and "
        "commas only between thousands, e.g. 12.5 or 1,200.5",
    ),
    "workbook.sheet-missing": ("缺少工作表 {sheet}", "the sheet {sheet} is missing"),
    "workbook.time-dropped": (
        "该字段是日期：只保留日期 {day}，时间 {time} 不导入",
        "the field is a date: the day {day} is kept, the time {time} is not imported",
    ),
    "workbook.long-number": (
        "该单元格是数字 {value}：Excel 只保留 15 位有效数字，更长的编号会被改动；请以文本输入（前加 '）",
        "the cell is the number {value}: Excel keeps only 15 significant digits, so a longer "
        "id or code is changed; type it as text (begin it with ')",
    ),
    "workbook.column-absent": (
        "工作表 {sheet} 没有 {key} 列（模板中有）：该列的内容按未填写处理；若是误删，请从模板中恢复",
        "the sheet {sheet} has no column {key} (the template has one): its values count as "
        "not filled in; if it was deleted by mistake, copy it back from the template",
    ),
    "workbook.sheet-absent": (
        "没有工作表 {sheet}（本单位的模板中有）：其中的内容按未提交处理；若是误删，请从模板中恢复",
        "there is no sheet {sheet} (the agency's template has one): what it holds counts as "
        "not submitted; if it was deleted by mistake, copy it back from the template",
    ),
    "workbook.duplicate-id": (
        "id {id!r} 重复（与 {cell} 相同）",
        "id {id!r} is used twice (first at {cell})",
    ),
    "workbook.duplicate-row": (
        "{key!r} 重复（已见于 {first}），后一行会覆盖前一行：请删除一行",
        "{key!r} is given twice (first at {first}); the later row would replace the earlier: "
        "delete one",
    ),
    "workbook.duplicate-column": (
        "字段 {key!r} 有两列（已见于 {first}），只能读取一列：请删除一列",
        "field {key!r} has two columns (first at {first}); only one could be read: delete one",
    ),
    "workbook.number-not-carried": (
        "该数值无法在工作簿单元格中原样保存（有效数字超过 15 位，或不是有限数），转换后会改变，"
        "未生成工作簿：请先改正（如取到 15 位有效数字以内）",
        "this number cannot be kept as it is in a workbook cell (more than 15 significant "
        "digits, or not finite) and would change, so no workbook was written: correct it "
        "first (round it to 15 significant digits or fewer)",
    ),
    "workbook.text-trimmed": (
        "这段文字首尾的空白或回车符不会随工作簿导入回来（导入时会去掉单元格首尾的空白）",
        "the spaces or carriage returns around this text will not come back when the workbook "
        "is imported (import trims what is around a cell's value)",
    ),
    "workbook.text-not-carried": (
        "这段文字无法原样放入工作簿单元格（含有控制字符，或超过 32767 个字符），未生成工作簿："
        "请先改正（audit validate 会指出控制字符）",
        "this text cannot be kept as it is in a workbook cell (it holds a control character, "
        "or more than 32767 characters), so no workbook was written: correct it first (audit "
        "validate names control characters)",
    ),
    "workbook.not-carried": (
        "工作簿中没有这一项的位置（检查清单没有这个名称），转换后会丢失，未生成工作簿："
        "请先改正或删除（audit validate 会指出问题）",
        "this has no place in the workbook (the checklist has no such name) and would be "
        "lost, so no workbook was written: correct or remove it first (audit validate names "
        "the problem)",
    ),
    "workbook.unknown-sheet": (
        "工作表 {sheet!r} 不是模板中的工作表，其内容不会被导入：请改回原名（记录集的工作表以其代码命名），"
        "自用的工作表请以 x- 开头命名",
        "sheet {sheet!r} is not one of the template's sheets and would not be imported: rename "
        "it back (a record set's sheet is named by its code), or start the name of a sheet of "
        "your own with x-",
    ),
    "workbook.unknown-key": (
        "A 列的 {key!r} 不是本表的字段代码，该行不会被导入：请改回模板中的字段代码，或删除该行",
        "{key!r} in column A is not a key of this sheet, so the row would not be imported: "
        "restore the template's key, or delete the row",
    ),
    "workbook.unnamed-row": (
        "该行有内容但 A 列没有字段代码，不会被导入：请填回字段代码，或删除该行",
        "this row has a value but no key in column A, so it would not be imported: restore "
        "the key, or delete the row",
    ),
    "workbook.unknown-column": (
        "第 1 行的 {key!r} 不是本表的字段代码，该列内容不会被导入：请改回模板中的字段代码"
        "（第 1 行请勿修改），自用的列请以 x- 开头命名并按 JSON 填写",
        "{key!r} in row 1 is not a field of this sheet, so the column would not be imported: "
        "restore the template's key (row 1 must not change), or start the name of a column "
        "of your own with x- and fill it with JSON values",
    ),
    "workbook.unknown-column-no-x": (
        "第 1 行的 {key!r} 不是本表的字段代码，该列内容不会被导入：请改回模板中的字段代码"
        "（第 1 行请勿修改），或删除该列",
        "{key!r} in row 1 is not a field of this sheet, so the column would not be imported: "
        "restore the template's key (row 1 must not change), or delete the column",
    ),
    "workbook.unnamed-column": (
        "该列有内容但第 1 行没有字段代码，不会被导入：请填回字段代码，或删除该列",
        "this column has values but no key in row 1, so it would not be imported: restore "
        "the key, or delete the column",
    ),
    "workbook.not-written": (
        "{workbook}：共 {count} 处错误，未生成 {output}；请修改后重新导入",
        "{workbook}: {count} error(s); {output} not written",
    ),
    "workbook.written": ("已生成证据文件 {output}", "{output}: written"),
    "workbook.json": (
        "不是 JSON 值（{value}）；扩展字段（x-）按 JSON 填写，文字须加英文双引号",
        "not a JSON value ({value}); extension (x-) cells hold JSON: text in double quotes",
    ),
    "workbook.unreadable-sheet": (
        "工作表 {sheet} 无法读取（{detail}），其中的内容没有导入：文件可能已损坏，请在 Excel 或 WPS "
        "中打开后另存为新的 .xlsx 文件",
        "sheet {sheet} cannot be read ({detail}) and nothing in it was imported: the file may "
        "be damaged; open it in Excel or WPS and save it as a new .xlsx file",
    ),
    "workbook.sheet-part-missing": (
        "工作簿列有工作表 {sheet}，但文件中缺少它的内容，没有导入：文件已损坏，请在 Excel 或 WPS "
        "中打开后另存为新的 .xlsx 文件",
        "the workbook lists sheet {sheet}, but its contents are missing from the file and "
        "nothing of it was imported: the file is damaged; open it in Excel or WPS and save it "
        "as a new .xlsx file",
    ),
    "workbook.bad-cell": (
        "单元格无法读取（{detail}）：请重新输入该单元格",
        "the cell cannot be read ({detail}): type the cell again",
    ),
    "workbook.date-serial": (
        "单元格设为日期格式，但其数值 {value} 超出日期范围：请输入 YYYY-MM-DD 格式的日期",
        "the cell is formatted as a date, but its value {value} is beyond the dates a workbook "
        "holds: type the date as YYYY-MM-DD",
    ),
    "workbook.unreadable": (
        "无法读取工作簿（{detail_zh}）：请确认这是 .xlsx 文件；若已损坏，请在 Excel 或 WPS 中打开后"
        "另存为新的 .xlsx 文件",
        "cannot read the workbook ({detail}): check that it is an .xlsx file; if it is damaged, "
        "open it in Excel or WPS and save it as a new .xlsx file",
    ),
    "workbook.unsafe-xml": (
        "工作簿含有 XML 文档类型声明或实体定义（Excel 从不写入），为安全起见拒绝读取；"
        "请在 Excel 中打开后另存为新的 .xlsx 文件",
        "the workbook contains an XML document type declaration or entities, which Excel never "
        "writes; refused for safety: open it in Excel and save it as a new .xlsx file",
    ),
    # command line
    "usage.unknown-item": ("没有检查项 {id!r}", "no item {id!r}"),
    "usage.missing-path": ("文件或文件夹不存在：{paths}", "no such file or folder: {paths}"),
    "report.too-large": (
        "文件超过 {mb} MB，不是审计结果文件（是否给错了文件？）",
        "the file is larger than {mb} MB: no result file is (the wrong file?)",
    ),
    "report.history-given": (
        "这是审计历史数据库，不是结果文件；请写明审计编号：audit report 编号 --db {db}",
        "this is a history database, not a result file; give a run id: audit report ID --db {db}",
    ),
    "report.folder-given": (
        "这是文件夹，不是结果文件；请给出 tj-audit/result@1 JSON 文件或审计编号",
        "this is a folder, not a result file; give a tj-audit/result@1 JSON file or a run id",
    ),
    "report.evidence-given": (
        "这是证据文件（{format}），不是审计结果：先用 audit run 审计它（-f json -o 结果.json "
        "可存下结果），再用 audit report 重新呈现",
        "this is evidence ({format}), not an audit result: audit it with audit run (-f json "
        "-o result.json keeps the result), then re-render that with audit report",
    ),
    "report.not-a-result": (
        "不是结果文件：缺少 format（应为 tj-audit/result@1，由 audit run -f json 写出）",
        "not a result file: no format (tj-audit/result@1, as audit run -f json writes it)",
    ),
    "report.unknown-name": (
        "{value!r} 在本结果文件中没有对应（检查清单目录或被审计单位中没有）；文件可能被改动过，"
        "请用 audit run -f json 重新生成",
        "{value!r} is not in this result's catalogue or agencies; the file may have been "
        "edited: write it again with audit run -f json",
    ),
    "report.one-per-ref": (
        "有 {count} 项，而 refs 有 {expected} 条（每条引用对应一项）；文件可能被改动过，"
        "请用 audit run -f json 重新生成",
        "{count} entries for {expected} refs (one per citation); the file may have been "
        "edited: write it again with audit run -f json",
    ),
    "report.out-of-range": (
        "{value} 超出 {low}–{limit} 的范围；文件可能被改动过，请用 audit run -f json 重新生成",
        "{value} is outside {low}–{limit}; the file may have been edited: write it again "
        "with audit run -f json",
    ),
    "output.blocked-by-file": (
        "无法写入输出文件：{blocking} 是文件，不是文件夹",
        "cannot write the output file: {blocking} is a file, not a folder",
    ),
    "report.negative": (
        "{value} 不应为负数；文件可能被改动过，请用 audit run -f json 重新生成",
        "{value} cannot be negative; the file may have been edited: write it again with "
        "audit run -f json",
    ),
    "report.not-text": (
        "不是结果文件（tj-audit/result@1 JSON）：内容不是 UTF-8 文本",
        "not a result file (tj-audit/result@1 JSON): the content is not UTF-8 text",
    ),
    "usage.output-only": (
        "{file}：本命令只输出 {format} 格式，不能写成 {suffix} 文件；请换用 .{format} 扩展名",
        "{file}: this command writes {format} only, not a {suffix} file; name the file .{format}",
    ),
    "usage.output-format": (
        "{file}：本命令不能输出 {suffix} 格式；请用 --format 指定（{choices}）或换用其他扩展名",
        "{file}: this command writes no {suffix} file; choose one with --format ({choices}) "
        "or another extension",
    ),
    "usage.empty-file": (
        "文件名为空：{value!r}；请给出文件（变量未设置？）",
        "empty file name: {value!r}; give a file (an unset variable?)",
    ),
    "usage.empty-output": (
        "输出文件夹为空：{value!r}；请给出文件夹（变量未设置？）",
        "empty output folder: {value!r}; give a folder (an unset variable?)",
    ),
    "usage.output-is-attachment": (
        "--output {output} 是 {evidence} 登记的附件，写入会替换它（其哈希将无法核验）：请另选输出文件",
        "--output {output} is an attachment {evidence} names: writing would replace it (and its "
        "hash would no longer verify); choose another output file",
    ),
    "usage.output-is-input": (
        "--output {output} 就是本命令读取的文件 {input}，写入会覆盖它：请另选输出文件",
        "--output {output} is {input}, which this command reads: writing would replace it; "
        "choose another output file",
    ),
    "usage.file-is-folder": ("{value!r} 是文件夹，不是文件", "{value!r} is a folder, not a file"),
    "usage.folder-is-file": ("{value!r} 是文件，不是文件夹", "{value!r} is a file, not a folder"),
    "demo.not-ours": (
        "{folder} 中有不属于演示的文件（{files}），演示会替换该文件夹；请换一个 --output 文件夹",
        "{folder} holds files that are not the demo's ({files}), and the demo replaces that "
        "folder: give another --output folder",
    ),
    "demo.history-not-ours": (
        "{history} 中有演示之外的记录（{runs} 次其他审计，{closures} 条销号记录），"
        "演示每次都会重建该历史库；请换一个 --output 文件夹",
        "{history} holds what the demo did not store ({runs} other audit run(s), {closures} "
        "closure(s)), and the demo makes that history afresh: give another --output folder",
    ),
    "demo.history-foreign": (
        "{history} 不是 tj-audit 的历史库，演示每次都会重建该文件；请换一个 --output 文件夹",
        "{history} is not a tj-audit history, and the demo makes that file afresh: give "
        "another --output folder",
    ),
    "usage.empty-path": (
        "路径为空：{value!r}；请给出证据文件或文件夹（变量未设置？）",
        "empty path: {value!r}; give an evidence file or folder (an unset variable?)",
    ),
    "usage.empty-value": (
        "值为空：{value!r}；请给出检查清单 id 或文件",
        "empty: {value!r}; give a checklist id or file",
    ),
    "usage.not-a-date": (
        "不是 YYYY-MM-DD 形式的日期：{value!r}",
        "not a date YYYY-MM-DD: {value!r}",
    ),
    "usage.not-a-period": (
        "不是 START:END 形式的两个日期（YYYY-MM-DD:YYYY-MM-DD）：{value!r}",
        "not START:END dates (YYYY-MM-DD:YYYY-MM-DD): {value!r}",
    ),
    "checklist.unit-missing": (
        '期限 {within} 未写明 unit，按自然日计算：请写 unit = "days" 或 "working_days"',
        "the limit {within} gives no unit and is counted in calendar days: write "
        'unit = "days" or "working_days"',
    ),
    "usage.output-is-schema": (
        "{output} 是模板旁 JSON Schema 文件的名称，写入的模板会被它覆盖：请另选文件名",
        "{output} is the name of the JSON Schema written beside the template, which would "
        "replace the template: choose another file name",
    ),
    "init.kept-aside": (
        "{output} 已存在：原有内容另存为 {kept}",
        "{output} existed: its content is kept as {kept}",
    ),
    "usage.xlsx-needs-output": (
        "--format xlsx 需要 --output 文件.xlsx（工作簿不写到标准输出）",
        "--format xlsx needs --output FILE.xlsx (a workbook is not written to standard output)",
    ),
    "config.unknown-checklist-named": (
        "证据文件（如 {file}）写明的检查清单 {id!r} 不是内置清单；请用 --checklist 文件 指定该清单",
        "the evidence ({file}, for one) names checklist {id!r}, which is not bundled: pass its "
        "file with --checklist FILE",
    ),
    "config.no-checklist-named": (
        "没有证据文件写明已知的检查清单；请用 --checklist ID|文件 指定",
        "no evidence file names a known checklist; pass --checklist ID|FILE",
    ),
    "validate.no-files": (
        "没有找到证据文件（*.json）：请检查给出的路径",
        "no evidence file (*.json) was found under the paths given; check them",
    ),
    "history.disk-full": (
        "审计历史数据库无法写入：磁盘已满（数据库本身未损坏，本次未写入任何内容）；请腾出空间后重试",
        "the disk is full, so the history database cannot be written (the database itself is "
        "not damaged, and nothing was written to it): free some space and try again",
    ),
    "history.damaged": (
        "审计历史数据库已损坏，无法读取（{detail_zh}）：请从备份恢复，或用 --db 另建一个",
        "the history database is damaged and cannot be read ({detail_en}): restore it from a "
        "backup, or start another with --db",
    ),
    "usage.init-needs": (
        "audit init 需要 --roles 和 --agency-code（或 --from 文件）",
        "audit init needs --roles and --agency-code (or --from FILE)",
    ),
    "usage.init-from-with": (
        "--from 按原样沿用该证据文件，不能同时使用 {options}；请在文件中修改，或不带 --from 生成新模板",
        "--from takes the evidence file as it is and cannot be combined with {options}; "
        "change them in the file, or make a new template without --from",
    ),
    # checklists, law registry, auditor files
    "toml.syntax": ("TOML 语法错误：{detail}", "TOML syntax error: {detail}"),
    "toml.duplicate-key": (
        "键 {key} 已经赋过值：同一张表中每个键只能写一次",
        "key {key} already has a value: each key is written once in a table",
    ),
    "config.too-deep": (
        "嵌套层数过深，无法读取：检查清单、调整文件和核实意见文件只需几层表和数组",
        "nested too deeply to read: checklist, tailoring and attestation files need only a few "
        "levels of tables and arrays",
    ),
    "config.binary": (
        "这是 {kind} 格式的二进制文件，不是 TOML 或 JSON 文本文件",
        "this is a binary file ({kind}), not a TOML or JSON text file",
    ),
    "config.missing-key": ("缺少必填项 {key!r}", "missing required key {key!r}"),
    "config.unknown-key": ("未知的键 {key!r}", "unknown key {key!r}"),
    "config.invalid": ("取值无效：{detail}", "invalid value: {detail}"),
    "config.bad-date": ("不是有效的日历日期（{value}）", "not a calendar date ({value})"),
    "config.type": ("应为{expected}，实际为 {got}", "expected {expected}, got {got}"),
    "config.choice": (
        "取值 {value} 无效，应为 {choices} 之一",
        "invalid value {value}: must be one of {choices}",
    ),
    "config.gt": ("应大于 {limit}，实际为 {got}", "must be greater than {limit}, got {got}"),
    "config.ge": ("应不小于 {limit}，实际为 {got}", "must be at least {limit}, got {got}"),
    "config.lt": ("应小于 {limit}，实际为 {got}", "must be less than {limit}, got {got}"),
    "config.le": ("应不大于 {limit}，实际为 {got}", "must be at most {limit}, got {got}"),
    "config.too-short": (
        "至少需要 {limit} 项，实际为 {actual} 项",
        "needs at least {limit} item(s), got {actual}",
    ),
    "config.too-long": (
        "至多 {limit} 项，实际为 {actual} 项",
        "takes at most {limit} item(s), got {actual}",
    ),
    "config.empty": ("不能为空", "must not be empty"),
    "config.string-too-short": (
        "至少需要 {limit} 个字符",
        "needs at least {limit} character(s)",
    ),
    "config.string-too-long": ("至多 {limit} 个字符", "takes at most {limit} character(s)"),
    "config.pattern": ("{got} 不符合格式 {pattern}", "{got} does not match the pattern {pattern}"),
    "config.pattern-named": ("{got} 无效：应为{form}", "{got} is not valid: write {form}"),
    "config.error": ("取值无效：{detail}", "invalid value: {detail}"),
    "config.unknown-tag": (
        "未知的 {key} {value!r}（可选：{expected}）",
        "unknown {key} {value!r} (one of: {expected})",
    ),
    "config.not-found": ("找不到文件", "file not found"),
    "usage.source-too-large": (
        "文件超过 {mb} MB，不是证据文件（是否给错了文件？）",
        "the file is larger than {mb} MB: no evidence file is (the wrong file?)",
    ),
    "config.too-large": (
        "文件超过 {mb} MB，不是检查清单、调整文件或核实意见文件（是否给错了文件？）",
        "the file is larger than {mb} MB: no checklist, tailoring or attestation file is (the "
        "wrong file?)",
    ),
    "config.unknown-checklist": (
        "未知的检查清单 {id!r}；可用 audit checklists list 查看",
        "unknown checklist {id!r}; see audit checklists list",
    ),
    "law.duplicate": (
        "法规 id {id!r} 重复（另见 {other}）",
        "law id {id!r} is defined twice (also in {other})",
    ),
    "law.id-filename": (
        "法规 id {id!r} 应与文件名 {stem}.toml 一致",
        "law id {id!r} must match the file name {stem}.toml",
    ),
    "law.article-chapter": (
        "第 {article} 条所属的第 {chapter} 章未登记",
        "article {article} names chapter {chapter}, which is not listed",
    ),
    "law.article-range": (
        "第 {article} 条超出该法规的条文范围（共 {total} 条）",
        "article {article} is beyond the law's {total} articles",
    ),
    "law.article-outside-chapter": (
        "第 {article} 条不在所属第 {chapter} 章的条文范围（第 {first}–{last} 条）内",
        "article {article} is not among chapter {chapter}'s articles ({first}–{last})",
    ),
    "law.chapter-range": (
        "第 {chapter} 章的条文范围颠倒：第 {first} 条在第 {last} 条之后",
        "chapter {chapter}'s article range is reversed: {first} comes after {last}",
    ),
    "law.chapter-overlap": (
        "第 {chapter} 章（第 {first}–{last} 条）与第 {other} 章（第 {other_first}–{other_last} 条）"
        "的条文范围重叠",
        "chapter {chapter} (articles {first}–{last}) overlaps chapter {other} "
        "(articles {other_first}–{other_last})",
    ),
    "law.dates-order": (
        "{later}（{later_date}）早于 {earlier}（{earlier_date}）：法规先通过、再公布、后施行，"
        "请核对日期",
        "{later} ({later_date}) is before {earlier} ({earlier_date}): a law is adopted, then "
        "promulgated, then in force; check the dates",
    ),
    "law.replaces-itself": (
        "{key} 指向本法规自身：应写被取代或取代它的另一部法规",
        "{key} names this law itself: name the other law it replaces or is replaced by",
    ),
    "law.duplicate-article": ("第 {article} 条重复登记", "article {article} is listed twice"),
    "law.duplicate-chapter": ("第 {chapter} 章重复登记", "chapter {chapter} is listed twice"),
    "cite.unknown-law": ("法规登记册中没有 {law!r}", "the law registry has no {law!r}"),
    "cite.unknown-article": (
        "{law} 未登记第 {article} 条：只能引用登记册列出的条文{known}",
        "{law} article {article} is not in the registry: only listed articles may be cited{known}",
    ),
    "checklist.ref-replaced": (
        "{law} 已被 {newer} 取代（{since} 起施行）：请同时引用新文本，并用 note 注明各自适用的期间",
        "{law} was replaced by {newer} (in force from {since}): cite the new text too, with a "
        "note on the period each applies to",
    ),
    "checklist.liability-replaced": (
        "{law} 已被 {newer} 取代（{since} 起施行）：此后发现的问题，其追责建议仍将引用旧文本；"
        "请改为引用新文本的相应条文",
        "{law} was replaced by {newer} (in force from {since}): findings after that would "
        "rest on the old text; cite the new text's clause instead",
    ),
    "attestation.bare-list": (
        '核实意见应放在对象的 "attestations" 数组中：{{"attestations": [{{"agency": …, "item": …, '
        '"result": …, "by": …, "date": …, "remark": …}}]}}',
        'the verdicts go in the "attestations" array of an object: {{"attestations": '
        '[{{"agency": …, "item": …, "result": …, "by": …, "date": …, "remark": …}}]}}',
    ),
    "checklist.sheet-name-clash": (
        "记录集 {name} 与 {other} 在工作簿中会是同一个工作表（工作表名最多 31 个字符，不分大小写，"
        "带括号的是模板自有的工作表）：请改用另一个名称",
        "record set {name} would have the workbook sheet of {other} (a sheet name has at most "
        "31 characters, whatever the case; in brackets: the template's own sheets): choose "
        "another name",
    ),
    "checklist.ref-twice": (
        "与 refs[{first}] 引用相同，报告中会重复出现：请删去一处",
        "the same citation as refs[{first}]; every report would show it twice: delete one",
    ),
    "checklist.liability-practice": (
        "责任条款不能引用实践参照 {law}（案例不设定法律责任）：请引用规定责任的法律、法规或党内法规条文",
        "the liability clause cannot cite the practice reference {law} (a case imposes no "
        "liability): cite the article of a law, regulation or party rule that does",
    ),
    "cite.no-articles": (
        "{law} 在登记册中没有登记任何条文，不能引用第 {article} 条：请整体引用，写 "
        '{{ law = "{law}" }}',
        "{law} lists no articles in the registry, so article {article} cannot be cited: cite "
        'it whole, {{ law = "{law}" }}',
    ),
    "cite.no-chapters": (
        "{law} 在登记册中没有登记任何章，不能引用第 {chapter} 章：请整体引用，写 "
        '{{ law = "{law}" }}',
        "{law} lists no chapters in the registry, so chapter {chapter} cannot be cited: cite "
        'it whole, {{ law = "{law}" }}',
    ),
    "cite.unknown-chapter": (
        "{law} 未登记第 {chapter} 章",
        "{law} chapter {chapter} is not in the registry",
    ),
    "cite.unknown-subitem": (
        "{law} 第 {article} 条未登记第 {item} 项",
        "{law} article {article} has no listed item {item}",
    ),
    "cite.unknown-paragraph": (
        "{law} 第 {article} 条未登记第 {paragraph} 款",
        "{law} article {article} has no listed paragraph {paragraph}",
    ),
    "cite.form": (
        "引用应为 {{law}}、{{law, chapter}} 或 {{law, article}} 之一",
        "a citation is {{law}}, {{law, chapter}} or {{law, article}}",
    ),
    "cite.paragraph-needs-article": ("款、项只能跟在条之后", "paragraph and item need an article"),
    "checklist.duplicate-id": ("{what_zh} id {id!r} 重复", "{what} id {id!r} is used twice"),
    "checklist.unknown-ref": ("未声明的{what_zh} {value!r}", "undeclared {what} {value!r}"),
    "checklist.unknown-field": (
        "记录集 {set} 没有字段 {value!r}",
        "record set {set} has no field {value!r}",
    ),
    "checklist.field-type": (
        "字段 {set}.{field} 的类型是 {type}，不能用于{use_zh}",
        "field {set}.{field} is of type {type} and cannot be used for {use}",
    ),
    "checklist.cadence-no-date": (
        "记录集 {set} 没有主日期（date = …），频次检查按记录的主日期分期统计：请在 [records.{set}] "
        "中声明 date",
        "record set {set} has no primary date (date = …), which a cadence check counts its "
        "periods by: declare date in [records.{set}]",
    ),
    "checklist.value-type": (
        "取值 {value} 与 {subject} 的类型 {type} 不符",
        "value {value} does not fit {subject} of type {type}",
    ),
    "checklist.check-param": ("{kind} 检查需要参数 {param}", "a {kind} check needs {param}"),
    "checklist.check-extra": (
        "{kind} 检查不接受参数 {param}",
        "a {kind} check does not take {param}",
    ),
    "checklist.grades": (
        "等级应按 min 从高到低排列，且最低一级 min = 0",
        "grades must be ordered by min, highest first, ending with min = 0",
    ),
    "checklist.grade-twice": (
        "等级名称 {name!r} 出现了两次：每个等级须有自己的名称（critical_cap 和报告按名称区分等级）",
        "the grade name {name!r} is used twice: each grade needs a name of its own "
        "(critical_cap and the reports tell grades apart by name)",
    ),
    "checklist.where-empty": (
        "where 中 {key} 的取值列表为空，没有记录能满足：请列出取值或删除该条件",
        "where {key} lists no value, so no record can match: list the values or drop the condition",
    ),
    "checklist.critical-cap": (
        "critical_cap {value!r} 不是已定义的等级（可选：{known}）",
        "critical_cap {value!r} is not one of the grades ({known})",
    ),
    "checklist.no-fault-tolerance-kind": (
        "有可容错的检查项，但未定义文书类型 fault_tolerance_decision",
        "items may be exempted but the document kind fault_tolerance_decision is not declared",
    ),
    "checklist.tiers": (
        "tiers 的得分应在 0–1 之间、取值不小于 0（比例或比值）",
        "tiers need credits in 0–1 and values of 0 or more (a share or a quotient)",
    ),
    "attestation.expires-before-date": (
        "失效日期 expires 早于核实日期 date：请检查两个日期",
        "expires is before date, the day the verdict was given: check both dates",
    ),
    "checklist.linear": ("linear 需要 0 ≤ floor < target", "linear needs 0 <= floor < target"),
    "checklist.scoring-rule": (
        "scoring 须有且只有 tiers、linear 之一",
        "scoring takes exactly one of tiers and linear",
    ),
    "checklist.id-field": (
        "id 是每条记录隐含的字段，不要在 fields 中声明",
        "'id' is implicit in every record; do not declare it in fields",
    ),
    "checklist.date-field-unknown": (
        "主日期字段 {field!r} 不在 fields 中",
        "primary date field {field!r} is not among the fields",
    ),
    "checklist.date-field-type": (
        "主日期字段 {field!r} 须为 date 或 datetime 类型（且不可为可选）",
        "primary date field {field!r} must be of type date or datetime (and not optional)",
    ),
    "checklist.deadline-limit": (
        "deadline 检查须有且只有 within、within_field 之一",
        "a deadline check needs exactly one of within and within_field",
    ),
    "checklist.coverage-order": (
        "coverage 检查只能有 before 或 after 之一，不能同时有",
        "a coverage check takes before or after, not both",
    ),
    "checklist.each-value": (
        "each 检查须有且只有 value、value_field 之一",
        "an each check needs exactly one of value and value_field",
    ),
    "checklist.each-scale": (
        "scale 只能与 value_field 一起使用",
        "scale applies to value_field only",
    ),
    "tailoring.no-threshold": (
        "{kind} 检查没有可调整的 {name}",
        "a {kind} check has no {name} to tailor",
    ),
    "tailoring.within-field": (
        "该期限检查按记录字段 {field} 计算期限，没有可调整的 within",
        "this deadline check takes its limit from the record field {field}; it has no "
        "within to tailor",
    ),
    "tailoring.deselect-reason": (
        "取消选用检查项（selected = false）须填写 reason",
        "deselecting an item (selected = false) needs a reason",
    ),
    "checklist.scoring-without-measure": (
        "检查项有 scoring，但没有可计量的检查",
        "the item has scoring but no check with a measured value",
    ),
    "checklist.tiers-falling": (
        "分档得分随达标值升高而降低：{higher} 档得 {more}，{lower} 档却得 {less}，"
        "更好的结果反而得分更少",
        "a higher tier earns less credit: the tier {higher} earns {more}, the tier {lower} "
        "earns {less}: a better result scores less",
    ),
    "checklist.tier-twice": (
        "分档 {value} 出现两次，得分取决于书写顺序：每个达标值只写一档",
        "the tier {value} is written twice, and its credit depends on the order: give each "
        "value one tier",
    ),
    "checklist.empty-section": ("章节 {id} 没有检查项", "section {id} has no items"),
    "checklist.no-checks": ("检查项没有任何检查", "the item has no checks"),
    "checklist.role-star": ('"*" 须单独使用', '"*" must stand alone'),
    "checklist.ratio-term": (
        "比率项应为 {{fact}}、{{count, where}} 或 {{sum, where}} 之一",
        "a ratio term is one of {{fact}}, {{count, where}}, {{sum, where}}",
    ),
    "checklist.missing-text": ("缺少{lang}文本", "missing {lang} text"),
}


def _expected(value: object, lang: Lang) -> object:
    if isinstance(value, tuple):  # alternatives: "an integer or a string"
        names = [str(_expected(v, lang)) for v in value]
        if len(names) < 2:
            return "".join(names)
        return (
            ("、".join(names[:-1]) + "或" + names[-1])
            if lang == "zh"
            else (", ".join(names[:-1]) + " or " + names[-1])
        )
    if isinstance(value, str):
        pair = _EXPECTED.get(value) or _TYPES.get(value)
        if pair:
            return pair[0] if lang == "zh" else pair[1]
    return value


MAX_ECHO = 160  # characters of a value a message repeats; the JSON path locates the rest


def _short(value: Any) -> Any:
    """A long string value shortened for a one-line message (a hostile file may hold MBs)."""
    if isinstance(value, str) and len(value) > MAX_ECHO:
        return f"{value[: MAX_ECHO - 20]}…[{len(value)} chars]"
    return value


def _choices(value: object, lang: Lang) -> object:
    """Allowed values, quoted and listed: 'critical'、'major'、'minor'."""
    if isinstance(value, tuple):
        return ("、" if lang == "zh" else ", ").join(repr(v) for v in value)
    return value


class _Quoting(string.Formatter):
    """``{value!r}`` quotes a text as the user wrote it: ``'attachments\\认定.pdf'`` with the
    one backslash of the cell, not Python's doubled one (controls are escaped afterwards,
    by :func:`visible`)."""

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "r" and isinstance(value, str):
            return f"'{value}'"
        return super().convert_field(value, conversion)


_FORMATTER = _Quoting()


# The operating system's reasons (strerror) as a Chinese message gives them.
OS_REASONS_ZH = {
    "Permission denied": "权限不足",
    "Operation not permitted": "操作不被允许",
    "No such file or directory": "文件或目录不存在",
    "Is a directory": "这是目录",
    "Not a directory": "路径中有一段不是目录",
    "File name too long": "文件名或路径过长",
    "Too many levels of symbolic links": "符号链接层数过多",
    "Input/output error": "输入/输出错误",
    "No space left on device": "磁盘空间已满",
    "Disk quota exceeded": "超出磁盘配额",
    "Read-only file system": "只读文件系统",
    "File exists": "文件已存在",
    "Device or resource busy": "设备或资源忙",
}


# tomllib's reasons (Python 3.11–3.13), in Chinese, and what to do where that is not plain
# from the reason itself: (pattern, zh, hint in English). A reason not listed is shown as
# tomllib words it.
TOML_DETAILS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), zh, en)
    for pattern, zh, en in (
        (
            r"^Cannot overwrite a value$",
            "同一个键赋值了两次：每个键只能写一次",
            "a key is given twice",
        ),
        (r"^Cannot declare (.+) twice$", r"表 \1 声明了两次：合并为一处", "write the table once"),
        (r"^Cannot mutate immutable namespace (.+)$", r"\1 已写成内联表或数组，不能再添加键", ""),
        (r"^Cannot redefine namespace (.+)$", r"不能重新定义 \1", ""),
        (r"^Duplicate inline table key (.+)$", r"内联表中的键 \1 重复", ""),
        (
            r"^Escaped character is not a Unicode scalar value$",
            "转义字符不是有效的 Unicode 字符",
            "",
        ),
        (r"^Expected '=' after a key in a key/value pair$", "键名之后应为“=”", ""),
        (r"^Expected '\]' at the end of a table declaration$", "表头应以“]”结尾", ""),
        (r"^Expected '\]\]' at the end of an array declaration$", "数组表头应以“]]”结尾", ""),
        (
            r"^Expected newline or end of document after a statement$",
            "一条语句之后应换行：每行只写一个“键 = 值”",
            "one key = value per line",
        ),
        (
            r"^Invalid date or datetime$",
            "日期或时间无效：写作 YYYY-MM-DD 或 RFC 3339 日期时间",
            "write YYYY-MM-DD or an RFC 3339 date-time",
        ),
        (r"^Invalid hex value$", "十六进制值无效", ""),
        (r"^Invalid initial character for a key part$", "键名的首字符无效", ""),
        (
            r"^Invalid statement$",
            "无效的语句：应为“键 = 值”或 [表头]",
            "expected key = value or a [table]",
        ),
        (r"^Invalid value$", "无效的值：文本须加双引号", "a text must be in double quotes"),
        (r"^Unclosed array$", "数组未闭合：缺少“]”", ""),
        (r"^Unclosed inline table$", "内联表未闭合：缺少“}”", ""),
        (
            r"^Unescaped '\\' in a string$",
            "字符串中的“\\”未转义：写作“\\\\”，或改用单引号字符串",
            "write \\\\ or use a single-quoted string",
        ),
        (r"^Unterminated string$", "字符串未闭合：缺少结尾的引号", "add the closing quote"),
        (
            r"^Illegal character '\\n'$",
            "字符串在行尾仍未闭合：补上结尾的引号",
            "the string is not closed on its line: add the closing quote",
        ),
        (r"^Illegal character (.+)$", r"非法字符 \1", ""),
        (r"^Found invalid character (.+)$", r"无效字符 \1", ""),
        (r"^Expected (.+)$", r"此处应为 \1", ""),
    )
)


# The patterns the checklist and registry models give their strings, said in words.
PATTERN_WORDS = {
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$": (
        "标识符：以字母或数字开头，只含字母、数字及 _ . -（如 TJ-ENF-01）",
        "an id that starts with a letter or digit and holds only letters, digits and _ . - "
        "(like TJ-ENF-01)",
    ),
    r"^[^\s.*\[\]:?/\\]+$": (
        "名称：不含空白、点号及 * [ ] : ? / \\ 字符（如 market_regulation 或 法院；"
        "“记录集.字段”以点号分隔，“*”专指所有角色）",
        "a name without blanks, dots or any of * [ ] : ? / \\ (like market_regulation or "
        '法院: SET.field terms split at the dot, and "*" means every role)',
    ),
    r"^[^.]+\.[^.]+$": ("“记录集.字段”（如 payments.amount）", "SET.field (like payments.amount)"),
    r"^[a-z0-9][a-z0-9-]*$": (
        "标识符：小写字母、数字和连字符（如 cn-bizenv-2019）",
        "an id of lower-case letters, digits and hyphens (like cn-bizenv-2019)",
    ),
}


def toml_detail(detail: str, lang: Lang) -> str:
    """tomllib's reason for a syntax error, in ``lang``, with what to do where known."""
    for pattern, zh, hint in TOML_DETAILS:
        if pattern.match(detail):
            if lang == "zh":  # a group is named by \1; otherwise the text is taken as it is
                return pattern.sub(zh, detail) if "\\1" in zh else zh
            return f"{detail} ({hint})" if hint else detail
    return detail


# What to do, added to a message whose ``hint`` argument names one (a suggestion, when there is
# one, says it better).
HINTS: dict[str, tuple[str, str]] = {
    "x-key": (
        "格式之外的自有数据请放在以 x- 开头的键下（如 x-note）",
        "keep data of your own under a key starting with x- (such as x-note)",
    ),
    "beside-workbook": (
        "附件路径按输出 JSON 所在的文件夹解析，而该附件在工作簿旁边：请把 JSON 写到工作簿所在的"
        "文件夹，或把附件复制到 JSON 旁边",
        "attachment paths are read from the output JSON's folder, and this one is beside the "
        "workbook: write the JSON into the workbook's folder, or copy the attachments beside it",
    ),
    "list-items": (
        "可用 audit checklists show 查看全部检查项",
        "audit checklists show lists them all",
    ),
    "unquoted-date": (
        'TOML 的日期不加引号：写 2020-01-01，而不是 "2020-01-01"',
        'TOML writes dates without quotes: 2020-01-01, not "2020-01-01"',
    ),
}


def render_message(code: str, lang: Lang, args: Mapping[str, Any]) -> str:
    """The text of ``code`` in ``lang`` with ``args`` filled in."""
    if lang == "zh" and args.get("reason") in OS_REASONS_ZH:
        args = {**args, "reason": OS_REASONS_ZH[args["reason"]]}
    if code == "toml.syntax":
        args = {**args, "detail": toml_detail(str(args.get("detail", "")), lang)}
    if args.get("form") in PATTERN_WORDS:
        zh, en = PATTERN_WORDS[args["form"]]
        args = {**args, "form": zh if lang == "zh" else en}
    pair = MESSAGES.get(code)
    values = {
        k: _expected(v, lang)
        if k in ("expected", "got")
        else _choices(v, lang)
        if k == "choices"
        else v  # the checklist's own vocabulary, not evidence text: never shortened
        if k.startswith("known")
        else _short(v)
        for k, v in args.items()
    }
    if pair is None:
        text = code + "".join(f" {k}={v!r}" for k, v in values.items())
    else:
        template = pair[0] if lang == "zh" else pair[1]
        try:
            text = _FORMATTER.vformat(template, (), values)
        except (KeyError, IndexError, ValueError):
            text = template
    suggestion = args.get("suggestion")
    if suggestion:
        text += (
            f"；是否应为 {suggestion!r}？" if lang == "zh" else f"; did you mean {suggestion!r}?"
        )
    elif args.get("declared"):
        text += (
            f"；已声明：{args['declared']}" if lang == "zh" else f"; declared: {args['declared']}"
        )
    elif args.get("hint") in HINTS:
        zh, en = HINTS[args["hint"]]
        text += f"；{zh}" if lang == "zh" else f"; {en}"
    return visible(text)


def visible(text: str) -> str:
    """``text`` on one line, whatever the evidence put into it: a newline, a control or an
    unassigned character inside a value echoed without quotes is written as its escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
