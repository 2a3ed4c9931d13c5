"""The `himoya` console script: help, deploy checks, audit verify, manage passthrough."""

import pytest

from himoya.core.tests.subprocesses import PRODUCTION_ENV, himoya

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::ResourceWarning")]


def test_help_lists_the_commands(tmp_path):
    result = himoya("--help", var_dir=tmp_path)
    assert result.returncode == 0
    for word in ("demo", "serve", "check", "audit verify", "manage"):
        assert word in result.stdout, word


def test_check_passes_with_sensible_production_settings(tmp_path):
    result = himoya(
        "check",
        var_dir=tmp_path,
        **PRODUCTION_ENV,
        ALLOWED_HOSTS="himoya.example.org",
        HIMOYA_HTTPS="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pass" in result.stdout


def test_check_reports_problems_and_fails(tmp_path):
    result = himoya(
        "check",
        var_dir=tmp_path,
        SECRET_KEY="too-short",
        HIMOYA_HTTPS="0",
        HIMOYA_FIELD_KEYS=PRODUCTION_ENV["HIMOYA_FIELD_KEYS"],
    )
    assert result.returncode == 1
    for problem in ("security.W009", "security.W012", "security.W004"):
        assert problem in result.stderr, problem


def test_check_with_debug_on_fails(tmp_path):
    result = himoya("check", var_dir=tmp_path, **PRODUCTION_ENV, HIMOYA_HTTPS="1", DEBUG="1")
    assert result.returncode == 1
    assert "security.W018" in result.stderr


def test_audit_verify_and_manage_on_a_fresh_database(tmp_path):
    env = dict(PRODUCTION_ENV)
    migrated = himoya("manage", "migrate", "--verbosity", "0", var_dir=tmp_path, **env)
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "himoya.sqlite3").exists()
    verified = himoya("audit", "verify", var_dir=tmp_path, **env)
    assert verified.returncode == 0, verified.stderr
    assert "OK: 0 entries verified" in verified.stdout


def test_unknown_command_is_a_usage_error(tmp_path):
    result = himoya("dance", var_dir=tmp_path)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_audit_verify_names_a_row_edited_in_the_database_file(tmp_path):
    import sqlite3

    env = dict(PRODUCTION_ENV)
    assert himoya("manage", "migrate", "--verbosity", "0", var_dir=tmp_path, **env).returncode == 0
    script = (
        "from himoya.audit.services import record\n"
        "for action in ('sign_in', 'user_created', 'sign_out'): record(action)\n"
    )
    wrote = himoya("manage", "shell", "-c", script, var_dir=tmp_path, **env)
    assert wrote.returncode == 0, wrote.stderr
    first = himoya("audit", "verify", var_dir=tmp_path, **env)
    assert "OK: 3 entries verified" in first.stdout
    anchor = first.stdout.split("newest anchor ")[1].strip()
    anchored = himoya("audit", "verify", "--anchor", anchor, var_dir=tmp_path, **env)
    assert anchored.returncode == 0, anchored.stderr
    bad = himoya("audit", "verify", "--anchor", "3:abc", var_dir=tmp_path, **env)
    assert bad.returncode == 2 and "--anchor" in bad.stderr

    with sqlite3.connect(tmp_path / "himoya.sqlite3") as db:
        db.execute("UPDATE audit_auditentry SET action = 'sign_in' WHERE id = 2")
    result = himoya("audit", "verify", var_dir=tmp_path, **env)
    assert result.returncode == 1
    assert "entry 2 was altered" in result.stderr


def test_concurrent_appends_from_several_processes_keep_one_chain_on_sqlite(tmp_path):
    """SQLite has no row locks: BEGIN IMMEDIATE (settings) must serialise the appends."""
    import subprocess

    from himoya.core.tests.subprocesses import HIMOYA, clean_env

    env = clean_env(tmp_path, **PRODUCTION_ENV)
    migrated = himoya("manage", "migrate", "--verbosity", "0", var_dir=tmp_path, **PRODUCTION_ENV)
    assert migrated.returncode == 0, migrated.stderr
    script = "from himoya.audit.services import record\nfor i in range(25): record('sign_in')\n"
    writers = [
        subprocess.Popen(  # noqa: S603
            [str(HIMOYA), "manage", "shell", "-c", script],
            cwd=tmp_path,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    result = himoya("audit", "verify", var_dir=tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert "OK: 100 entries verified" in result.stdout
