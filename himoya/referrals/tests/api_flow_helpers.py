"""What the referral API flow tests share (test_api_flow.py, test_api_steps.py): the
sender's withdrawal note and today's date as the API takes it."""

from django.utils import timezone

WITHDRAWAL_NOTE = "Her husband found the referral letter"


def today() -> str:
    return str(timezone.localdate())
