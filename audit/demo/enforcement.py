"""Demo evidence of the market-regulation bureau, the justice bureau and the district court
(illustrative)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from audit.demo.agency import CAL, H1, Agency, d


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
