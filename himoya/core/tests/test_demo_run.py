"""`himoya demo --no-serve` twice on a fresh var directory: no failure, no duplicates."""

import re
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import get_commands

from himoya.core.tests.subprocesses import HIMOYA, clean_env, himoya

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::ResourceWarning")]

# Demo users get fresh passwords on every run, and each change is audited.
GROWS_ON_RERUN = {"audit_auditentry"}


def row_counts(database) -> dict[str, int]:
    db = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    finally:
        db.close()


@pytest.mark.skipif("load_demo" not in get_commands(), reason="load_demo is not written yet")
def test_demo_twice_gives_the_same_data(tmp_path):
    first = himoya("demo", "--no-serve", var_dir=tmp_path, timeout=600)
    assert first.returncode == 0, first.stderr
    database = tmp_path / "himoya.sqlite3"
    counts_after_first = row_counts(database)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert "admin" in first.stdout  # the demo users and their passwords are printed

    second = himoya("demo", "--no-serve", var_dir=tmp_path, timeout=600)
    assert second.returncode == 0, second.stderr
    counts_after_second = row_counts(database)

    for table in GROWS_ON_RERUN:
        assert counts_after_second.pop(table) >= counts_after_first.pop(table)
    assert counts_after_second == counts_after_first
    assert counts_after_first["directory_organisation"] > 0
    assert counts_after_first["accounts_user"] > 0

    verified = himoya("audit", "verify", var_dir=tmp_path, HIMOYA_MODE="demo")
    assert verified.returncode == 0, verified.stderr
    assert "OK:" in verified.stdout

    check_served_pages(tmp_path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our server)
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def check_served_pages(var_dir) -> None:
    """gunicorn + whitenoise with debug off serve pages, static files and the API schema."""
    base = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen(  # noqa: S603
        [str(HIMOYA), "serve", "--bind", base.removeprefix("http://"), "--workers", "1"],
        cwd=var_dir,
        env=clean_env(var_dir, HIMOYA_MODE="demo"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        status, _type, home = fetch(base + "/")
        assert status == 200 and 'lang="tg"' in home
        assert fetch(base + "/ru/")[0] == 200
        status, content_type, _body = fetch(base + "/api/openapi.json")
        assert status == 200 and content_type.startswith("application/json")
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
        assert fetch(base + stylesheet)[0] == 200  # whitenoise serves the hashed file
        status, _type, missing = fetch(base + "/no-such-page/")
        assert status == 404 and "Traceback" not in missing  # debug is off
    finally:
        server.terminate()
        server.communicate(timeout=30)
