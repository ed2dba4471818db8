"""`eduautismo serve --print-env-contract` lists every variable of INFRA.md §1.1 (check C27)."""
import re
import subprocess

from conftest import BINARY, SHARED


def _infra_names():
    text = (SHARED / "spec" / "INFRA.md").read_text(encoding="utf-8")
    section = text.split("### 1.1", 1)[1].split("### 1.2", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell))
    return names


def test_print_env_contract_covers_infra_table():
    out = subprocess.run([BINARY, "serve", "--print-env-contract"], capture_output=True, text=True,
                         timeout=10, check=True).stdout.split()
    listed = set(out)
    assert len(listed) == len(out), "duplicates"
    infra = _infra_names()
    assert len(infra) >= 70
    missing = infra - listed
    assert not missing, f"not in --print-env-contract: {sorted(missing)}"
    # the server's own knobs are listed too
    assert {"EDU_DATA_DIR", "EDU_BIND_ADDRESS", "EDU_IO_THREADS"} <= listed
