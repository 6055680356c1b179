"""Fixed report labels in both languages, and formatting helpers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from audit.engine.checks.exact import exact
from audit.engine.result import OUTCOME_NAMES, RunResult
from audit.i18n import Lang
from audit.reports.blocks import Tone

LABELS: dict[str, tuple[str, str]] = {
    **OUTCOME_NAMES,
    # severities
    "critical": ("关键", "critical"),
    "major": ("重要", "major"),
    "minor": ("一般", "minor"),
    # claims and discrepancies
    "met": ("符合", "met"),
    "partly_met": ("部分符合", "partly met"),
    "not_met": ("不符合", "not met"),
    "claim:not_applicable": ("不适用", "not applicable"),
    "overstated": ("自评偏高", "overstated"),
    "understated": ("自评偏低", "understated"),
    "disputed_na": ("自评“不适用”不成立", "wrongly claimed not applicable"),
    "claimed_but_na": ("对不适用的检查项作出了自评", "judged an item that does not apply"),
    # exemption status
    "granted": ("予以免责", "granted"),
    "refused": ("不予免责", "refused"),
    "not_needed": ("无需免责", "not needed"),
    # exclusions
    "excluded:role": ("职责不涉及", "not in the agency's roles"),
    "excluded:effective_from": ("尚未生效", "not yet in force for the period"),
    "excluded:no_population": ("无可检查事项", "nothing to check"),
    "excluded:deselected": ("本次审计未选用", "deselected for this audit"),
    "excluded:exempted": ("容错免责", "exempted"),
    # headings and labels
    "run.title": ("营商环境合规审计结果", "Business-environment compliance audit"),
    "checklist": ("检查清单", "Checklist"),
    "as_of": ("核查日期", "As of"),
    "model": ("计分模型", "Scoring model"),
    "evaluator": ("评价人", "Evaluator"),
    "agency": ("单位", "Agency"),
    "code": ("代码", "Code"),
    "district": ("区", "District"),
    "roles": ("角色", "Roles"),
    "period": ("期间", "Period"),
    "score": ("得分", "Score"),
    "grade": ("等级", "Grade"),
    "without_exemptions": ("不计容错免责的得分", "Score without exemptions"),
    "grade_without_exemptions": ("不计容错免责的等级", "Grade without exemptions"),
    "section": ("章节", "Section"),
    "sections": ("分章节得分", "Section scores"),
    "item": ("检查项", "Item"),
    "title": ("名称", "Title"),
    "outcome": ("结论", "Outcome"),
    "points": ("分值", "Points"),
    "earned": ("得分", "Earned"),
    "credit": ("得分率", "Credit"),
    "earned_of": ("得分 / 分值", "Earned / possible"),
    "legend.capped": (
        "⚑ 有关键项未通过，等级不超过封顶等级（见该单位合规评价报告）",
        "⚑ a critical item was not passed: the grade is at best the cap (see the agency's "
        "compliance report)",
    ),
    "legend.reopened": (
        "↺ 已整改或已销号后再次出现的问题（重新列入整改台账，整改期限重新计算）",
        "↺ found again after it was rectified or closed (reopened, with a new deadline)",
    ),  # beside a score: not "得分" twice
    "reason": ("原因", "Reason"),
    "severity": ("严重程度", "Severity"),  # 等级 is the grade
    "rank": ("排名", "Rank"),
    "mean": ("平均分", "Mean"),
    "district.title": ("区级汇总", "District roll-up"),
    "district.across": (
        "区级汇总（{count} 个区合并排名）",
        "District roll-up ({count} districts ranked together)",
    ),
    "district.each": ("分区汇总（{n} 个区，各区内排名）", "Each district ({n}, ranked within it)"),
    "grade_counts": ("等级分布", "Grade distribution"),
    "problems": ("发现的问题", "Problems found"),
    "no_problems": ("未发现问题", "No problems found"),
    "nothing_assessed": (
        "没有适用于本单位的检查项，未作评价",
        "No item applies to this agency: nothing was assessed",
    ),
    "invalid.title": ("无法审计的证据文件", "Evidence files that could not be audited"),
    "file": ("文件", "File"),
    "json_path": ("JSON 路径", "JSON path"),
    "invalid.more": (
        "…另有 {count} 个问题：audit validate 会逐一列出",
        "… {count} more: audit validate lists every one",
    ),
    "capped": (
        "因关键项未通过，等级上限为“{cap}”（{items}）",
        "grade at best {cap}, because critical items are not passed ({items})",
    ),
    "capped_without": (
        "不计免责时，因关键项未通过，等级上限为 {cap}（{items}）",
        "without exemptions, grade at best {cap}, because critical items are not passed ({items})",
    ),
    "low_coverage": (
        "低覆盖：适用分值中有 {share} 未计入得分",
        "low coverage: {share} of the applicable points are excluded",
    ),
    "exemptions": ("容错免责", "Fault-tolerance exemptions"),
    "discrepancies": ("自评与核查不一致", "Self-assessment discrepancies"),
    "overrides": ("审计人员复核调整", "Auditors' overrides"),
    "overrides.change": ("核查结论 → 复核结论", "Computed → attested"),
    "overrides.by": ("复核人（日期）", "By (date)"),
    "overrides.remark": ("说明", "Remark"),
    "claim": ("自评", "Claim"),
    "discrepancy.kind": ("差异类型", "Discrepancy"),
    "verified": ("核查结论", "Verified"),
    "gates.failed": (
        "未通过 CI 门槛（{gates}）：{count} 项",
        "CI gates failed ({gates}): {count}",
    ),
    "summary.line": (
        "审计 {agencies} 个单位，发现问题 {findings} 项（关键 {critical} 项、重要 {major} 项、"
        "一般 {minor} 项），{invalid} 个证据文件无法审计",
        "{agencies} {agency_noun} audited, {findings} {finding_noun} ({critical} critical, "
        "{major} major, {minor} minor), {invalid} evidence file(s) could not be "
        "audited",
    ),
    "deadline_rule": (
        "整改期限自核查日期起算：关键问题 {critical} 个工作日，重要问题 {major} 个工作日，"
        "一般问题 {minor} 个工作日，按国家法定节假日和调休安排计算；以往审计已发现且尚未整改的问题，整改台账沿用原期限"
        "（列于整改状态旁）。",
        "Rectification deadline: the as-of date plus {critical} (critical) / {major} (major) / "
        "{minor} (minor) working days on the official PRC holiday calendar; for a finding "
        "already open from an earlier run the ledger keeps its original deadline (shown beside "
        "the ledger status).",
    ),
    "calendar_fallback": (
        "{years} 年超出法定节假日日历的覆盖范围，按周一至周五计算工作日",
        "{years} lie outside the official holiday calendar: working days counted Monday to Friday",
    ),
    "calendar_fallback.one": (
        "{years} 年超出法定节假日日历的覆盖范围，按周一至周五计算工作日",
        "{years} lies outside the official holiday calendar: working days counted Monday to Friday",
    ),
    "evidence_warnings": (
        "证据文件的警告（{count} 个）：",
        "Warnings in the evidence file ({count}):",
    ),
    "more_warnings": (
        "……另有 {count} 个，audit validate 列出全部",
        "… and {count} more; audit validate lists them all",
    ),
    "none": ("无", "none"),
    # compliance report
    "compliance.title": ("合规评价报告", "Compliance report"),
    "no_agency_audited": (
        "本次运行没有可评价的单位：证据文件均无法审计（见下表）",
        "no agency was audited in this run: no evidence file could be audited (see below)",
    ),
    "cover": ("封面信息", "Cover"),
    "unit": ("被评价单位", "Audited unit"),
    "evidence_file": ("证据文件", "Evidence file"),
    "submitted_by": ("填报人", "Submitted by"),
    "conclusion": ("总体结论", "Overall conclusion"),
    "items.title": ("检查项明细", "Items"),
    "requirement": ("要求", "Requirement"),
    "basis": ("法律依据", "Legal basis"),
    "evidence": ("证据", "Evidence"),
    "claim_vs_verified": ("自评 / 核查", "Claim / verified"),
    "method": ("计分方法说明", "Scoring method"),
    "method.points": (
        "得分 = 100 × Σ(分值 × 得分率) ÷ Σ 分值，只计适用且未容错免责、未被取消选用的检查项；分章节得分同理。"
        "得分率为各项检查得分的加权平均（通过 1；不符合、缺少证据、证据不可用 0；设有分档或线性计分的检查按实测值计分）。",
        "Score = 100 × Σ(points × credit) ÷ Σ points over the items that apply and are neither "
        "exempted nor deselected; section scores likewise. An item's credit is the weighted mean of "
        "its checks' credits (pass 1; fail, missing, unusable 0; tiered or linear checks by their "
        "measured value).",
    ),
    "method.xccdf-default": (
        "XCCDF 1.2 默认模型：检查项为规则（权重为分值），章节为组（权重 1）；仅“通过”计 100 分，逐级加权平均："
        "章节得分 = 100 × 通过项分值 ÷ 章节分值，总分为各章节得分的平均。",
        "XCCDF 1.2 default model: items are rules weighted by points, sections are groups of weight 1; "
        "only a pass scores 100; weighted means bottom-up: a section scores 100 × the points passed ÷ "
        "its points, and the total is the mean of the section scores.",
    ),
    "method.xccdf-flat": (
        "XCCDF 1.2 平面模型：得分 = 通过项分值之和，满分 = 适用项分值之和；章节同理。"
        "等级与区级排名按得分占满分的百分比。",
        "XCCDF 1.2 flat model: score = the points of the passed items; maximum = the points of all "
        "applicable items; sections likewise. Grades and the district ranking use the score as a "
        "percentage of the maximum.",
    ),
    "method.xccdf-flat-unweighted": (
        "XCCDF 1.2 平面非加权模型：得分 = 通过项数，满分 = 适用项数；章节同理。"
        "等级与区级排名按得分占满分的百分比。",
        "XCCDF 1.2 flat unweighted model: score = number of passed items; maximum = applicable items; "
        "sections likewise. Grades and the district ranking use the score as a percentage of the "
        "maximum.",
    ),
    "method.xccdf-absolute": (
        "XCCDF 1.2 绝对模型：全部适用项通过为 1，否则为 0；章节同理（以 100 或 0 表示）。",
        "XCCDF 1.2 absolute model: 1 when every applicable item passes, else 0; a section likewise "
        "(shown as 100 or 0).",
    ),
    "method.cap": (
        "关键项未通过（不符合、部分符合、缺少证据或证据不可用）时，等级最高为“{cap}”。",
        "While a critical item is not passed (fail, partial, missing or unusable), the grade is at best {cap}.",
    ),
    "method.grades": ("等级：{grades}", "Grades: {grades}"),
    "method.weights": ("各章节分值", "Points per section"),
    "method.partial": (
        "按实测值计分的检查项（实测值见各项原因）",
        "Items credited by their measured value (the value is in each item's reason)",
    ),
    "method.rule": ("计分规则", "Rule"),
    "method.excluded": ("未计入得分的检查项", "Items left out of the score"),
    "method.role_excluded": (
        "另有 {count} 项不属于本单位职责，未列出。",
        "{count} more items concern other roles and are not listed.",
    ),
    "method.tailoring": ("本次审计的调整", "Tailoring for this audit"),
    "method.no_tailoring": ("本次审计未作调整。", "No tailoring was applied."),
    "old": ("原值", "Was"),
    "new": ("新值", "Now"),
    "field": ("调整内容", "Changed"),
    # accountability report
    "accountability.title": ("问题整改与责任落实报告", "Accountability and rectification report"),
    "finding": ("编号", "Finding"),
    "issue": ("问题", "Issue"),
    "responsible": ("责任单位 / 责任人 / 分管领导", "Responsible unit / person / leader"),
    "remedy": ("整改措施", "Remedy"),
    "deadline": ("整改期限", "Deadline"),
    "liability": ("追责建议", "Liability recommendation"),
    "status": ("整改状态", "Status"),
    "findings.count": (
        "共发现问题 {total} 项：关键 {critical} 项，重要 {major} 项，一般 {minor} 项。",
        "{total} findings: {critical} critical, {major} major, {minor} minor.",
    ),
    "exemption.reason": ("申请理由", "Grounds claimed"),
    "decision": ("认定", "Decision"),
    "decision.reasons": ("理由", "Reasons"),
    "no_exemptions": ("本次审计没有容错免责申请。", "No fault-tolerance exemption was claimed."),
    "no_discrepancies": (
        "自评与核查结论一致。",
        "Every self-assessment agrees with the verified outcome.",
    ),
    "no_findings": ("未发现需要整改的问题。", "No finding needs rectification."),
    # history, diff, ledger
    "history.title": ("审计历史", "Audit history"),
    "trend.title": ("得分趋势", "Score trend"),
    "trend.some": (
        "得分（共 {total} 个单位，图中为变化最大的 {shown} 个；各单位得分见下表）",
        "Score ({shown} of {total} agencies, those whose score changed most; the table below "
        "gives every score)",
    ),
    "run": ("审计", "Run"),
    "created": ("记录时间", "Recorded"),
    "agencies": ("单位数", "Agencies"),
    "findings": ("问题数", "Findings"),
    "invalid": ("无效文件", "Invalid files"),
    "diff.title": ("审计对比：第 {a} 次 → 第 {b} 次", "Run {a} → run {b}"),
    "diff.dates": (
        "第 {a} 次核查日期 {a_as_of}，第 {b} 次核查日期 {b_as_of}",
        "run {a} as of {a_as_of}, run {b} as of {b_as_of}",
    ),
    "diff.backwards": (
        "注意：第 {a} 次的核查日期晚于第 {b} 次，本对比是从后往前比较",
        "note: run {a} speaks for a later date than run {b}; this compares back in time",
    ),
    "delta": ("变化", "Change"),
    "newly_failing": ("新发现问题", "Newly failing"),
    "resolved": ("已解决", "Resolved"),
    "set_aside": (
        "不再计入（不适用、未选用或已免责）",
        "Set aside (not applicable, deselected or exempted)",
    ),
    "grade_change": ("等级", "Grade"),
    "still_open": ("仍未解决", "Still open"),
    "regressed": ("得分下降", "Regressed"),
    "history.models": (
        "这些审计使用了不同的计分模型（{models}），趋势中的得分不可直接比较：请分别查看同一模型的审计",
        "these runs were scored under different models ({models}), so the scores of the trend "
        "do not compare: read the runs of one model at a time",
    ),
    "diff.models": (
        "两次审计的计分模型不同（{a} / {b}），得分差值不可直接比较；检查项的变化仍然有效",
        "the two runs were scored under different models ({a} / {b}): the score deltas "
        "compare nothing; the changes of items still hold",
    ),
    "diff.checklists": (
        "两次审计使用的检查清单不同（{a} / {b}）：检查项和得分的变化可能来自清单本身",
        "the two runs used different checklists ({a} / {b}): changes of items and scores may "
        "come from the checklists themselves",
    ),
    "diff.tailoring": (
        "两次审计的调整不同（第 {a} 次：{a_changes} 处改动；第 {b} 次：{b_changes} 处改动，见各自报告的方法附录）："
        "得分和检查项的变化可能来自调整，而非整改",
        "the two runs were tailored differently (run {a}: {a_changes} change(s); run {b}: "
        "{b_changes}; see each report's method appendix): changes of scores and items may come "
        "from the tailoring, not from rectification",
    ),
    "only_in": ("仅出现在第 {run} 次审计", "only in run {run}"),
    "invalid_in": (
        "第 {run} 次审计中其证据文件无效，未予评价",
        "not audited in run {run}: its evidence file was invalid",
    ),
    "ledger.title": ("整改台账", "Rectification ledger"),
    "ledger.counts": ("共 {total} 项：{counts}", "{total} in all: {counts}"),
    "ledger.more_columns": (
        "问题描述、依据、整改措施、核查与销号记录：见 --format xlsx、csv、markdown 或 html",
        "Issue, legal basis, remedy and the checking and closing record: --format xlsx, csv, "
        "markdown or html",
    ),
    "days_overdue": ("逾期天数", "Days overdue"),
    "days_overdue_to": ("逾期天数（计至 {as_of}）", "Days overdue (to {as_of})"),
    "ledger.as_of": (
        "核查日期：{as_of}（状态和逾期天数均按此日判断）",
        "As of {as_of} (statuses and days overdue are judged on this date)",
    ),
    "first_found": ("首次发现", "First found"),
    "last_checked": ("最近核查", "Last checked"),
    "rectified": ("确认整改的审计（核查日期）", "Rectified (found in)"),
    "closed_by": ("销号人", "Closed by"),
    # the day the verification speaks for (ledger close --as-of): JSON's verified_on, not
    # its closed_at (when it was signed), which the heading "Closed at" was taken for
    "closed_at": ("销号验收日期", "Verified on"),
    "closing_evidence": ("销号依据", "Verification"),
    "no_entries": ("台账中没有符合条件的问题。", "No finding matches."),
    # district roll-up
    "section_means": (
        "各章节平均分（仅计适用单位）",
        "Section means (over the agencies each section applies to)",
    ),
    "agency_sections": ("单位 × 章节得分", "Agency × section scores"),
}


def label(key: str, lang: Lang, **args: object) -> str:
    """A fixed label in ``lang``."""
    zh, en = LABELS.get(key, (key, key))
    text = zh if lang == "zh" else en
    return text.format(**args) if args else text


# The scores a run's reports compare with besides whole numbers: its checklist's grade
# lines and its --fail-under gate (set while the run is rendered: see scored_against).
_LINES: ContextVar[frozenset[Decimal]] = ContextVar("score_lines", default=frozenset())
_TENTH, _HUNDREDTH = Decimal("0.1"), Decimal("0.01")


@contextmanager
def scored_against(result: RunResult) -> Iterator[None]:
    """Render ``result`` with its own lines (grades of 96.2, a gate of 79.96) guarded as
    whole numbers are: a score under one never shows as reaching it."""
    lines = {g.get("min") for g in result.catalogue.grades}
    lines.add(result.gates.get("fail_under"))
    numbers = frozenset(exact(line) for line in lines if isinstance(line, (int, float)))
    token = _LINES.set(numbers)
    try:
        yield
    finally:
        _LINES.reset(token)


def shown_score(score: float) -> str:
    """A score with one decimal, rounded half up as auditors do (61.25 is 61.3), unless
    rounding up would carry it onto a line it is under — a whole number, or a grade line
    or gate of the run being rendered: 59.96 printed as 60.0 beside the grade of a score
    under 60 (and a gate saying 59.96 < 60) contradicts itself, so such a score shows two
    decimals, cut rather than rounded."""
    if abs(score) >= 1e15:  # a hand-edited maximum of 1e30: beyond decimals' context
        return f"{score:.6g}"
    value = exact(score)
    shown = value.quantize(_TENTH, ROUND_HALF_UP)
    if shown > value and (
        shown.to_integral_value(ROUND_FLOOR) > value.to_integral_value(ROUND_FLOOR)
        or any(value < line <= shown for line in _LINES.get())
    ):
        return str(value.quantize(_HUNDREDTH, ROUND_FLOOR))
    return str(shown)


def told_apart(scores: Iterable[float]) -> dict[float, str]:
    """Each score as :func:`shown_score` shows it, except scores that would show alike
    though they differ (70.83 and 70.8, ranked 6th and 7th, both "70.8"): those show as
    many decimals as tell them apart, cut like a score under a line."""
    shown = {score: shown_score(score) for score in set(scores)}
    alike: dict[str, list[float]] = {}
    for score, text in shown.items():
        alike.setdefault(text, []).append(score)
    for group in alike.values():
        if len(group) < 2 or abs(group[0]) >= 1e15:
            continue
        for places in range(2, 18):
            step = Decimal(1).scaleb(-places)
            cut = {s: str(exact(s).quantize(step, ROUND_FLOOR)) for s in group}
            if len(set(cut.values())) == len(group):
                break
        shown.update(cut)
    return shown


def points_text(value: float) -> str:
    """Points as reports print them: at most two decimals, rounded half up, none when
    whole (6.67, 15); never rounded up onto a whole number (9.998 of 10 is 9.99, not a full
    10); a value two decimals would show as 0 with its first significant digits (0.004)."""
    if 0 < abs(value) < 0.005:
        return f"{value:.2g}"
    if abs(value) >= 1e15:
        return f"{value:.6g}"
    written = exact(value)
    shown = written.quantize(_HUNDREDTH, ROUND_HALF_UP)
    if abs(shown) > abs(written) and shown == shown.to_integral_value():
        cut = abs(written).quantize(_HUNDREDTH, ROUND_FLOOR)
        shown = cut if value > 0 else -cut
    text = f"{shown:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def score_text(score: float | None, maximum: float | None = 100.0) -> str:
    """A score as reports print it: one decimal; flat models show the maximum."""
    if score is None:
        return "—"
    if maximum is not None and maximum != 100.0:
        return f"{points_text(score)} / {points_text(maximum)}"
    return shown_score(score)


def tone_of(outcome: str) -> Tone:
    """The colour family of an outcome."""
    tones: dict[str, Tone] = {
        "pass": "good",
        "exempted": "muted",
        "not_applicable": "muted",
        "partial": "warn",
    }
    return tones.get(outcome, "bad")


def named(name: str, code: str, lang: Lang) -> str:
    """A name with its code, in the language's brackets: 红桥区人民法院（HQ-FY）."""
    return f"{name}（{code}）" if lang == "zh" else f"{name} ({code})"


def period_text(period: Mapping[str, object], lang: Lang) -> str:
    """An audit period: 2020-01-01 至 2020-06-30, or 2020-01-01 – 2020-06-30."""
    return f"{period['start']} {'至' if lang == 'zh' else '–'} {period['end']}"


def tallied(counts: Iterable[tuple[str, int]], lang: Lang, measure: str) -> str:
    """Counts by name, in Chinese with their measure word: 逾期 5 项、整改中 2 项 (English:
    overdue 5, in progress 2)."""
    if lang == "zh":
        return "、".join(f"{name} {n} {measure}" for name, n in counts)
    return ", ".join(f"{name} {n}" for name, n in counts)
