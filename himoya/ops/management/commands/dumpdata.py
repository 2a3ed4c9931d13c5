"""`manage.py dumpdata`, refusing the models with encrypted fields unless asked explicitly.

Django's dumpdata reads through the ORM, which decrypts: its output would hold names,
phones and notes in plain text. Use `himoya backup` for backups; this flag exists for
the rare case where an operator really needs readable personal data in a file.
"""

from django.apps import apps
from django.core.management.base import CommandError
from django.core.management.commands import dumpdata

from himoya.core.fields import encrypted_models

FLAG = "--decrypt-personal-data"
# Not encrypted by Himoya, but secrets all the same: two-factor seeds and recovery codes
# (django-otp keeps them as they are) and live session keys, each of which lets its
# holder past a sign-in.
SECRET_MODELS = ("otp_totp.totpdevice", "otp_static.statictoken", "sessions.session")


def _selected(model, labels: list[str], excluded: list[str]) -> bool:
    names = {model._meta.app_label.lower(), model._meta.label_lower}
    chosen = not labels or bool(names & {label.lower() for label in labels})
    return chosen and not (names & {label.lower() for label in excluded})


class Command(dumpdata.Command):
    help = (
        dumpdata.Command.help
        + f" Models with encrypted fields are refused unless {FLAG} is given: "
        "their dump would hold personal data in plain text (use `himoya backup`)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            FLAG,
            action="store_true",
            dest="decrypt_personal_data",
            help="write models with encrypted fields decrypted, in plain text",
        )

    def handle(self, *app_labels, **options):
        if not options.get("decrypt_personal_data"):
            sensitive = [model for model, _fields in encrypted_models()]
            sensitive += [apps.get_model(label) for label in SECRET_MODELS]
            refused = sorted(
                model._meta.label
                for model in sensitive
                if _selected(model, list(app_labels), options.get("exclude") or [])
            )
            if refused:
                raise CommandError(
                    "dumpdata would write personal data or secrets in plain text ("
                    + ", ".join(refused)
                    + f"): use `himoya backup`, exclude them with -e, or pass {FLAG}"
                )
        return super().handle(*app_labels, **options)
