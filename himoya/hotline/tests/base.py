"""A call-log test base: calls of Alpha (olga is the operator, sam the supervisor), and
Beta's legal aid office in Isfara to refer callers to (from ReferralTestCase)."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from himoya.hotline.models import Call, CallAction, CallerType, CallTopic
from himoya.hotline.tests.factories import CallFactory
from himoya.referrals.tests.base import ReferralTestCase

CALLBACK_NAME = "Gulnora Karimova"
CALLBACK_PHONE = "+992 93 777 1313"
SUMMARY = "Husband locked her out after the argument about money"


def call_post(**overrides) -> dict:
    """A valid "log a call" form body."""
    data = {
        "organisation": "alpha",
        "started_at": timezone.localtime(timezone.now() - datetime.timedelta(minutes=20)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "duration_minutes": "15",
        "caller_type": CallerType.SURVIVOR,
        "sex": "female",
        "age_group": "26-40",
        "district": "isfara",
        "language": "tg",
        "topic": CallTopic.LEGAL_QUESTION,
        "forms_of_violence": ["economic", "psychological"],
        "actions": [CallAction.INFORMATION],
        "summary": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class CallTestCase(ReferralTestCase):
    def setUp(self):
        super().setUp()
        self.call = CallFactory(
            organisation=self.alpha,
            operator=self.olga,
            callback_wanted=True,
            callback_name=CALLBACK_NAME,
            callback_phone=CALLBACK_PHONE,
            summary=SUMMARY,
            risk_flag=True,
        )

    def url(self, name, *args, language="en", query=""):
        with translation.override(language):
            return reverse(name, args=args) + query

    def fresh(self, call=None) -> Call:
        return Call.objects.get(pk=(call or self.call).pk)
