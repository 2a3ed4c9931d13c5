"""Survivors (clients) and their consent records.

Identifying fields are encrypted at rest; the fields kept in clear are the coarse,
non-identifying ones that statistics need.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from himoya.clients.person_index import (
    PersonIndexed,
    PersonKey,
    identity_index,
    name_index,
)
from himoya.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from himoya.core.models import Versioned
from himoya.directory.models import Organisation, Sector
from himoya.geo.models import District


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNKNOWN = "unknown", _("not known")


class AgeGroup(models.TextChoices):
    """The GBVIMS age groups at intake."""

    AGE_0_11 = "0-11", _("0–11")
    AGE_12_17 = "12-17", _("12–17")
    AGE_18_25 = "18-25", _("18–25")
    AGE_26_40 = "26-40", _("26–40")
    AGE_41_60 = "41-60", _("41–60")
    AGE_61_PLUS = "61+", _("61 and over")
    UNKNOWN = "unknown", _("not known")


CHILD_AGE_GROUPS = frozenset({AgeGroup.AGE_0_11, AgeGroup.AGE_12_17})
ADULT_AGE = 18
# The youngest age in each group, oldest group first: a birth date's group is the first
# whose youngest age the person has reached.
_GROUP_FROM_AGE = (
    (61, AgeGroup.AGE_61_PLUS),
    (41, AgeGroup.AGE_41_60),
    (26, AgeGroup.AGE_26_40),
    (18, AgeGroup.AGE_18_25),
    (12, AgeGroup.AGE_12_17),
    (0, AgeGroup.AGE_0_11),
)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day` (someone born on 29 February turns a year older on
    1 March in other years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_group_on(birth_date: datetime.date, day: datetime.date) -> AgeGroup:
    """The GBVIMS age group of someone born on `birth_date`, on `day` (0-11 for a birth
    after `day`)."""
    age = age_on(birth_date, day)
    return next(group for youngest, group in _GROUP_FROM_AGE if max(age, 0) >= youngest)


def settled_age_group(birth_date, age_group: str, intake_day: datetime.date, *, field="age_group"):
    """The age group at intake, the one rule that intake, the client form, the API and
    the client services all call.

    With a birth date, the group follows from it on `intake_day`: "not known" becomes
    that group, and another group is refused (ValidationError on `field`), so a child
    is never recorded in an adult group and so never escapes the caregiver-consent
    rule. Without a birth date the chosen group stands.
    """
    if not birth_date:
        return age_group
    derived = age_group_on(birth_date, intake_day)
    if age_group in ("", None, AgeGroup.UNKNOWN) or age_group == derived:
        return derived.value
    raise ValidationError(
        {
            field: gettext(
                "By the date of birth, the client's age at intake was %(age)s: age group "
                "“%(group)s”. Choose that group or correct the date of birth."
            )
            % {"age": max(age_on(birth_date, intake_day), 0), "group": derived.label}
        }
    )


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("single")
    MARRIED = "married", _("married")
    RELIGIOUS_MARRIAGE = "religious", _("religious marriage only (nikoh)")
    DIVORCED = "divorced", _("divorced or separated")
    WIDOWED = "widowed", _("widowed")
    UNKNOWN = "unknown", _("not known")


class Disability(models.TextChoices):
    NONE = "none", _("no disability")
    PHYSICAL = "physical", _("physical")
    SENSORY = "sensory", _("sensory")
    INTELLECTUAL = "intellectual", _("intellectual")
    PSYCHOSOCIAL = "psychosocial", _("psychosocial")
    UNKNOWN = "unknown", _("not known")


class Client(PersonIndexed, Versioned):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="clients"
    )
    code = models.CharField(_("client code"), max_length=24, unique=True)
    # Identifying: encrypted at rest.
    name = EncryptedTextField(_("name or alias"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    birth_date = EncryptedDateField(_("date of birth"))
    # {"may_call": bool, "call_times": str, "code_word": str, "may_visit": bool, "notes": str}
    safe_contact = EncryptedJSONField(_("safe-contact instructions"))
    # Keyed hashes (clients/person_index.py), recomputed on every save and by `keys
    # reindex`: name_year_index and phone_index (PersonIndexed) find a returning client;
    # this one, of the normalised name and birth date, gives duplicate warnings.
    identity_index = models.CharField(max_length=64, blank=True, db_index=True)
    # Keyed hash of the normalised name alone: finds a possible duplicate when one side
    # has no birth date recorded.
    name_index = models.CharField(max_length=64, blank=True)
    # Non-identifying: in clear, for statistics.
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.FEMALE)
    age_group = models.CharField(
        _("age group at intake"), max_length=10, choices=AgeGroup.choices,
        default=AgeGroup.UNKNOWN,
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT
    )
    disability = models.CharField(
        _("disability"), max_length=14, choices=Disability.choices, default=Disability.UNKNOWN
    )
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices,
        default=MaritalStatus.UNKNOWN,
    )
    children_count = models.PositiveSmallIntegerField(_("number of children"), null=True, blank=True)
    # Blank allowed: imported or demo clients have no creator and must stay editable.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [
            models.Index(fields=["organisation", "identity_index"]),
            models.Index(fields=["organisation", "name_index"]),
            models.Index(fields=["organisation", "name_year_index"]),
            models.Index(fields=["organisation", "phone_index"]),
        ]

    PERSON_INDEX_SOURCES = ("organisation", "name", "birth_date", "phone", "anonymised_at")
    PERSON_INDEXES = (*PersonIndexed.PERSON_INDEXES, "identity_index", "name_index")

    def person_key(self) -> PersonKey:
        birth_year = self.birth_date.year if self.birth_date else None
        return PersonKey(self.organisation_id, self.name, birth_year, self.phone)

    def blind_indexes(self) -> dict[str, str]:
        # An anonymised client can no longer be found, by any index.
        if self.anonymised_at is not None:
            return dict.fromkeys(self.PERSON_INDEXES, "")
        return {
            **super().blind_indexes(),
            "identity_index": identity_index(self.organisation_id, self.name, self.birth_date),
            "name_index": name_index(self.organisation_id, self.name),
        }

    def __str__(self):
        return self.code

    @property
    def is_child(self) -> bool:
        """A child's consent needs a caregiver's too: a child age group, or a birth date
        that makes the client under 18 today, whatever the group says."""
        if self.age_group in CHILD_AGE_GROUPS:
            return True
        birth_date = self.birth_date
        return bool(birth_date) and age_on(birth_date, timezone.localdate()) < ADULT_AGE

    @property
    def intake_day(self) -> datetime.date:
        """The day the client was first recorded, which "age group at intake" refers to."""
        return timezone.localdate(self.created_at) if self.created_at else timezone.localdate()


class ClientCodeCounter(models.Model):
    """The last number used per organisation and year; locked while a code is taken."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_counter_per_year")
        ]


class ConsentKind(models.TextChoices):
    SERVICES = "services", _("to receive services")
    SHARE_ORGANISATION = "share_organisation", _("to share information with an organisation")
    SHARE_SECTOR = "share_sector", _("to share information with a sector")
    ANONYMOUS_REPORTING = "anonymous_reporting", _("to anonymous statistical reporting")
    CAREGIVER = "caregiver", _("caregiver's consent for a child")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("verbal")
    WRITTEN = "written", _("written")


class Consent(models.Model):
    """One consent given by (or for) a client. Withdrawal is kept, never deleted."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent"), max_length=24, choices=ConsentKind.choices)
    recipient_organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    recipient_sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, blank=True
    )
    method = models.CharField(_("how"), max_length=10, choices=ConsentMethod.choices)
    # For a caregiver's consent: who gave it; or why it was not sought (in the child's
    # best interest, e.g. the caregiver is the alleged perpetrator).
    caregiver_relationship = models.CharField(
        _("caregiver's relationship to the child"), max_length=100, blank=True
    )
    not_sought_reason = EncryptedTextField(_("reason caregiver consent was not sought"), blank=True)
    given = models.BooleanField(default=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(_("taken at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_note = EncryptedTextField(_("withdrawal note"), blank=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["client", "kind", "withdrawn_at"])]

    @property
    def is_active(self) -> bool:
        return self.given and self.withdrawn_at is None
