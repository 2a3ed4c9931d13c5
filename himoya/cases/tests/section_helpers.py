"""Fixtures shared by the test_section_* modules: a case of Alpha assigned to bob, and
carl, a caseworker of Alpha to whom it is not assigned."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from himoya.accounts.tests.factories import UserFactory
from himoya.audit.models import AuditAction, AuditEntry
from himoya.cases.tests.factories import CaseFactory
from himoya.core.roles import Role
from himoya.testing import HimoyaTestCase

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"png-body-secret" * 4
PDF_BYTES = b"%PDF-1.4\n% secret pdf content for the test\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"jpeg-body-secret" * 4


class SectionTestCase(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.carl = UserFactory(username="carl", organisation=cls.alpha, role=Role.CASEWORKER)
        cls.case = CaseFactory(organisation=cls.alpha, caseworker=cls.bob)

    def url(self, name, *args, case=None):
        """The English page, so that assertions on text do not depend on the catalogs."""
        with translation.override("en"):
            return reverse(f"cases:{name}", args=[(case or self.case).pk, *args])

    def reads(self, what=None):
        entries = AuditEntry.objects.filter(action=AuditAction.RECORD_READ)
        return [e for e in entries if what is None or e.detail.get("what") == what]

    def writes(self):
        return AuditEntry.objects.filter(
            action__in=[AuditAction.RECORD_CREATED, AuditAction.RECORD_CHANGED]
        ).count()


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


__all__ = ["SectionTestCase", "tomorrow"]
