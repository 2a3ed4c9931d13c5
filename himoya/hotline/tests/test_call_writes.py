"""Logging and editing a call on the pages: anonymous by default, encrypted at rest,
bad input refused with a message and no change, stale edits refused."""

import datetime

from django.db import connection
from django.utils import timezone

from himoya.audit.models import AuditEntry
from himoya.hotline.forms import initial_for
from himoya.hotline.models import Call
from himoya.hotline.tests.base import (
    CALLBACK_NAME,
    CALLBACK_PHONE,
    SUMMARY,
    CallTestCase,
    call_post,
)


def raw_columns(call_id) -> str:
    """The call's encrypted columns as stored, straight from the database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT callback_name, callback_phone, summary FROM hotline_call WHERE id = %s",
            [call_id],
        )
        return " ".join(str(value) for value in cursor.fetchone())


class LogCallTests(CallTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.olga)

    def post(self, **overrides):
        return self.client.post(self.url("hotline:new"), call_post(**overrides))

    def test_log_a_call_anonymous_by_default(self):
        response = self.post()
        call = Call.objects.exclude(pk=self.call.pk).get()
        self.assertRedirects(response, self.url("hotline:detail", call.pk))
        self.assertEqual(call.operator, self.olga)
        self.assertEqual(call.organisation, self.alpha)
        self.assertEqual(call.district.slug, "isfara")
        self.assertEqual(call.forms_of_violence, ["economic", "psychological"])
        self.assertEqual(call.duration_minutes, 15)
        self.assertFalse(call.callback_wanted)
        self.assertEqual((call.callback_name, call.callback_phone, call.summary), ("", "", ""))
        entry = AuditEntry.objects.filter(
            object_type="hotline.call", object_id=str(call.pk), action="record_created"
        ).get()
        self.assertEqual(entry.detail, {"what": "call", "call": call.pk})

    def test_callback_details_are_encrypted_and_kept_out_of_the_audit(self):
        self.post(
            callback_wanted="on",
            callback_name="Zebo Nazarova",
            callback_phone="+992 90 123 4567",
            summary="Asked about the alimony hearing",
        )
        call = Call.objects.exclude(pk=self.call.pk).get()
        self.assertEqual(call.callback_phone, "+992 90 123 4567")
        raw = raw_columns(call.pk)
        for plain in ("Zebo", "123 4567", "alimony"):
            self.assertNotIn(plain, raw)
        details = str(list(AuditEntry.objects.values_list("detail", flat=True)))
        for plain in ("Zebo", "123 4567", "alimony"):
            self.assertNotIn(plain, details)

    def test_the_fixture_call_is_encrypted_at_rest(self):
        raw = raw_columns(self.call.pk)
        for plain in (CALLBACK_NAME, CALLBACK_PHONE, SUMMARY, "Gulnora"):
            self.assertNotIn(plain, raw)

    def assert_refused(self, field, message_part, **overrides):
        before = (Call.objects.count(), AuditEntry.objects.filter(action="record_created").count())
        response = self.post(**overrides)
        self.assertEqual(response.status_code, 400, field)
        self.assertIn(field, response.context["form"].errors, response.context["form"].errors)
        self.assertIn(message_part, str(response.context["form"].errors[field]))
        after = (Call.objects.count(), AuditEntry.objects.filter(action="record_created").count())
        self.assertEqual(before, after)

    def test_bad_input_is_refused_with_a_message(self):
        self.assert_refused("duration_minutes", "0", duration_minutes="-1")
        self.assert_refused("duration_minutes", "600", duration_minutes="601")
        self.assert_refused("duration_minutes", "", duration_minutes="ten")
        self.assert_refused("callback_wanted", "call back", callback_phone="+992 90 123 4567")
        self.assert_refused("callback_wanted", "call back", callback_name="Zebo")
        self.assert_refused("callback_phone", "number", callback_wanted="on")
        self.assert_refused(
            "callback_phone", "digits", callback_wanted="on", callback_phone="call me maybe"
        )
        self.assert_refused("district", "", district="atlantis")
        self.assert_refused("district", "", district="99999")
        self.assert_refused("forms_of_violence", "", forms_of_violence=["spiritual"])
        self.assert_refused("actions", "", actions=["prayed"])
        self.assert_refused("topic", "", topic="weather")
        self.assert_refused("caller_type", "", caller_type=None)
        future = timezone.localtime(timezone.now() + datetime.timedelta(hours=2))
        self.assert_refused("started_at", "future", started_at=future.strftime("%Y-%m-%dT%H:%M"))
        self.assert_refused("started_at", "", started_at="yesterday")

    def test_start_before_2000_is_refused(self):
        # Year 1 passed the form, then overflowed on saving: a 500.
        for started in ("0001-01-01T00:00", "1999-12-31T23:59"):
            self.assert_refused("started_at", "1 January 2000", started_at=started)
        self.post(started_at="2000-01-01T00:00")
        self.assertEqual(Call.objects.count(), 2)

    def test_form_defaults_to_now_and_shows_grouped_districts(self):
        response = self.client.get(self.url("hotline:new"))
        now = timezone.localtime().strftime("%Y-%m-%dT")
        self.assertContains(response, f'value="{now}')
        self.assertContains(response, "<optgroup")
        self.assertContains(response, 'value="isfara"')
        self.assertNotContains(response, CALLBACK_NAME)

    def test_a_tampered_hidden_organisation_is_named_above_the_form(self):
        # olga works for Alpha alone: the select is hidden, so its error cannot sit on it.
        response = self.post(organisation="beta")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Call.objects.count(), 1)
        form = response.context["form"]
        self.assertTrue(form.fields["organisation"].widget.is_hidden)
        self.assertEqual(form.non_field_errors(), ["This form is out of date; reload the page."])
        self.assertContains(response, "This form is out of date; reload the page.", status_code=400)

    def test_organisation_selector_for_an_operator_of_two_organisations(self):
        from himoya.accounts.models import Membership
        from himoya.core.roles import Role

        Membership.objects.create(
            user=self.olga, organisation=self.beta, role=Role.HOTLINE_OPERATOR
        )
        response = self.client.get(self.url("hotline:new"))
        self.assertContains(response, '<select name="organisation"')
        self.post(organisation="beta")
        self.assertTrue(Call.objects.filter(organisation=self.beta).exists())
        response = self.post(organisation="gamma")
        self.assertEqual(response.status_code, 400)


class EditCallTests(CallTestCase):
    def setUp(self):
        super().setUp()
        self.sign_in(self.olga)

    def edit_body(self, call=None, **changes):
        values = initial_for(self.fresh(call))
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, False)}

    def test_edit_saves_and_audits_without_values(self):
        response = self.client.post(
            self.url("hotline:edit", self.call.pk), self.edit_body(duration_minutes=30)
        )
        self.assertRedirects(response, self.url("hotline:detail", self.call.pk))
        call = self.fresh()
        self.assertEqual((call.duration_minutes, call.version), (30, 2))
        entry = AuditEntry.objects.filter(action="record_changed", object_id=str(call.pk)).get()
        self.assertEqual(entry.detail["changed"], ["duration_minutes"])
        self.assertNotIn(CALLBACK_PHONE, str(entry.detail))

    def test_edit_page_read_is_audited(self):
        self.client.get(self.url("hotline:edit", self.call.pk))
        entry = AuditEntry.objects.filter(action="record_read").latest("id")
        self.assertEqual(entry.detail, {"what": "call", "call": self.call.pk, "via": "web"})
        # The hidden baseline carries digests, not the caller's number.
        response = self.client.get(self.url("hotline:edit", self.call.pk))
        hidden = response.content.decode().split('name="baseline"')[1][:400]
        self.assertNotIn("7771313", hidden.replace(" ", ""))

    def test_untick_callback_with_number_left_is_refused(self):
        response = self.client.post(
            self.url("hotline:edit", self.call.pk), self.edit_body(callback_wanted=False)
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.fresh().version, 1)

    def test_stale_edit_is_refused_with_the_changes(self):
        body = self.edit_body(duration_minutes=45)
        Call.objects.filter(pk=self.call.pk).update(version=2, topic="legal_question")
        response = self.client.post(self.url("hotline:edit", self.call.pk), body)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Topic", status_code=409)
        self.assertContains(response, "legal question", status_code=409)
        call = self.fresh()
        self.assertEqual((call.duration_minutes, call.version), (12, 2))
        # The form now carries the current version: saving again is a decision.
        self.assertContains(response, 'name="version" value="2"', status_code=409)

    def test_start_before_2000_is_refused(self):
        body = self.edit_body(started_at="0001-01-01T00:00")
        response = self.client.post(self.url("hotline:edit", self.call.pk), body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("1 January 2000", str(response.context["form"].errors["started_at"]))
        self.assertEqual(self.fresh().version, 1)

    def test_tampered_version_is_a_message(self):
        body = self.edit_body()
        body["version"] = "abc"
        response = self.client.post(self.url("hotline:edit", self.call.pk), body)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "out of date", status_code=400)


class CallDetailTests(CallTestCase):
    def test_detail_shows_callback_and_audits_the_read(self):
        self.sign_in(self.sam)
        response = self.client.get(self.url("hotline:detail", self.call.pk))
        self.assertContains(response, CALLBACK_PHONE)
        self.assertContains(response, SUMMARY)
        self.assertNotContains(response, self.url("hotline:edit", self.call.pk))
        entry = AuditEntry.objects.filter(action="record_read").latest("id")
        self.assertEqual(entry.actor, self.sam)
        self.assertEqual(entry.organisation, self.alpha)
        self.assertEqual(entry.detail, {"what": "call", "call": self.call.pk, "via": "web"})

    def test_anonymous_call_says_so(self):
        self.call.callback_wanted = False
        self.call.callback_name = self.call.callback_phone = ""
        self.call.save()
        self.sign_in(self.olga)
        response = self.client.get(self.url("hotline:detail", self.call.pk))
        self.assertContains(response, "Anonymous")
        self.assertContains(response, self.url("hotline:edit", self.call.pk))
