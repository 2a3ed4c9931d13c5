"""The roles a user can hold in an organisation.

The enum lives in core so that every app, the directory below accounts included, can
name a role. Who holds which role is recorded by accounts (Membership) and read there
(himoya.accounts.roles).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("caseworker")
    SUPERVISOR = "supervisor", _("supervisor")
    HOTLINE_OPERATOR = "hotline_operator", _("hotline operator")
    ANALYST = "analyst", _("analyst")
    ORG_ADMIN = "org_admin", _("organisation admin")
