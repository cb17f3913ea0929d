"""`PORT=8803 make run`, as the README suggests for a busy port 8000, serves on 8803 and its
emails link there too."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Stands in for the virtualenv's python: records how make called it and the address the links
# of an email would have, from the real settings in the environment make gave it.
RECORDER = """
import json, os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings")
import django
django.setup()
from notifications.emails import absolute_url
with open(os.environ["RECORD_TO"], "a") as record:
    record.write(json.dumps({"args": sys.argv[1:], "link": absolute_url("/en/me/")}) + "\\n")
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make: apt-get install -y make")
def test_make_run_on_another_port_sends_email_links_to_that_port(tmp_path):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (tmp_path / "recorder.py").write_text(RECORDER)
    python = fake_bin / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{tmp_path / "recorder.py"}" "$@"\n')
    python.chmod(0o755)
    record = tmp_path / "calls.jsonl"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SITE_URL", "DEBUG", "MAKEFLAGS", "MAKELEVEL")
    }
    env.update(PORT="8803", RECORD_TO=str(record))

    # -o install: the virtualenv is there already; BIN points make at the recorder.
    subprocess.run(
        ["make", "--no-print-directory", "-o", "install", "run", f"BIN={fake_bin}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    calls = [json.loads(line) for line in record.read_text().splitlines()]
    assert [call["args"][1] for call in calls] == ["migrate", "seed_demo", "runserver"]
    assert calls[-1]["args"][-1] == "127.0.0.1:8803"
    assert {call["link"] for call in calls} == {"http://127.0.0.1:8803/en/me/"}
