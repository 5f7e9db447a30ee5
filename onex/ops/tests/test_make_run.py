"""`make run` serves certificate links for the host and port it serves (ONEX_PUBLIC_URL)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def planned_run(*assignments: str) -> str:
    """What `make run` would do, without doing it (make's dry run)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    return subprocess.run(
        [make, "-n", "-C", str(ROOT), "run", *assignments], capture_output=True, text=True, check=True
    ).stdout


def test_links_follow_the_port_make_run_serves():
    plan = planned_run("PORT=9001")
    assert 'ONEX_PUBLIC_URL="http://127.0.0.1:9001"' in plan
    assert "runserver --noreload 127.0.0.1:9001" in plan


def test_a_public_address_given_to_make_run_wins():
    plan = planned_run("PORT=9001", "ONEX_PUBLIC_URL=https://onex.example.edu.cn")
    assert 'ONEX_PUBLIC_URL="https://onex.example.edu.cn"' in plan
