"""`make demo PORT=...`/`BIND=...` and `himoya demo --bind`: notification links follow."""

import argparse
import os
import subprocess

import pytest

from himoya import cli
from himoya.core.tests.subprocesses import PROJECT_DIR


def make_demo_dry_run(*variables) -> str:
    result = subprocess.run(  # noqa: S603
        ["make", "-n", "-C", str(PROJECT_DIR), "demo", *variables],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("variables", "bind"),
    [
        ((), "127.0.0.1:8000"),
        (("PORT=8001",), "127.0.0.1:8001"),
        (("BIND=0.0.0.0:8002",), "0.0.0.0:8002"),
    ],
)
def test_make_demo_passes_the_port_or_bind_on(variables, bind):
    assert f"himoya demo --bind {bind}" in make_demo_dry_run(*variables)


def unset(monkeypatch, *names) -> None:
    """Unset for this test; what the code under test sets is undone after it too."""
    for name in names:
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


@pytest.mark.parametrize(
    ("bind", "served", "base_url"),
    [
        ("127.0.0.1:8001", "127.0.0.1:8001", "http://127.0.0.1:8001"),
        ("8003", "127.0.0.1:8003", "http://127.0.0.1:8003"),
        ("localhost:9000", "localhost:9000", "http://localhost:9000"),
        ("0.0.0.0:8001", "0.0.0.0:8001", "http://127.0.0.1:8001"),
    ],
)
def test_the_base_url_follows_the_served_address(monkeypatch, bind, served, base_url):
    unset(monkeypatch, "HIMOYA_BASE_URL", "ALLOWED_HOSTS")
    args = argparse.Namespace(bind=bind)
    cli._follow_bind(args)
    assert args.bind == served
    assert os.environ["HIMOYA_BASE_URL"] == base_url


def test_a_wildcard_bind_names_the_first_allowed_host(monkeypatch):
    unset(monkeypatch, "HIMOYA_BASE_URL")
    monkeypatch.setenv("ALLOWED_HOSTS", ".example.org,office.example.org")
    cli._follow_bind(argparse.Namespace(bind="0.0.0.0:8001"))
    assert os.environ["HIMOYA_BASE_URL"] == "http://office.example.org:8001"


def test_an_explicit_base_url_wins(monkeypatch):
    monkeypatch.setenv("HIMOYA_BASE_URL", "https://himoya.example.org")
    cli._follow_bind(argparse.Namespace(bind="127.0.0.1:8001"))
    assert os.environ["HIMOYA_BASE_URL"] == "https://himoya.example.org"


def test_demo_and_serve_accept_a_port_for_bind():
    parser = cli.build_parser()
    assert parser.parse_args(["demo", "--bind", "8001"]).bind == "8001"
    assert parser.parse_args(["serve", "--bind", "0.0.0.0:8001"]).bind == "0.0.0.0:8001"
