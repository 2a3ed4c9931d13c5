"""Factories for accounts: users (with a role in an organisation) and memberships.

    UserFactory(username="carl", organisation=alpha, role=Role.CASEWORKER)
    UserFactory(username="root", is_superuser=True, is_staff=True)

Every user signs in with PASSWORD and has the email <username>@example.org.
"""

import factory
from factory.django import DjangoModelFactory

from himoya.accounts.models import Membership, User
from himoya.core.roles import Role
from himoya.directory.tests.factories import OrganisationFactory

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory):
    """A user made with create_user (the password hashed as at sign-up); given an
    organisation and a role, a member there."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = PASSWORD
    organisation = None
    role = None

    @classmethod
    def _create(cls, model_class, *args, organisation=None, role=None, **kwargs):
        user = model_class.objects.create_user(*args, **kwargs)
        if organisation is not None:
            MembershipFactory(user=user, organisation=organisation, role=role)
        return user


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER
