"""Build the demo evidence: six Hongqiao agencies, 2020-01-01 – 2020-06-30 (illustrative).

The figures come from the Hongqiao District case (红桥区营造法治化营商环境保护民营企业发展案例):
5,307 cases accepted, 1,031 online; 2,270 enforcement cases, 1,345 concluded (59.25%); 34
platform units, 3,943 entries; 23 notarisations; 19 food markets … The individual records
are made up to match them, deterministically (a seeded generator), and every file says so.
A test rebuilds the data and compares it with the checked-in copy.

    python -m audit.demo.build audit/demo/data
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from audit.demo.agency import NOTE
from audit.demo.enforcement import court, justice, market
from audit.demo.government import development, government, services

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
