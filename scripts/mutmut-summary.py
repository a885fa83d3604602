"""Per-module mutation scores from mutmut's results (run from models/, after `mutmut run`).

Score = (killed + timeout + caught by type check) / every mutant that ran; surviving and untested
("no tests") mutants count against it, "not checked" ones (not run yet) are listed apart."""

import collections
import re
import subprocess
import sys
from pathlib import Path

MUTMUT = Path(sys.executable).with_name("mutmut")
out = subprocess.run([str(MUTMUT), "results", "--all", "true"], capture_output=True, text=True, check=True).stdout
by_module: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
survivors: list[str] = []
for line in out.splitlines():
    m = re.match(r"\s+(cladmop\.(\w+)\.\S+): (.+)$", line)
    if not m:
        continue
    name, module, status = m.group(1), m.group(2), m.group(3).strip()
    by_module[module][status] += 1
    if status in ("survived", "no tests"):
        survivors.append(f"{name}: {status}")
print(f"{'module':<12}{'mutants':>8}{'killed':>8}{'survived':>9}{'no tests':>9}{'timeout':>8}{'unrun':>7}{'score':>8}")
for module, c in sorted(by_module.items()):
    caught = c["killed"] + c["timeout"] + c["caught by type check"]
    ran = sum(c.values()) - c["not checked"] - c["skipped"]
    score = f"{100 * caught / ran:.1f}%" if ran else "-"
    print(f"{module:<12}{sum(c.values()):>8}{c['killed']:>8}{c['survived']:>9}{c['no tests']:>9}{c['timeout']:>8}"
          f"{c['not checked']:>7}{score:>8}")
print("\nsurviving mutants (`cd models && ../.venv/bin/mutmut show NAME` prints the change):")
print("\n".join(survivors) or "(none)")
