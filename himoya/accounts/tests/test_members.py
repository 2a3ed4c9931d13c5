"""Organisation admins manage their own organisation's users, and nothing else."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from himoya.accounts.models import Membership, User
from himoya.accounts.tests.helpers import audit_actions, tg
from himoya.audit.models import AuditAction, AuditEntry
from himoya.core.roles import Role
from himoya.testing import HimoyaTestCase


class MemberPagesAccessTests(HimoyaTestCase):
    """Outsider 404, wrong role 403, organisation admin and superuser 200, for every page."""

    def pages(self):
        bob = self.bob.pk
        return [
            ("get", "/accounts/orgs/alpha/members/"),
            ("get", "/accounts/orgs/alpha/members/add/"),
            ("get", f"/accounts/orgs/alpha/members/{bob}/"),
            ("post", f"/accounts/orgs/alpha/members/{bob}/reset-two-factor/"),
            ("post", f"/accounts/orgs/alpha/members/{bob}/remove/"),
        ]

    def assert_status(self, user, expected):
        for method, path in self.pages():
            if user is not None:
                self.sign_in(user)
            response = getattr(self.client, method)(path)
            with self.subTest(user=user and user.username, path=path):
                self.assertEqual(response.status_code, expected)
            self.client.logout()

    def test_outsider_gets_404(self):
        self.assert_status(self.charlie, 404)

    def test_wrong_roles_get_403(self):
        for user in (self.bob, self.sam, self.ann, self.olga):
            self.assert_status(user, 403)

    def test_unknown_organisation_is_404(self):
        self.sign_in(self.alice)
        self.assertEqual(self.client.get("/accounts/orgs/nowhere/members/").status_code, 404)

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get("/accounts/orgs/alpha/members/")
        self.assertRedirects(response, "/accounts/login/?next=/accounts/orgs/alpha/members/")

    def test_org_admin_and_superuser_get_200(self):
        for user in (self.alice, self.root):
            self.sign_in(user)
            for path in (
                "/accounts/orgs/alpha/members/",
                "/accounts/orgs/alpha/members/add/",
                f"/accounts/orgs/alpha/members/{self.bob.pk}/",
            ):
                with self.subTest(user=user.username, path=path):
                    self.assertEqual(self.client.get(path).status_code, 200)

    def test_admin_cannot_reach_members_of_another_organisation(self):
        self.sign_in(self.alice)
        response = self.client.get(f"/accounts/orgs/alpha/members/{self.charlie.pk}/")
        self.assertEqual(response.status_code, 404)
        response = self.client.post(f"/accounts/orgs/alpha/members/{self.charlie.pk}/remove/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Membership.objects.filter(user=self.charlie).exists())

    def test_member_list_query_count_does_not_grow_with_members(self):
        self.sign_in(self.alice)
        self.client.get("/accounts/orgs/alpha/members/")
        with self.assertNumQueries(self.count_queries()):
            response = self.client.get("/accounts/orgs/alpha/members/")
        for name in ("extra1", "extra2", "extra3"):
            user = User.objects.create_user(name, password="x")
            Membership.objects.create(user=user, organisation=self.alpha, role=Role.CASEWORKER)
        with self.assertNumQueries(self.count_queries()):
            response = self.client.get("/accounts/orgs/alpha/members/")
        self.assertContains(response, "extra3")

    def count_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.client.get("/accounts/orgs/alpha/members/")
        return len(captured.captured_queries)


class AddMemberTests(HimoyaTestCase):
    def setUp(self):
        self.sign_in(self.alice)

    def test_admin_adds_a_user_with_a_generated_password(self):
        response = self.client.post(
            "/accounts/orgs/alpha/members/add/",
            {
                "username": "dilnoza",
                "first_name": "Dilnoza",
                "profession": "psychologist",
                "role": "caseworker",
            },
        )
        self.assertEqual(response.status_code, 201)
        user = User.objects.get(username="dilnoza")
        self.assertEqual(user.profession, "psychologist")
        self.assertEqual(Membership.objects.get(user=user).role, Role.CASEWORKER)
        password = response.context["password"]
        self.assertTrue(password)
        self.assertContains(response, password, status_code=201)
        self.assertTrue(user.check_password(password))
        self.assertFalse(user.is_superuser or user.is_staff)
        self.assertEqual(
            audit_actions(actor=self.alice, organisation=self.alpha),
            [AuditAction.USER_CREATED, AuditAction.MEMBERSHIP_CREATED],
        )

    def test_a_typed_password_is_used_and_not_shown_again(self):
        response = self.client.post(
            "/accounts/orgs/alpha/members/add/",
            {"username": "zarina", "role": "supervisor", "password": "Tulip-garden-2026"},
        )
        self.assertEqual(response.status_code, 201)
        self.assertNotContains(response, "Tulip-garden-2026", status_code=201)
        self.assertTrue(User.objects.get(username="zarina").check_password("Tulip-garden-2026"))

    def test_the_first_password_must_be_changed_at_the_first_sign_in(self):
        # The admin saw (or typed) it: it may not stay the person's password for ever.
        self.client.post(
            "/accounts/orgs/alpha/members/add/",
            {"username": "zarina", "role": "supervisor", "password": "Tulip-garden-2026"},
        )
        self.assertTrue(User.objects.get(username="zarina").must_change_password)

    def test_existing_username_is_refused_and_nothing_written(self):
        before = AuditEntry.objects.count()
        response = self.client.post(
            "/accounts/orgs/alpha/members/add/", {"username": "Charlie", "role": "caseworker"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            tg("This username is taken. Choose another one; existing users cannot be added here."),
            status_code=400,
        )
        self.assertFalse(
            Membership.objects.filter(user=self.charlie, organisation=self.alpha).exists()
        )
        self.assertEqual(AuditEntry.objects.count(), before)

    def test_bad_input_is_refused_and_nothing_written(self):
        users = User.objects.count()
        for data in (
            {"username": "new1", "role": "superuser"},
            {"username": "new1", "role": "caseworker", "profession": "astronaut"},
            {"username": "new 1!", "role": "caseworker"},
            {"username": "new1", "role": "caseworker", "password": "123"},
            {"username": "new1", "role": "caseworker", "email": "not-an-email"},
            {"username": "x" * 151, "role": "caseworker"},
        ):
            with self.subTest(data=data):
                response = self.client.post("/accounts/orgs/alpha/members/add/", data)
                self.assertEqual(response.status_code, 400)
        self.assertEqual(User.objects.count(), users)

    def test_admin_cannot_create_a_superuser(self):
        self.client.post(
            "/accounts/orgs/alpha/members/add/",
            {"username": "sneaky", "role": "caseworker", "is_superuser": "on", "is_staff": "on"},
        )
        user = User.objects.get(username="sneaky")
        self.assertFalse(user.is_superuser or user.is_staff)


class EditMemberTests(HimoyaTestCase):
    def setUp(self):
        self.sign_in(self.alice)
        self.url = f"/accounts/orgs/alpha/members/{self.bob.pk}/"

    def post(self, **data):
        form = {
            "role": "caseworker",
            "is_active": "on",
            "profession": "social_worker",
            "version": 1,
        }
        form.update(data)
        return self.client.post(self.url, {k: v for k, v in form.items() if v is not None})

    def test_admin_changes_role_profession_and_active_flag(self):
        response = self.post(role="supervisor", profession="psychologist", is_active=None)
        self.assertRedirects(
            response, "/accounts/orgs/alpha/members/", fetch_redirect_response=False
        )
        membership = Membership.objects.get(user=self.bob, organisation=self.alpha)
        self.assertEqual(membership.role, Role.SUPERVISOR)
        self.assertFalse(membership.is_active)
        self.bob.refresh_from_db()
        self.assertEqual(self.bob.profession, "psychologist")
        self.assertEqual(self.bob.version, 2)
        self.assertEqual(
            audit_actions(actor=self.alice),
            [AuditAction.MEMBERSHIP_CHANGED, AuditAction.USER_CHANGED],
        )

    def test_a_stale_edit_is_refused_and_names_what_changed(self):
        self.post(role="supervisor")
        response = self.post(role="analyst", version=1)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "role", status_code=409)
        response = self.client.post(
            "/en" + self.url, {"role": "analyst", "is_active": "on", "version": 1}
        )
        self.assertContains(response, "Role: now “supervisor”", status_code=409, html=False)
        self.assertEqual(Membership.objects.get(user=self.bob).role, Role.SUPERVISOR)

    def test_is_superuser_in_the_form_is_ignored(self):
        self.post(is_superuser="on", is_staff="on")
        self.bob.refresh_from_db()
        self.assertFalse(self.bob.is_superuser or self.bob.is_staff)

    def test_bad_input_is_400_and_changes_nothing(self):
        for data in ({"role": "god"}, {"version": "abc"}, {"profession": "pilot"}):
            with self.subTest(data=data):
                self.assertEqual(self.post(**data).status_code, 400)
        self.assertEqual(Membership.objects.get(user=self.bob).role, Role.CASEWORKER)

    def test_a_tampered_version_says_the_form_is_out_of_date(self):
        for version in ("abc", "0", "99999999999", ""):
            with self.subTest(version=version):
                response = self.client.post(
                    "/en" + self.url, {"role": "analyst", "is_active": "on", "version": version}
                )
                self.assertContains(
                    response, "This form is out of date; reload the page.", status_code=400
                )
                self.assertNotContains(response, "Hidden field", status_code=400)
        self.assertEqual(Membership.objects.get(user=self.bob).role, Role.CASEWORKER)

    def test_the_last_admin_cannot_demote_or_deactivate_themselves(self):
        url = f"/accounts/orgs/alpha/members/{self.alice.pk}/"
        for data in ({"role": "caseworker", "is_active": "on"}, {"role": "org_admin"}):
            response = self.client.post(url, {**data, "version": 1})
            self.assertEqual(response.status_code, 400)
            self.assertContains(
                response,
                tg("The organisation must keep at least one active organisation admin."),
                status_code=400,
            )
        self.assertEqual(Membership.objects.get(user=self.alice).role, Role.ORG_ADMIN)

    def test_the_last_admin_cannot_remove_themselves(self):
        response = self.client.post(f"/accounts/orgs/alpha/members/{self.alice.pk}/remove/")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(Membership.objects.filter(user=self.alice).exists())

    def test_an_admin_with_a_second_admin_may_step_down(self):
        Membership.objects.filter(user=self.sam).update(role=Role.ORG_ADMIN)
        response = self.client.post(f"/accounts/orgs/alpha/members/{self.alice.pk}/remove/")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Membership.objects.filter(user=self.alice).exists())

    def test_admin_cannot_edit_a_superuser(self):
        Membership.objects.create(user=self.root, organisation=self.alpha, role=Role.ANALYST)
        response = self.client.post(
            f"/accounts/orgs/alpha/members/{self.root.pk}/",
            {"role": "caseworker", "is_active": "on", "version": 1},
        )
        self.assertEqual(response.status_code, 403)


class RemoveAndResetTests(HimoyaTestCase):
    def setUp(self):
        self.sign_in(self.alice)

    def test_remove_a_membership_keeps_the_account(self):
        response = self.client.post(f"/accounts/orgs/alpha/members/{self.bob.pk}/remove/")
        self.assertRedirects(
            response, "/accounts/orgs/alpha/members/", fetch_redirect_response=False
        )
        self.assertFalse(Membership.objects.filter(user=self.bob).exists())
        self.assertTrue(User.objects.filter(pk=self.bob.pk).exists())
        entry = AuditEntry.objects.get(action=AuditAction.MEMBERSHIP_REMOVED)
        self.assertEqual(entry.detail["username"], "bob")

    def test_remove_is_post_only(self):
        response = self.client.get(f"/accounts/orgs/alpha/members/{self.bob.pk}/remove/")
        self.assertEqual(response.status_code, 405)

    def test_reset_two_factor_deletes_the_devices(self):
        TOTPDevice.objects.create(user=self.bob, name="phone", confirmed=True)
        response = self.client.post(f"/accounts/orgs/alpha/members/{self.bob.pk}/reset-two-factor/")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(TOTPDevice.objects.filter(user=self.bob).exists())
        self.assertEqual(audit_actions(action=AuditAction.TWO_FACTOR_RESET), ["2fa_reset"])
