"""Load the demo directory, one demo user per role, and the demo cases, hotline calls and
referrals; safe to run again.

The directory and the users are updated in place on a second run (the users get new
random passwords, printed in a table); cases, calls and referrals are added only where
missing. The builders are in himoya.demo.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from himoya.demo.calls import load_demo_calls
from himoya.demo.cases import load_demo_cases
from himoya.demo.directory import DirectoryLoader
from himoya.demo.people import load_users
from himoya.demo.referrals import load_demo_referrals
from himoya.directory.models import Service


class Command(BaseCommand):
    help = "Load the demo directory and demo users (idempotent; prints new passwords)."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Load the directory only.")

    def handle(self, *args, **options):
        calls = referrals = 0
        # The demo referrals notify people as real ones do; that is past history, not
        # news, so no emails go out for it (they are sent when the transaction commits).
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            loader = DirectoryLoader()
            organisations = loader.load_directory()
            rows = [] if options["no_users"] else load_users(organisations)
            # Cases need the demo caseworkers; adds only the missing ones.
            cases = 0 if options["no_users"] else load_demo_cases()
            if not options["no_users"]:
                # Referrals start from the demo cases and from the hotline's calls.
                calls = load_demo_calls()
                referrals = load_demo_referrals()
        self.stdout.write(
            f"Demo directory: {len(organisations)} organisations, "
            f"{Service.objects.filter(is_demo=True).count()} services "
            f"({len(loader.created)} records new)."
        )
        if not options["no_users"]:
            self.stdout.write(f"Demo cases: {cases} new.")
            self.stdout.write(f"Demo hotline calls: {calls} new; demo referrals: {referrals} new.")
        if rows:
            self._print_table(rows)

    def _print_table(self, rows) -> None:
        header = ("username", "role", "organisation", "password")
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
        line = "  ".join(f"{{:<{width}}}" for width in widths)
        self.stdout.write("Demo users (passwords change on every run):")
        self.stdout.write(line.format(*header))
        self.stdout.write(line.format(*("-" * width for width in widths)))
        for row in rows:
            self.stdout.write(line.format(*row))
