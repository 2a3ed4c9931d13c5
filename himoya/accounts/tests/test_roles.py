"""The roles a user holds: one query per request, active memberships only."""

from django.contrib.auth.models import AnonymousUser

from himoya.accounts.models import Membership, User
from himoya.accounts.roles import held_roles, holds_any, organisations_where
from himoya.core.roles import Role
from himoya.testing import HimoyaTestCase


class HeldRolesTests(HimoyaTestCase):
    def fresh(self, user) -> User:
        """The user as a new request loads it, with nothing kept from before."""
        return User.objects.get(pk=user.pk)

    def test_one_query_answers_every_question_of_the_request(self):
        Membership.objects.create(user=self.sam, organisation=self.beta, role=Role.CASEWORKER)
        sam = self.fresh(self.sam)
        with self.assertNumQueries(1):
            self.assertEqual(
                held_roles(sam), {self.alpha.pk: Role.SUPERVISOR, self.beta.pk: Role.CASEWORKER}
            )
            self.assertTrue(holds_any(sam, [Role.CASEWORKER]))
            self.assertFalse(holds_any(sam, [Role.HOTLINE_OPERATOR, Role.ANALYST]))
            self.assertEqual(organisations_where(sam, [Role.SUPERVISOR]), [self.alpha.pk])
            self.assertEqual(
                organisations_where(sam, [Role.SUPERVISOR, Role.CASEWORKER]),
                sorted([self.alpha.pk, self.beta.pk]),
            )

    def test_inactive_memberships_hold_no_role(self):
        Membership.objects.filter(user=self.bob).update(is_active=False)
        bob = self.fresh(self.bob)
        self.assertEqual(held_roles(bob), {})
        self.assertFalse(holds_any(bob, [Role.CASEWORKER]))

    def test_a_new_request_sees_a_changed_membership(self):
        self.assertTrue(holds_any(self.fresh(self.bob), [Role.CASEWORKER]))
        Membership.objects.filter(user=self.bob).update(role=Role.ANALYST)
        self.assertFalse(holds_any(self.fresh(self.bob), [Role.CASEWORKER]))

    def test_signed_out_visitors_hold_nothing_and_cost_no_query(self):
        with self.assertNumQueries(0):
            self.assertEqual(held_roles(AnonymousUser()), {})
            self.assertFalse(holds_any(AnonymousUser(), [Role.CASEWORKER]))
