"""Run the `himoya` command and manage.py in a child process with a clean environment.

The suite's own process has test settings in its environment (HIMOYA_MODE=test,
DATABASE_URL from TEST_DATABASE_URL, ...); a real start-up must not inherit them.
"""

import subprocess
import sys
from pathlib import Path

BIN_DIR = Path(sys.executable).parent
HIMOYA = BIN_DIR / "himoya"
PROJECT_DIR = Path(__file__).resolve().parents[3]
# A long, random-looking key that passes Django's W009 check; for tests only.
GOOD_KEY = "t3st-" + "Kq8vZ2mXw9Lr4Np7Ys1Hd6Jf3Gb5Tc0Ue" * 2
# A well-formed field-encryption key ring (one 32-byte key); production requires one.
GOOD_FIELD_KEYS = "k1:" + "dGVzdC1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcyEhISE="
# What a production start-up needs besides sensible defaults.
PRODUCTION_ENV = {"SECRET_KEY": GOOD_KEY, "HIMOYA_FIELD_KEYS": GOOD_FIELD_KEYS}


def clean_env(var_dir, **extra) -> dict:
    env = {
        "PATH": f"{BIN_DIR}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(var_dir),
        "LANG": "C.UTF-8",
        "HIMOYA_VAR_DIR": str(var_dir),
    }
    env.update({key: value for key, value in extra.items() if value is not None})
    return env


def run(args, var_dir, timeout=240, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own executables, fixed arguments)
        [str(a) for a in args],
        cwd=var_dir,
        env=clean_env(var_dir, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def himoya(*args, var_dir, **extra) -> subprocess.CompletedProcess:
    return run([HIMOYA, *args], var_dir, **extra)


def manage(*args, var_dir, **extra) -> subprocess.CompletedProcess:
    return run([sys.executable, PROJECT_DIR / "manage.py", *args], var_dir, **extra)


def is_one_line(text: str) -> bool:
    return len(text.strip().splitlines()) == 1 and "Traceback" not in text
