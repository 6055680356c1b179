"""Build the demo evidence: six Hongqiao agencies, 2020-01-01 – 2020-06-30 (illustrative).

The figures come from the Hongqiao District case (红桥区营造法治化营商环境保护民营企业发展案例):
5,307 cases accepted, 1,031 online; 2,270 enforcement cases, 1,345 concluded (59.25%); 34
platform units, 3,943 entries; 23 notarisations; 19 food markets … The individual records
are made up to match them, deterministically (a seeded generator), and every file says so.
A test rebuilds the data and compares it with the checked-in copy.

    python -m audit.demo.build audit/demo/data
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

from audit.engine.calendar import WorkCalendar

START, END = dt.date(2020, 1, 1), dt.date(2020, 6, 30)
NOTE = {
    "zh": "演示数据：数字取自红桥区营造法治化营商环境案例，"
    "具体记录为按数字编造的示例，不是真实政务数据。",
    "en": "Illustrative demo data: figures from the Hongqiao District case; individual records are "
    "made up to match them and are not real government data.",
}
CAL = WorkCalendar()


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def workdays(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if CAL.is_workday(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


H1 = workdays(START, END)


class Agency:
    """One evidence file being written, with its attachments."""

    def __init__(  # noqa: PLR0917 - one call per agency, read as a table
        self,
        root: Path,
        code: str,
        name: str,
        name_en: str,
        roles: list[str],
        responsible: dict[str, str],
        submitted_by: dict[str, str],
    ) -> None:
        self.root = root
        self.code = code
        self.doc: dict[str, Any] = {
            "$schema": "./tianjin-bizenv.schema.json",
            "format": "tj-audit/evidence@1",
            "checklist": "tianjin-bizenv",
            "checklist_version": "2020.1",
            "x-note": NOTE,
            "agency": {
                "code": code,
                "name": name,
                "name_en": name_en,
                "district": "红桥区",
                "roles": roles,
            },
            "period": {"start": START.isoformat(), "end": END.isoformat()},
            "submitted_at": "2020-07-06T09:30:00+08:00",
            "submitted_by": submitted_by,
            "responsible": responsible,
            "facts": {},
            "records": {},
            "documents": [],
            "items": {},
        }

    def records(self, name: str, rows: list[dict[str, Any]]) -> None:
        self.doc["records"][name] = [_jsonable(r) for r in rows]

    def document(
        self, kind: str, title: str, issued: str, *, attach: bool = True, url: str | None = None
    ) -> str:
        number = len(self.doc["documents"]) + 1
        doc_id = f"{self.code}-D{number:02d}"
        entry: dict[str, Any] = {"id": doc_id, "kind": kind, "title": title, "issued": issued}
        if attach:
            relative = f"attachments/{self.code}/{doc_id}.txt"
            target = self.root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            body = (
                f"{title}\n文号/编号：{doc_id}　印发日期：{issued}\n\n{NOTE['zh']}\n{NOTE['en']}\n"
            )
            target.write_text(body, encoding="utf-8")
            entry["path"] = relative
            entry["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest()
        if url:
            entry["url"] = url
        self.doc["documents"].append(entry)
        return doc_id

    def claim(self, item: str, claim: str, **extra: Any) -> None:
        self.doc["items"][item] = {"claim": claim, **extra}

    def write(self) -> None:
        if not self.doc["facts"]:
            del self.doc["facts"]
        path = self.root / f"{self.code}.json"
        path.write_text(json.dumps(self.doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def exemption(reason: str, decision: str, *, no_public_harm: bool = True) -> dict[str, Any]:
    return {
        "reason": reason,
        "conditions": {
            "reform_or_exploration": True,
            "lawful": True,
            "no_personal_gain": True,
            "no_public_harm": no_public_harm,
        },
        "decision": decision,
        "approved_by": "红桥区委全面依法治区委员会办公室",
    }


def monthly(day: int) -> list[dt.date]:
    return [dt.date(2020, month, day) for month in range(1, 7)]


# -- the six agencies ------------------------------------------------------------------------


def government(root: Path, rng: random.Random) -> None:
    a = Agency(
        root,
        "HQ-GOV",
        "红桥区人民政府办公室（区委依法治区办）",
        "Hongqiao District Government Office (Rule-of-Law Office)",
        ["district_government"],
        {"unit": "区委依法治区办秘书科", "person": "刘某", "leader": "区政府办公室主任"},
        {"name": "刘某", "title": "秘书科科长", "phone": "022-00000001"},
    )
    a.records(
        "coordination_meetings",
        [
            {"id": "CM-01", "date": d("2020-01-16"), "topic": "优化营商环境工作领导小组第一次会议"},
            {"id": "CM-02", "date": d("2020-02-21"), "topic": "疫情期间企业复工复产协调会"},
            {"id": "CM-03", "date": d("2020-04-10"), "topic": "优化营商环境工作领导小组第二次会议"},
        ],
    )
    units = ["区发展改革委", "区市场监管局", "区政务服务办", "区司法局", "区财政局", "区商务局"]
    tasks: list[dict[str, Any]] = []
    for n in range(12):
        deadline = END - dt.timedelta(days=15 * (11 - n))
        done = deadline - dt.timedelta(days=rng.randint(0, 10))
        tasks.append(
            {
                "id": f"T-{n + 1:02d}",
                "title": f"《天津市优化营商环境条例》任务分解第{n + 1}项",
                "unit": units[n % len(units)],
                "deadline": deadline,
                "completed": done,
            }
        )
    a.records("tasks", tasks)
    enterprises = [f"红桥区民营企业{n:02d}" for n in range(1, 21)]
    leaders = ["区长", "常务副区长", "副区长甲", "副区长乙"]
    a.records(
        "liaison_assignments",
        [
            {"id": f"LA-{n:02d}", "enterprise": e, "leader": leaders[n % 4]}
            for n, e in enumerate(enterprises, start=1)
        ],
    )
    visits: list[dict[str, Any]] = []
    for n, e in enumerate(enterprises, start=1):
        for k in range(1 + (n % 3 == 0)):
            raised = rng.randint(1, 3)
            visits.append(
                {
                    "id": f"LV-{len(visits) + 1:03d}",
                    "enterprise": e,
                    "leader": leaders[n % 4],
                    "date": rng.choice(H1[10 + 40 * k :]),
                    "issues_raised": raised,
                    "issues_resolved": raised,
                }
            )
    for visit in visits[:5]:  # a few issues still open: resolution rate about 90%
        visit["issues_resolved"] -= 1
    a.records("liaison_visits", visits)
    a.records(
        "commitments",
        [
            {
                "id": f"C-{n:02d}",
                "title": f"惠企政策承诺事项{n}",
                "due": due,
                "fulfilled": due - dt.timedelta(days=rng.randint(0, 7)),
            }
            for n, due in enumerate(monthly(20) + monthly(27)[:4], start=1)
        ],
    )
    a.records(
        "exemption_cases",
        [
            {
                "id": "EX-01",
                "decided": d("2020-03-18"),
                "reform_or_exploration": True,
                "lawful": True,
                "no_personal_gain": True,
                "no_public_harm": True,
                "granted": True,
            },
            {
                "id": "EX-02",
                "decided": d("2020-05-22"),
                "reform_or_exploration": True,
                "lawful": True,
                "no_personal_gain": True,
                "no_public_harm": True,
                "granted": True,
            },
            {
                "id": "EX-03",
                "decided": d("2020-06-12"),
                "reform_or_exploration": True,
                "lawful": False,
                "no_personal_gain": True,
                "no_public_harm": True,
                "granted": False,
            },
        ],
    )
    a.records(
        "publicity_items",
        [
            {
                "id": f"PI-{n:02d}",
                "channel": "红桥区政府网站",
                "date": day,
                "title": f"优化营商环境政策解读（第{n}期）",
            }
            for n, day in enumerate(monthly(12), start=1)
        ],
    )
    a.records(
        "enterprise_engagements",
        [
            {
                "id": "EE-01",
                "kind": "座谈会",
                "date": d("2020-03-12"),
                "issues_collected": 12,
                "issues_resolved": 9,
            },
            {
                "id": "EE-02",
                "kind": "走访",
                "date": d("2020-04-22"),
                "issues_collected": 10,
                "issues_resolved": 8,
            },
            {
                "id": "EE-03",
                "kind": "问卷调查",
                "date": d("2020-05-19"),
                "issues_collected": 18,
                "issues_resolved": 13,
            },
        ],
    )
    a.document("coordination_mechanism", "红桥区优化营商环境工作协调机制", "2019-10-15")
    a.document(
        "rule_of_law_committee_minutes",
        "区委全面依法治区委员会2020年第一次会议纪要（营商环境列为年度重点任务）",
        "2020-04-17",
    )
    a.document("special_lecture", "区委书记法治化营商环境专题讲座材料", "2020-05-14")
    a.document("integrity_ledger", "红桥区政务诚信建设工作台账（2020年上半年）", "2020-06-30")
    a.document(
        "accountability_rules",
        "红桥区损害营商环境追责机制",
        "2019-12-20",
        url="https://example.invalid/hongqiao/accountability",
    )
    a.document("fault_tolerance_rules", "红桥区容错免责机制", "2019-12-20")
    decision = a.document(
        "fault_tolerance_decision", "关于企业诉求办理问题的容错申请材料", "2020-07-03"
    )
    for item in (
        "TJ-LEAD-01",
        "TJ-LEAD-02",
        "TJ-LEAD-03",
        "TJ-LEAD-04",
        "TJ-CRED-01",
        "TJ-POL-01",
        "TJ-POL-02",
        "TJ-PUB-01",
    ):
        a.claim(item, "met")
    a.claim(
        "TJ-PUB-02",
        "partly_met",
        note="部分诉求需跨部门协调，尚在办理",
        exemption=exemption(
            "疫情期间诉求集中，部分问题需跨部门协调，未能按期办结", decision, no_public_harm=False
        ),
    )
    a.claim(
        "TJ-CRED-03",
        "not_applicable",
        justification="《保障中小企业款项支付条例》2020年9月1日起施行",
    )
    a.write()


def services(root: Path, rng: random.Random) -> None:
    a = Agency(
        root,
        "HQ-ZWFW",
        "红桥区政务服务办公室",
        "Hongqiao District Government Service Office",
        ["government_services"],
        {"unit": "审批改革科", "person": "赵某", "leader": "区政务服务办主任"},
        {"name": "赵某", "title": "审批改革科科长"},
    )
    tasks: list[dict[str, Any]] = []
    for n in range(8):
        deadline = dt.date(2020, 1 + n * 5 // 8, 25) if n != 5 else d("2020-05-31")
        done = deadline - dt.timedelta(days=rng.randint(0, 8))
        title = f"政务服务改革任务{n + 1}"
        if n == 5:
            title, done = "智能审批试点（改革探索任务）", d("2020-06-19")
        tasks.append(
            {
                "id": f"ZT-{n + 1:02d}",
                "title": title,
                "unit": "审批改革科",
                "deadline": deadline,
                "completed": done,
            }
        )
    a.records("tasks", tasks)
    accepted = sorted(rng.sample(H1[5:-20], 15))
    rows: list[dict[str, Any]] = []
    for n, day in enumerate(accepted, start=1):
        promised = CAL.add_working_days(day, 10)
        supplemented = promised - dt.timedelta(days=rng.randint(0, 6))
        if n == 9:
            supplemented = promised + dt.timedelta(days=3)
        rows.append(
            {
                "id": f"CA-{n:02d}",
                "accepted": day,
                "promised_by": promised,
                "supplemented": supplemented,
            }
        )
    a.records("conditional_acceptances", rows)
    channels = ["红桥有线", "美丽红桥", "红桥经济"]
    a.records(
        "publicity_items",
        [
            {
                "id": f"ZP-{n:02d}",
                "channel": channels[n % 3],
                "date": day,
                "title": f"容缺受理与惠企政策宣传（{day.month}月）",
            }
            for n, day in enumerate(monthly(8))
        ],
    )
    a.records(
        "enterprise_engagements",
        [
            {
                "id": "ZE-01",
                "kind": "政策宣讲会",
                "date": d("2020-02-26"),
                "issues_collected": 11,
                "issues_resolved": 10,
            },
            {
                "id": "ZE-02",
                "kind": "商务楼宇走访",
                "date": d("2020-03-20"),
                "issues_collected": 14,
                "issues_resolved": 13,
            },
            {
                "id": "ZE-03",
                "kind": "线上问卷",
                "date": d("2020-05-15"),
                "issues_collected": 5,
                "issues_resolved": 4,
            },
        ],
    )
    a.doc["facts"]["policy_enterprises_reached"] = 1280
    a.document("conditional_acceptance_rules", "红桥区政务服务容缺受理承诺制实施办法", "2019-11-28")
    a.document("policy_compilation", "红桥区惠企政策汇编（2020年版）", "2020-03-02")
    a.document("policy_compilation", "商务楼宇疫情防控及复工复产指引", "2020-02-18")
    decision = a.document(
        "fault_tolerance_decision", "关于智能审批试点未按期完成的容错免责认定书", "2020-07-02"
    )
    for item in ("TJ-CRED-07", "TJ-PUB-01", "TJ-PUB-02", "TJ-PUB-04"):
        a.claim(item, "met")
    a.claim(
        "TJ-LEAD-02",
        "partly_met",
        note="智能审批试点未按期完成",
        responsible={"unit": "审批改革科", "person": "赵某"},
        exemption=exemption("智能审批试点属改革探索，因系统对接延期未按期完成", decision),
    )
    a.write()


def development(root: Path, rng: random.Random) -> None:
    a = Agency(
        root,
        "HQ-FGW",
        "红桥区发展和改革委员会",
        "Hongqiao District Development and Reform Commission",
        ["industry_support"],
        {"unit": "产业发展科", "person": "孙某", "leader": "区发展改革委主任"},
        {"name": "孙某", "title": "产业发展科科长"},
    )
    early = [day for day in H1 if day <= d("2020-05-08")]
    approvals = sorted(rng.choices(early, k=96))
    late_june = [day for day in H1 if day >= d("2020-06-16")]
    june = sorted(rng.sample(late_june, 6))
    applications, disbursements = [], []
    amounts = [round(rng.uniform(12.0, 40.0), 2) for _ in approvals]
    scale = 2478.6 / sum(amounts)  # close to 25 million yuan (万元) in all
    amounts = [round(x * scale, 2) for x in amounts]
    amounts[-1] = round(2478.6 - sum(amounts[:-1]), 2)
    for n, (day, amount) in enumerate(zip(approvals, amounts, strict=True), start=1):
        enterprise = f"红桥区扶持企业{n:03d}"
        applications.append(
            {"id": f"SA-{n:03d}", "enterprise": enterprise, "approved": day, "amount": amount}
        )
        paid = min(day + dt.timedelta(days=rng.randint(5, 25)), d("2020-05-29"))
        disbursements.append(
            {
                "id": f"SD-{n:03d}",
                "application": f"SA-{n:03d}",
                "enterprise": enterprise,
                "paid": paid,
                "amount": amount,
            }
        )
    for k, day in enumerate(june, start=len(approvals) + 1):
        applications.append(
            {
                "id": f"SA-{k:03d}",
                "enterprise": f"红桥区扶持企业{k:03d}",
                "approved": day,
                "amount": round(rng.uniform(10.0, 30.0), 2),
            }
        )
    a.records("support_applications", applications)
    a.records("support_disbursements", disbursements)
    a.records(
        "commitments",
        [
            {
                "id": f"FC-{n:02d}",
                "title": f"产业扶持政策兑现承诺{n}",
                "due": due,
                "fulfilled": due - dt.timedelta(days=rng.randint(0, 5)),
            }
            for n, due in enumerate(monthly(15)[:5], start=1)
        ],
    )
    a.document("integrity_ledger", "红桥区发展改革委政务诚信台账（2020年上半年）", "2020-06-30")
    a.claim("TJ-CRED-01", "met")
    a.claim("TJ-CRED-02", "met", note="前五个月扶持资金已全部兑现")
    a.claim("TJ-CRED-03", "not_applicable", justification="条例2020年9月1日起施行")
    a.write()


def market(root: Path, rng: random.Random) -> None:
    a = Agency(
        root,
        "HQ-SCJG",
        "红桥区市场监督管理局",
        "Hongqiao District Market Regulation Bureau",
        ["market_regulation", "enforcement"],
        {"unit": "法规科", "person": "王某", "leader": "李某"},
        {"name": "王某", "title": "法规科科长", "phone": "022-00000002"},
    )
    days = sorted(rng.sample([x for x in H1 if x <= d("2020-06-19")], 38))
    decisions: list[dict[str, Any]] = []
    for n, day in enumerate(days, start=1):
        published = CAL.add_working_days(day, rng.randint(1, 6))
        decisions.append(
            {
                "id": f"津红市监罚〔2020〕{n:02d}号",
                "decided": day,
                "published": published,
                "major": n % 7 == 0,
                "repair_notice": True,
            }
        )
    # On time only on the official calendar: 7 working days after 1 April run to 13 April,
    # because 4-6 April (Qingming) are holidays; a plain Monday-Friday count ends on 10 April.
    decisions.append(
        {
            "id": "津红市监罚〔2020〕39号",
            "decided": d("2020-04-01"),
            "published": d("2020-04-13"),
            "major": False,
            "repair_notice": True,
        }
    )
    # Late across the Labour Day holiday: 7 working days after 29 April end on 12 May (1-5 May
    # off, Saturday 9 May a make-up working day); published 13 May, 14 calendar days later.
    decisions.append(
        {
            "id": "津红市监罚〔2020〕40号",
            "decided": d("2020-04-29"),
            "published": d("2020-05-13"),
            "major": False,
            "repair_notice": True,
        }
    )
    decisions.sort(key=lambda r: r["decided"])
    late = next(r for r in decisions if r["decided"].month == 3 and not r["major"])
    late["published"] = late["decided"] + dt.timedelta(days=18)  # plainly late
    a.records("penalty_decisions", decisions)
    reviews: list[dict[str, Any]] = []
    majors = [r for r in decisions if r["major"]]
    for n, decision in enumerate(majors, start=1):
        reviewed = decision["decided"] - dt.timedelta(days=rng.randint(1, 4))
        if n == 3:  # the one major decision reviewed only after it was made
            reviewed = decision["decided"] + dt.timedelta(days=2)
        reviews.append(
            {
                "id": f"LR-2020-{n:03d}",
                "case": decision["id"],
                "reviewed": reviewed,
                "opinion": "同意",
            }
        )
    a.records("legal_reviews", reviews)
    closed: list[dict[str, Any]] = []
    for n, day in enumerate(sorted(rng.sample(H1[:-8], 25)), start=1):
        closed.append({"id": f"CC-{n:02d}", "closed": day, "class_changed": n % 2 == 0})
    a.records("closed_cases", closed)
    a.records(
        "sms_notices",
        [
            {
                "id": f"SMS-{n:02d}",
                "case": c["id"],
                "sent": CAL.add_working_days(c["closed"], rng.randint(1, 4)),
            }
            for n, c in enumerate((c for c in closed if c["class_changed"]), start=1)
        ],
    )
    a.records(
        "trainings",
        [
            {
                "id": "TR-01",
                "topic": "市场主体信用风险分类修复业务培训",
                "date": d("2020-04-23"),
                "attendees": 46,
            },
        ],
    )
    acceptances: list[dict[str, Any]] = []
    for n, day in enumerate(sorted(rng.sample(H1[5:-20], 10)), start=1):
        promised = CAL.add_working_days(day, 15)
        acceptances.append(
            {
                "id": f"SCA-{n:02d}",
                "accepted": day,
                "promised_by": promised,
                "supplemented": promised - dt.timedelta(days=rng.randint(0, 5)),
            }
        )
    a.records("conditional_acceptances", acceptances)
    markets = [f"红桥区第{n}农贸市场" for n in range(1, 20)]
    operators: list[dict[str, Any]] = []
    for n, name in enumerate(markets, start=1):
        due = round(rng.uniform(0.8, 3.5), 2)  # 5% of the bill (95% tariff), 万元
        operators.append({"id": f"RP-{n:02d}", "market": name, "refund_due": due, "refunded": due})
    a.records("resale_power_operators", operators)
    a.records(
        "market_meeting_attendance",
        [
            {"id": f"MA-{n:02d}", "market": name, "date": d("2020-03-26")}
            for n, name in enumerate(markets, start=1)
        ],
    )
    a.doc["facts"]["markets_total"] = len(markets)
    complaints: list[dict[str, Any]] = []
    for n, day in enumerate(
        sorted(rng.sample([x for x in H1 if x <= d("2020-06-10")], 12)), start=1
    ):
        contacted = day if n != 7 else CAL.add_working_days(day, 2)  # second working day
        complaints.append(
            {
                "id": f"PC-{n:02d}",
                "received": day,
                "contacted": contacted,
                "answered": CAL.add_working_days(day, rng.randint(3, 12)),
            }
        )
    a.records("price_complaints", complaints)
    a.records(
        "enforcement_cases",
        [
            {"id": f"EC-{n:03d}", "opened": day, "recorded": n not in (17, 41)}
            for n, day in enumerate(sorted(rng.choices(H1, k=60)), start=1)
        ],
    )
    a.document("credit_repair_template", "市场主体信用风险分类修复申请表（模板）", "2020-03-01")
    a.document("credit_repair_duty_division", "信用修复工作职责分工方案", "2020-03-05")
    a.document("conditional_acceptance_rules", "市场主体登记容缺受理承诺制工作规程", "2019-12-12")
    a.document(
        "price_policy_notice",
        "关于转供电主体执行阶段性降低电价政策（按95%结算）的告知书",
        "2020-03-20",
    )
    for item in (
        "TJ-CRED-04",
        "TJ-CRED-05",
        "TJ-CRED-06",
        "TJ-CRED-07",
        "TJ-POL-03",
        "TJ-ENF-01",
        "TJ-ENF-02",
    ):
        a.claim(item, "met")
    a.claim("TJ-ENF-03", "met", note="重大处罚均经法制审核")
    a.claim("TJ-POL-04", "partly_met", note="个别投诉次日才联系到投诉人")
    a.write()


def justice(root: Path, rng: random.Random) -> None:
    a = Agency(
        root,
        "HQ-SFJ",
        "红桥区司法局",
        "Hongqiao District Justice Bureau",
        ["enforcement_supervision", "public_legal_services"],
        {"unit": "行政执法监督科", "person": "陈某", "leader": "区司法局局长"},
        {"name": "陈某", "title": "行政执法监督科科长"},
    )
    entries = [rng.randint(40, 180) for _ in range(34)]
    entries[-1] += 3943 - sum(entries)  # 3,943 entries in all
    a.records(
        "platform_units",
        [
            {"id": f"PU-{n:02d}", "name": f"红桥区行政执法单位{n:02d}", "entries": e}
            for n, e in enumerate(entries, start=1)
        ],
    )
    a.records(
        "trainings",
        [
            {
                "id": "ST-01",
                "topic": "行政执法监督平台使用培训（第一批）",
                "date": d("2020-05-12"),
                "attendees": 17,
            },
            {
                "id": "ST-02",
                "topic": "行政执法监督平台使用培训（第二批）",
                "date": d("2020-05-19"),
                "attendees": 17,
            },
        ],
    )
    a.doc["facts"].update({"officers_total": 1036, "officers_registered": 1036})
    a.records(
        "notarizations",
        [
            {
                "id": f"NZ-{n:02d}",
                "enterprise": f"红桥区民营企业{n:02d}",
                "date": rng.choice(H1),
                "kind": ["合同", "知识产权", "复工复产证明"][n % 3],
            }
            for n in range(1, 24)
        ],
    )
    members = [{"id": f"CH-{n:02d}", "name": f"红桥区工商联会员企业{n:02d}"} for n in range(1, 53)]
    a.records("chamber_members", members)
    a.records(
        "legal_service_visits",
        [
            {"id": f"LS-{n:02d}", "member": m["id"], "date": rng.choice(H1)}
            for n, m in enumerate(members[:48], start=1)
        ],
    )
    materials = [
        {
            "id": f"LM-{n:02d}",
            "kind": "微视频",
            "title": f"法律服务微视频第{n}集",
            "date": rng.choice(H1),
            "copies": 1,
        }
        for n in range(1, 10)
    ]
    materials.append(
        {
            "id": "LM-10",
            "kind": "问答手册",
            "title": "民营企业常见法律问题问答手册",
            "date": d("2020-04-08"),
            "copies": 720,
        }
    )
    a.records("legal_materials", materials)
    a.document("legal_review_rules", "红桥区重大行政执法决定法制审核办法", "2019-09-20")
    a.document(
        "discretion_benchmarks",
        "红桥区行政处罚裁量基准（汇编）",
        "2019-11-06",
        url="https://example.invalid/hongqiao/discretion",
    )
    a.document("legal_service_group", "红桥区律师服务团组建方案", "2020-02-25")
    a.document("dispute_resolution_mechanism", "红桥区多元化纠纷解决机制工作方案", "2019-12-30")
    for item in ("TJ-ENF-04", "TJ-ENF-05", "TJ-ENF-06", "TJ-LEGAL-01", "TJ-LEGAL-03"):
        a.claim(item, "met")
    a.claim("TJ-LEGAL-02", "not_met", note="尚有会员企业未走访")
    a.claim("TJ-PUB-03", "met")
    a.write()


def court(root: Path, rng: random.Random) -> None:
    a = Agency(
        root,
        "HQ-FY",
        "红桥区人民法院",
        "Hongqiao District People's Court",
        ["court"],
        {"unit": "审判管理办公室", "person": "周某", "leader": "分管副院长"},
        {"name": "周某", "title": "审判管理办公室主任"},
    )
    a.doc["facts"].update(
        {
            "cases_accepted": 5307,
            "online_filings": 1031,
            "cross_region_filings": 3,
            "executions_received": 2270,
            "executions_concluded": 1345,
            "execution_amount": 25789.86,
            "appeal_fee_collection": True,
        }
    )
    services: list[dict[str, Any]] = []
    kinds = ["service", "appraisal", "preservation"]
    requested = sorted(rng.choices([x for x in H1 if x <= d("2020-06-22")], k=75))
    for n, day in enumerate(requested, start=1):
        completed: dt.date | None = day + dt.timedelta(days=rng.randint(2, 25))
        if n in (20, 52):
            completed = day + dt.timedelta(days=41)
        if day >= d("2020-06-18"):
            completed = None  # still running, not yet due at the as-of date
        row: dict[str, Any] = {"id": f"AS-{n:02d}", "kind": kinds[n % 3], "requested": day}
        if completed is not None:
            row["completed"] = completed
        services.append(row)
    a.records("auxiliary_services", services)
    seizures: list[dict[str, Any]] = []
    for n in range(1, 11):
        claim = round(rng.uniform(20, 400), 2)
        divisible = n % 4 != 0
        seized = round(claim * rng.uniform(0.6, 1.0), 2) if divisible else round(claim * 1.3, 2)
        seizures.append(
            {
                "id": f"SZ-{n:02d}",
                "case": f"（2020）津0106执{n:03d}号",
                "date": rng.choice(H1),
                "claim_amount": claim,
                "seized_value": seized,
                "divisible": divisible,
            }
        )
    a.records("seizures", seizures)
    a.document("appeal_fee_rules", "一审法院代收上诉费工作规程", "2019-10-08")
    a.document("linkage_agreement", "执行联动协作协议（区公安分局、交警支队）", "2020-01-10")
    for item in ("TJ-JUD-01", "TJ-JUD-02", "TJ-JUD-03", "TJ-JUD-04", "TJ-JUD-05", "TJ-JUD-06"):
        a.claim(item, "met")
    a.write()


AGENCIES = (government, services, development, market, justice, court)


def build(root: Path) -> None:
    """Write the demo evidence (and attachments) into ``root``, replacing what is there."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    rng = random.Random(20200715)
    for make in AGENCIES:
        make(root, rng)
    (root / "README.md").write_text(
        "# 红桥区 2020 年上半年示例证据 / Hongqiao District 2020-H1 example evidence\n\n"
        f"{NOTE['zh']}\n\n{NOTE['en']}\n\n"
        "Rebuild: `python -m audit.demo.build audit/demo/data`\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "audit/demo/data"))
