"""Factories for notifications.

NotificationFactory(user=lena, referral=referral)
"""

import factory
from factory.django import DjangoModelFactory

from himoya.accounts.tests.factories import UserFactory
from himoya.notifications.models import Notification, NotificationKind


class NotificationFactory(DjangoModelFactory):
    """A new referral received, not yet read."""

    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.REFERRAL_RECEIVED
