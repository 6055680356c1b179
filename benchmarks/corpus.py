"""A deterministic city-scale corpus of valid tianjin-bizenv evidence files.

    python -m benchmarks.corpus OUT --files 2000 --records 500 [--seed 7]
        [--shape plain|bom|crlf|escaped|x-note|x-column] [--warned 0.0625]

Every file is a market-regulation and enforcement agency of one district, half-year
2020-H1, with its records spread over ten record sets; a few records fail checks so that
``audit run`` has findings to report. The same arguments always give the same bytes.

``--shape`` writes the same documents another way agencies' tools do: a byte-order mark,
CRLF line ends, Chinese escaped as ``\\uXXXX`` (Python's json.dumps default), a top-level
``x-note``, or an ``x-`` member in every record (an ``x-`` column of a workbook).
``--warned`` gives that share of the files one training dated before the period (a
warning to place).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

START = dt.date(2020, 1, 1)
DAYS = [START + dt.timedelta(days=n) for n in range(182)]
DISTRICTS = [
    "和平区",
    "河东区",
    "河西区",
    "南开区",
    "河北区",
    "红桥区",
    "东丽区",
    "西青区",
    "津南区",
    "北辰区",
    "武清区",
    "宝坻区",
    "滨海新区",
    "宁河区",
    "静海区",
    "蓟州区",
]
SHARES = {  # how a file's records are spread over its sets
    "penalty_decisions": 0.25,
    "legal_reviews": 0.05,
    "closed_cases": 0.15,
    "sms_notices": 0.05,
    "price_complaints": 0.1,
    "enforcement_cases": 0.25,
    "conditional_acceptances": 0.1,
    "trainings": 0.01,
    "market_meeting_attendance": 0.02,
    "resale_power_operators": 0.02,
}


def _day(rng: random.Random) -> str:
    return rng.choice(DAYS).isoformat()


def _later(day: str, rng: random.Random, most: int) -> str:
    later = dt.date.fromisoformat(day) + dt.timedelta(days=rng.randint(0, most))
    return min(later, DAYS[-1]).isoformat()  # primary dates stay inside the period


def evidence(index: int, records: int, rng: random.Random) -> dict[str, Any]:
    """One agency's evidence with about ``records`` records."""
    n = {name: max(1, round(records * share)) for name, share in SHARES.items()}
    penalties = []
    for k in range(n["penalty_decisions"]):
        day = _day(rng)
        penalties.append(
            {
                "id": f"P{k:07d}",
                "decided": day,
                "published": _later(day, rng, 9),
                "major": k % 20 == 0,
                "repair_notice": True,
            }
        )
    reviews = [
        {"id": f"R{k:07d}", "case": p["id"], "reviewed": p["decided"], "opinion": "同意"}
        for k, p in enumerate(p for p in penalties if p["major"])
    ]
    closed = [
        {"id": f"C{k:07d}", "closed": _day(rng), "class_changed": k % 3 == 0}
        for k in range(n["closed_cases"])
    ]
    sms = [
        {"id": f"S{k:07d}", "case": c["id"], "sent": _later(c["closed"], rng, 4)}
        for k, c in enumerate(c for c in closed if c["class_changed"])
    ]
    complaints = []
    for k in range(n["price_complaints"]):
        day = _day(rng)
        complaints.append(
            {
                "id": f"Q{k:07d}",
                "received": day,
                "contacted": _later(day, rng, 1),
                "answered": _later(day, rng, 14),
            }
        )
    acceptances = []
    for k in range(n["conditional_acceptances"]):
        day = _day(rng)
        promised = _later(day, rng, 20)
        acceptances.append(
            {"id": f"A{k:07d}", "accepted": day, "promised_by": promised, "supplemented": promised}
        )
    markets = max(1, n["market_meeting_attendance"])
    return {
        "format": "tj-audit/evidence@1",
        "checklist": "tianjin-bizenv",
        "checklist_version": "2020.1",
        "agency": {
            "code": f"BENCH-{index:05d}",
            "name": f"基准测试单位{index:05d}",
            "district": DISTRICTS[index % len(DISTRICTS)],
            "roles": ["market_regulation", "enforcement"],
        },
        "period": {"start": "2020-01-01", "end": "2020-06-30"},
        "submitted_at": "2020-07-05T10:00:00+08:00",
        "submitted_by": {"name": "基准测试"},
        "facts": {"markets_total": markets},
        "records": {
            "penalty_decisions": penalties,
            "legal_reviews": reviews,
            "closed_cases": closed,
            "sms_notices": sms,
            "price_complaints": complaints,
            "enforcement_cases": [
                {"id": f"E{k:07d}", "opened": _day(rng), "recorded": True}
                for k in range(n["enforcement_cases"])
            ],
            "conditional_acceptances": acceptances,
            "trainings": [
                {"id": f"T{k:05d}", "topic": "信用修复培训", "date": _day(rng), "attendees": 30}
                for k in range(n["trainings"])
            ],
            "market_meeting_attendance": [
                {"id": f"M{k:05d}", "market": f"市场{k}", "date": _day(rng)} for k in range(markets)
            ],
            "resale_power_operators": [
                {"id": f"O{k:05d}", "market": f"市场{k}", "refund_due": 1.5, "refunded": 1.5}
                for k in range(n["resale_power_operators"])
            ],
        },
        "documents": [
            {
                "id": f"D{k}",
                "kind": kind,
                "title": "制度文件",
                "issued": "2020-01-15",
                "url": f"https://example.invalid/{index}/{kind}",
            }
            for k, kind in enumerate(
                [
                    "credit_repair_template",
                    "credit_repair_duty_division",
                    "conditional_acceptance_rules",
                    "price_policy_notice",
                ]
            )
        ],
        "items": {"TJ-ENF-01": {"claim": "met"}, "TJ-ENF-03": {"claim": "met"}},
    }


SHAPES = ("plain", "bom", "crlf", "escaped", "x-note", "x-column")


def build(
    out: Path,
    *,
    files: int,
    records: int,
    seed: int = 7,
    shape: str = "plain",
    warned: float = 0.0,
) -> tuple[int, int]:
    """Write the corpus; return (bytes, records) written."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    every = round(1 / warned) if warned else 0
    total_bytes = total_records = 0
    for index in range(files):
        doc = evidence(index, records, rng)
        if every and index % every == 0:
            doc["records"]["trainings"][0]["date"] = "2019-12-31"
        if shape == "x-note":
            doc = {"x-note": {"zh": "基准测试数据", "en": "benchmark data"}, **doc}
        elif shape == "x-column":
            for rows in doc["records"].values():
                for record in rows:
                    record["x-来源"] = "导入"
        text = json.dumps(doc, ensure_ascii=shape == "escaped", indent=1)
        if shape == "crlf":
            text = text.replace("\n", "\r\n")
        data = (b"\xef\xbb\xbf" if shape == "bom" else b"") + text.encode("utf-8")
        (out / f"agency-{index:05d}.json").write_bytes(data)
        total_bytes += len(data)
        total_records += sum(len(v) for v in doc["records"].values())
    return total_bytes, total_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shape", choices=SHAPES, default="plain")
    parser.add_argument("--warned", type=float, default=0.0, help="share of files warned")
    args = parser.parse_args()
    size, records = build(
        args.out,
        files=args.files,
        records=args.records,
        seed=args.seed,
        shape=args.shape,
        warned=args.warned,
    )
    print(f"{args.files} files, {records:,} records, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
