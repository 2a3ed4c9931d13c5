"""Versions are raised in one place (core.versioning), so every edited record counts the
same way and every stale edit is refused the same way. A hand-written bump fails here."""

import re
from pathlib import Path

import himoya

PACKAGE = Path(himoya.__file__).parent
THE_ONE_PLACE = PACKAGE / "core" / "versioning.py"
HAND_WRITTEN_BUMP = re.compile(
    r"""version\s*\+=|\.version\s*\+\s*1|F\(\s*["']version["']\s*\)\s*\+"""
)


def production_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or path == THE_ONE_PLACE:
            continue
        yield path


def test_no_version_is_raised_outside_core_versioning():
    offenders = []
    for path in production_modules():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_WRITTEN_BUMP.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not offenders, "use core.versioning (bump_version, next_version):\n" + "\n".join(
        offenders
    )


def test_the_pattern_catches_each_hand_written_form():
    for line in (
        "locked.version += 1",
        "version=client.version + 1,",
        'version=F("version") + 1',
    ):
        assert HAND_WRITTEN_BUMP.search(line), line
    assert not HAND_WRITTEN_BUMP.search("bump_version(locked)")
