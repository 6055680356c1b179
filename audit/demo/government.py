"""Demo evidence of the district government, its government-services office and its
development and reform commission (illustrative)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from audit.demo.agency import CAL, END, H1, Agency, d, exemption, monthly


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
