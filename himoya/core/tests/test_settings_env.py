"""Start-up refuses a missing SECRET_KEY or a malformed variable with one line naming it."""

import sys

import pytest

from himoya.core.tests.subprocesses import (
    GOOD_KEY,
    PRODUCTION_ENV,
    himoya,
    is_one_line,
    manage,
    run,
)

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::ResourceWarning")]


@pytest.mark.parametrize(
    "command", [("check",), ("serve", "--bind", "127.0.0.1:0"), ("audit", "verify")]
)
def test_himoya_refuses_to_start_without_secret_key(tmp_path, command):
    result = himoya(*command, var_dir=tmp_path)
    assert result.returncode == 2
    assert is_one_line(result.stderr), result.stderr
    assert "SECRET_KEY" in result.stderr


def test_manage_py_refuses_to_start_without_secret_key(tmp_path):
    result = manage("migrate", var_dir=tmp_path)
    assert result.returncode == 2
    assert is_one_line(result.stderr), result.stderr
    assert "SECRET_KEY" in result.stderr


def test_gunicorn_refuses_to_load_the_app_without_secret_key(tmp_path):
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "himoya.wsgi:application",
        "--bind",
        "127.0.0.1:0",
        "--workers",
        "1",
    ]
    result = run(gunicorn, tmp_path, timeout=60)
    # 4 is gunicorn's "App failed to load": the master stops instead of respawning.
    assert result.returncode == 4, result.stderr
    ours = [line for line in result.stderr.splitlines() if line.startswith("himoya:")]
    assert ours == ["himoya: SECRET_KEY is not set: Himoya refuses to start without it."]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("HIMOYA_REQUIRE_2FA", "sometimes"),
        ("HIMOYA_HTTPS", "2"),
        ("ALLOWED_HOSTS", " , "),
        ("ALLOWED_HOSTS", "https://himoya.example.org/"),
        ("DATABASE_URL", "mysql://db/himoya"),
        ("DATABASE_URL", "postgres://user@host:port/db"),
        ("DATABASE_URL", "postgres://127.0.0.1:5432/"),
        ("HIMOYA_LOGIN_MAX_FAILURES", "five"),
        ("HIMOYA_SESSION_MINUTES", "0"),
        ("HIMOYA_MODE", "staging"),
        ("HIMOYA_QUICK_EXIT_URL", "javascript:history.back()"),
    ],
)
def test_malformed_variable_stops_start_up_naming_it(tmp_path, variable, value):
    result = himoya("check", var_dir=tmp_path, **{**PRODUCTION_ENV, variable: value})
    assert result.returncode == 2, result.stdout + result.stderr
    assert is_one_line(result.stderr), result.stderr
    assert variable in result.stderr


def test_manage_py_names_a_malformed_variable(tmp_path):
    result = manage("check", var_dir=tmp_path, **PRODUCTION_ENV, DEBUG="yes please")
    assert result.returncode == 2
    assert is_one_line(result.stderr) and "DEBUG" in result.stderr


def test_demo_mode_runs_without_secret_key(tmp_path):
    result = manage("check", var_dir=tmp_path, HIMOYA_MODE="demo")
    assert result.returncode == 0, result.stderr
    # The demo keeps its generated key in the var directory, private to its owner.
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert key_file.stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_field_keys(tmp_path):
    result = himoya("check", var_dir=tmp_path, SECRET_KEY=GOOD_KEY)
    assert result.returncode == 2, result.stdout + result.stderr
    assert is_one_line(result.stderr), result.stderr
    assert "HIMOYA_FIELD_KEYS" in result.stderr


@pytest.mark.parametrize(
    "value",
    [
        "no-separator",
        "k1:not base64!",
        "k1:c2hvcnQ=",  # base64 of 5 bytes: an AES-256 key needs 32
        "bad id:" + "A" * 43 + "=",
        "k1:" + "A" * 43 + "=,k1:" + "B" * 43 + "=",
        " , ",
    ],
)
def test_malformed_field_keys_stop_start_up_naming_the_variable(tmp_path, value):
    result = himoya("check", var_dir=tmp_path, SECRET_KEY=GOOD_KEY, HIMOYA_FIELD_KEYS=value)
    assert result.returncode == 2, result.stdout + result.stderr
    assert is_one_line(result.stderr), result.stderr
    assert "HIMOYA_FIELD_KEYS" in result.stderr
    # The message never echoes key material back into logs.
    assert "A" * 43 not in result.stderr


def test_manage_py_names_malformed_field_keys(tmp_path):
    result = manage("check", var_dir=tmp_path, SECRET_KEY=GOOD_KEY, HIMOYA_FIELD_KEYS="k1:xyz")
    assert result.returncode == 2
    assert is_one_line(result.stderr) and "HIMOYA_FIELD_KEYS" in result.stderr


def test_demo_mode_generates_a_private_field_key(tmp_path):
    result = manage("check", var_dir=tmp_path, HIMOYA_MODE="demo")
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "field_keys"
    assert key_file.exists()
    assert key_file.stat().st_mode & 0o077 == 0
    first_key = key_file.read_text()
    again = manage("check", var_dir=tmp_path, HIMOYA_MODE="demo")
    assert again.returncode == 0, again.stderr
    # Kept, not regenerated: data encrypted by the first run stays readable.
    assert key_file.read_text() == first_key
