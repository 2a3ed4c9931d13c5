"""A base for the case page tests: an assigned case, and a caseworker it is not assigned to."""

from django.urls import reverse
from django.utils import translation

from himoya.accounts.tests.factories import UserFactory
from himoya.cases.tests.factories import CaseFactory
from himoya.core.roles import Role
from himoya.testing import HimoyaTestCase


class CasePagesTestCase(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Same organisation, same role as bob, but the case is not assigned to her.
        cls.carol = UserFactory(username="carol", organisation=cls.alpha, role=Role.CASEWORKER)
        cls.case = CaseFactory(organisation=cls.alpha, caseworker=cls.bob)

    def fresh(self, case=None):
        case = case or self.case
        case.refresh_from_db()
        return case

    def url(self, name, *args, language="en"):
        """The URL in a language (English by default, so tests can read messages)."""
        with translation.override(language):
            return reverse(name, args=args)
