"""Fixed report labels in both languages, and formatting helpers."""

from __future__ import annotations

from audit.i18n import Lang
from audit.reports.blocks import Tone

LABELS: dict[str, tuple[str, str]] = {
    # outcomes
    "pass": ("通过", "pass"),
    "partial": ("部分符合", "partial"),
    "fail": ("不符合", "fail"),
    "missing": ("缺少证据", "missing"),
    "error": ("证据不可用", "unusable evidence"),
    "not_applicable": ("不适用", "not applicable"),
    "exempted": ("容错免责", "exempted"),
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
    "section": ("章节", "Section"),
    "sections": ("分章节得分", "Section scores"),
    "item": ("检查项", "Item"),
    "title": ("名称", "Title"),
    "outcome": ("结论", "Outcome"),
    "points": ("分值", "Points"),
    "earned": ("得分", "Earned"),
    "reason": ("原因", "Reason"),
    "severity": ("等级", "Severity"),
    "rank": ("排名", "Rank"),
    "mean": ("平均分", "Mean"),
    "district.title": ("区级汇总", "District roll-up"),
    "grade_counts": ("等级分布", "Grade distribution"),
    "problems": ("发现的问题", "Problems found"),
    "no_problems": ("未发现问题", "No problems found"),
    "invalid.title": ("无法审计的证据文件", "Evidence files that could not be audited"),
    "file": ("文件", "File"),
    "capped": (
        "因关键项未通过，等级上限为 {cap}（{items}）",
        "capped at {cap} because critical items are not passed ({items})",
    ),
    "low_coverage": (
        "低覆盖：{share} 的适用分值被排除",
        "low coverage: {share} of the applicable points are excluded",
    ),
    "exemptions": ("容错免责", "Fault-tolerance exemptions"),
    "discrepancies": ("自评与核查不一致", "Self-assessment discrepancies"),
    "claim": ("自评", "Claim"),
    "verified": ("核查结论", "Verified"),
    "summary.line": (
        "审计 {agencies} 个单位，发现问题 {findings} 项（关键 {critical}，重要 {major}，一般 "
        "{minor}），{invalid} 个证据文件无法审计",
        "{agencies} agencies audited, {findings} findings ({critical} critical, "
        "{major} major, {minor} minor), {invalid} evidence file(s) could not be "
        "audited",
    ),
    "calendar_fallback": (
        "{years} 年超出官方节假日历覆盖范围，按周一至周五计算工作日",
        "{years} lie outside the official holiday calendar: working days counted Monday to Friday",
    ),
    "none": ("无", "none"),
}


def label(key: str, lang: Lang, **args: object) -> str:
    """A fixed label in ``lang``."""
    zh, en = LABELS.get(key, (key, key))
    text = zh if lang == "zh" else en
    return text.format(**args) if args else text


def score_text(score: float | None, maximum: float | None = 100.0) -> str:
    """A score as reports print it: one decimal; flat models show the maximum."""
    if score is None:
        return "—"
    if maximum is not None and maximum != 100.0:
        return f"{score:.4g} / {maximum:.4g}"
    return f"{score:.1f}"


def tone_of(outcome: str) -> Tone:
    """The colour family of an outcome."""
    tones: dict[str, Tone] = {
        "pass": "good",
        "exempted": "muted",
        "not_applicable": "muted",
        "partial": "warn",
    }
    return tones.get(outcome, "bad")
