"""B never reads A's notes through any page, API operation or export, and A never reads
B's own case: a walk over everything the project serves.

Alpha (A) refers bob's full case (every record filled with a secret, an attachment
whose content is secret) to Beta (B), with the safe-contact instructions shared; lena
at B accepts it, so B has its own linked case, where B writes its own note and service.
Then every URL pattern (django.urls.get_resolver(), recursively) and every operation of
the OpenAPI document, public or not, is requested with GET, POST and the operation's own
method (a minimal body that passes validation), as lena and victor (B) and as bob and
sam (A), with each parameter filled with every object the walk knows of its kind: A's
case and B's case, A's record and B's record, the referral, A's call and B's call, one's
own notification and someone else's. The walk fails when:

- any body (HTML unescaped, JSON decoded, zip exports unpacked, streamed files joined)
  or header holds a value of the other side (A_ONLY_SECRETS and A's attachment for B;
  B's note, service notes and client code for A);
- a path naming an object of the other side answers anything but 404 (405/422 where
  the method or input is refused before any lookup);
- anything answers 5xx or raises.

Every request runs in a savepoint that is rolled back, so the minimal bodies that the
walk posts (a note, a decline) never change what the next request sees. New patterns and
operations are walked as soon as they exist; a parameter the walk cannot fill fails with
the classification hint. Exports (CSV, XLSX) are included automatically.

The walk itself is WalkEverything (no_leak_walker.py).
"""

import io
import json
import shutil
import sys
import tempfile
import types
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path as url_path
from django.utils import timezone

import himoya.urls
from himoya.api import api
from himoya.cases.models import CaseEvent, Note, ServiceDelivery
from himoya.cases.services.attachments import add_attachment
from himoya.cases.tests.test_api_fixtures import SECRETS
from himoya.clients.models import Consent
from himoya.hotline.models import Call, CallTopic
from himoya.hotline.tests.factories import CallFactory
from himoya.notifications.models import Notification
from himoya.referrals.models import Referral
from himoya.referrals.services.steps import accept_referral
from himoya.referrals.tests.base import (
    A_ONLY_SECRETS,
    REFERRAL_MESSAGE,
    SAFE_CONTACT_WORD,
    ReferralTestCase,
)
from tests.no_leak_walker import (
    NOT_FOUND,
    WalkEverything,
    body_text,
    records_by_model,
)

ATTACHMENT_CONTENT = b"%PDF-1.4\n% A-only scan: forensic report 4471-kiwi-zebra\n%%EOF\n"
ATTACHMENT_MARKER = b"4471-kiwi-zebra"
A_CALL_SECRETS = {
    "a_call_name": "Dilbar, the neighbour's daughter",
    "a_call_phone": "+992 91 444 1313",
    "a_call_summary": "Calls from the market, the husband checks her phone",
}
B_NOTE = "B-only: she asked us not to phone before six in the evening"
B_SERVICE_NOTES = "B-only: alimony claim drafted, court fee waiver requested"
B_CALL_SECRETS = {
    "b_call_name": "Mehrangez in Isfara",
    "b_call_phone": "+992 92 888 0707",
    "b_call_summary": "Asked about the Isfara court's opening hours, scared of her brother",
}
NAMING_PARAMETERS = {"slug", "organisation", "code", "user_id", "notification_id"}


class NoLeakWalkTests(WalkEverything, ReferralTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.schema = api.get_openapi_schema()

    def setUp(self):
        super().setUp()
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        overridden = override_settings(HIMOYA_ATTACHMENT_DIR=folder)
        overridden.enable()
        self.addCleanup(overridden.disable)
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

        self.attachment = add_attachment(
            self.case,
            actor=self.bob,
            uploaded=SimpleUploadedFile(
                SECRETS["filename"], ATTACHMENT_CONTENT, content_type="application/pdf"
            ),
        )
        self.referral = self.send(share_safe_contact=True)
        self.referral = accept_referral(
            self.lena,
            self.referral,
            expected_version=self.referral.version,
            services_consent_method="verbal",
        )
        self.b_case = self.referral.receiving_case
        self.b_note = Note.objects.create(case=self.b_case, author=self.lena, text=B_NOTE)
        self.b_service = ServiceDelivery.objects.create(
            case=self.b_case,
            date=timezone.localdate(),
            sector="justice",
            service_type="secondary_legal_aid",
            provided_by=self.lena,
            organisation=self.beta,
            notes=B_SERVICE_NOTES,
        )
        self.a_call = self.secret_call(self.alpha, self.olga, A_CALL_SECRETS, "a_call")
        self.b_call = self.secret_call(self.beta, self.lena, B_CALL_SECRETS, "b_call")
        self.a_records = [
            *[r for r in self.records.values() if hasattr(r, "pk")],
            self.attachment,
            self.records["incident"].perpetrators.first(),
            CaseEvent.objects.create(
                case=self.case, kind=CaseEvent.Kind.OPENED, actor=self.bob, at=timezone.now()
            ),
        ]
        self.b_records = [
            self.b_note,
            self.b_service,
            *CaseEvent.objects.filter(case=self.b_case)[:1],
            *Consent.objects.filter(client=self.b_case.client)[:1],
        ]
        self.public_default = self.legal_aid.pk

    @staticmethod
    def secret_call(organisation, operator, secrets, prefix):
        """A call that wants a call back, its name, number and summary the `prefix` ones
        of `secrets`."""
        return CallFactory(
            organisation=organisation,
            operator=operator,
            started_at=timezone.now(),
            duration_minutes=9,
            district=organisation.district,
            topic=CallTopic.LEGAL_QUESTION,
            callback_wanted=True,
            callback_name=secrets[f"{prefix}_name"],
            callback_phone=secrets[f"{prefix}_phone"],
            summary=secrets[f"{prefix}_summary"],
        )

    def b_secrets(self) -> dict:
        return {
            "b_note": B_NOTE,
            "b_service_notes": B_SERVICE_NOTES,
            "b_client_code": self.b_case.client.code,
            **B_CALL_SECRETS,
        }

    def prepare(self, user, *, receiver: bool):
        """Fill self.values and self.records_by_model for a walk as `user`: what is
        foreign is the other side's."""
        a_case, b_case = (self.case.pk, NOT_FOUND), (self.b_case.pk, None)
        a_call, b_call = (self.a_call.pk, NOT_FOUND), (self.b_call.pk, None)
        if receiver:
            self.records_by_model = records_by_model(
                (self.a_records, NOT_FOUND), (self.b_records, None)
            )
            self.own_secrets = {"b_note": B_NOTE, "message": REFERRAL_MESSAGE}
            self.marker = ATTACHMENT_MARKER
        else:
            a_case, b_case = (a_case[0], None), (b_case[0], NOT_FOUND)
            a_call, b_call = (a_call[0], None), (b_call[0], NOT_FOUND)
            self.records_by_model = records_by_model(
                (self.b_records, NOT_FOUND), (self.a_records, None)
            )
            self.own_secrets = {"note": SECRETS["note"]}
            self.marker = None
        self.records_by_model[Referral] = [(self.referral.pk, None)]
        self.records_by_model[Call] = [a_call, b_call]
        own_notification = Notification.objects.filter(user=user).first()
        other_notification = Notification.objects.exclude(user=user).first()
        self.values = {
            "case_id": [a_case, b_case],
            "slug": [(self.alpha.slug, None), (self.beta.slug, None)],
            "organisation": [(self.alpha.slug, None), (self.beta.slug, None)],
            "code": [(self.client_record.code, None), (self.b_case.client.code, None)],
            "user_id": [(self.lena.pk, None), (self.bob.pk, None)],
            "notification_id": [
                *([(own_notification.pk, None)] if own_notification else []),
                (other_notification.pk, NOT_FOUND),
            ],
        }
        self.lookup_code = self.client_record.code

    # ---- the walk would see a leak ----

    def test_the_secrets_are_there_for_their_owners(self):
        """bob reads A's notes and the attachment; lena reads B's note: so the walks
        below would notice them if they leaked."""
        self.sign_in(self.bob)
        response = self.client.get(f"/api/cases/{self.case.pk}/notes")
        self.assertIn(SECRETS["note"], body_text(response))
        attachment = self.client.get(
            f"/api/cases/{self.case.pk}/attachments/{self.attachment.pk}/content"
        )
        self.assertIn(ATTACHMENT_MARKER.decode(), body_text(attachment))
        self.client.logout()
        self.sign_in(self.lena)
        response = self.client.get(f"/api/cases/{self.b_case.pk}/notes")
        self.assertIn(B_NOTE, body_text(response))

    def test_body_text_reads_html_json_and_zip(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/sharedStrings.xml", "<t>Zarina's house</t>")
        for response in (
            HttpResponse(b"<p>Zarina&#x27;s house</p>"),
            HttpResponse(json.dumps({"x": "Zarina's house"}).encode()),
            HttpResponse(buffer.getvalue()),
        ):
            self.assertIn("Zarina's house", body_text(response))

    def test_the_walk_catches_a_page_that_shows_a_to_b(self):
        def leaky(request, referral_id):
            return HttpResponse(Referral.objects.get(pk=referral_id).client.phone)

        module = types.ModuleType("himoya_no_leak_urls")
        module.urlpatterns = [
            url_path("referrals/<int:referral_id>/leak/", leaky),
            *himoya.urls.urlpatterns,
        ]
        sys.modules[module.__name__] = module
        self.addCleanup(sys.modules.pop, module.__name__, None)
        self.prepare(self.lena, receiver=True)
        self.schema = {"paths": {}}
        with override_settings(ROOT_URLCONF=module.__name__):
            report = self.walk(self.lena, A_ONLY_SECRETS, only=("referrals/",))
        leaks = [p for p in report["problems"] if "revealed phone" in p]
        url = f"/referrals/{self.referral.pk}/leak/"
        self.assertTrue(any(p.startswith(f"GET {url} ") for p in leaks), report["problems"])
        self.assertTrue(any(p.startswith(f"POST {url} ") for p in leaks), report["problems"])
        self.assertEqual(len(leaks), len(report["problems"]), "nothing else is wrong")

    # ---- B never reads A ----

    def walk_as_receiver(self, user):
        self.prepare(user, receiver=True)
        report = self.walk(
            user,
            {
                **A_ONLY_SECRETS,
                "filename": SECRETS["filename"],
                "purpose": SECRETS["purpose"],
                **A_CALL_SECRETS,
            },
        )
        self.assert_clean(report, user)
        return report

    def test_the_receiving_caseworker_never_reads_a_s_record(self):
        report = self.walk_as_receiver(self.lena)
        # The walk reached B's own case and the shared view of the referral.
        self.assertIn("b_note", report["seen"])
        self.assertIn("message", report["seen"])
        self.assertGreater(report["requests"], 300)

    def test_the_receiving_supervisor_never_reads_a_s_record(self):
        report = self.walk_as_receiver(self.victor)
        self.assertIn("b_note", report["seen"])

    def test_the_safe_contact_word_is_shared_only_because_she_agreed(self):
        """The walk above lets the code word through; it is seen, so it is shared."""
        self.sign_in(self.lena)
        response = self.client.get(f"/api/referrals/{self.referral.pk}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(SAFE_CONTACT_WORD, body_text(response))
        self.assertFalse(
            [value for value in A_ONLY_SECRETS.values() if value in body_text(response)]
        )

    # ---- A never reads B's own case ----

    def walk_as_sender(self, user):
        self.prepare(user, receiver=False)
        report = self.walk(user, self.b_secrets())
        self.assert_clean(report, user)
        return report

    def test_the_sending_caseworker_never_reads_b_s_case(self):
        report = self.walk_as_sender(self.bob)
        self.assertIn("note", report["seen"])

    def test_the_sending_supervisor_never_reads_b_s_case(self):
        report = self.walk_as_sender(self.sam)
        self.assertIn("note", report["seen"])
