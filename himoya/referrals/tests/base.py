"""A referral test base: Alpha (sender) has a full case for bob; Beta (receiver) is a
state legal aid office in Isfara with a caseworker (lena) and a supervisor (victor)
and a primary legal aid service serving Isfara.

SHARED_SECRETS are A's data that B must never read: the survivor's name, phone,
address, A's notes, safety plan, incident description. SHARED_OK is what B may see
while the referral is open and consent stands.
"""

import datetime

from django.utils import timezone

from himoya.accounts.models import Profession, Role
from himoya.cases.models import RiskLevel
from himoya.cases.tests.factories import make_case, make_consent
from himoya.cases.tests.test_api_fixtures import SECRETS, fill_case
from himoya.clients.models import ConsentKind
from himoya.directory.models import Sector, Service, ServiceType
from himoya.geo.models import District
from himoya.referrals.models import Referral, ReferralStatus, Urgency
from himoya.testing import HimoyaTestCase, make_user

# What A holds that B must never read, through any page, API operation or export.
A_ONLY_SECRETS = {key: SECRETS[key] for key in (
    "name", "phone", "address", "description", "safety_plan", "goal", "action",
    "service_notes", "note",
)}
SAFE_CONTACT_WORD = SECRETS["code_word"]
REFERRAL_MESSAGE = "Needs advice on alimony before Friday"


def make_service(organisation, service_type=ServiceType.PRIMARY_LEGAL_AID, districts=()):
    service = Service.objects.create(
        organisation=organisation,
        sector=Sector.JUSTICE if "legal" in service_type else Sector.SOCIAL,
        service_type=service_type,
        name_tg="Машварати ҳуқуқӣ",
        name_ru="Правовая консультация",
        name_en="Legal consultation",
    )
    service.districts_served.set(districts or [organisation.district])
    return service


class ReferralTestCase(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lena = make_user("lena", cls.beta, Role.CASEWORKER, profession=Profession.STATE_LAWYER)
        cls.victor = make_user("victor", cls.beta, Role.SUPERVISOR)
        cls.beta_analyst = make_user("betty", cls.beta, Role.ANALYST)
        cls.isfara = District.objects.get(slug="isfara")
        cls.legal_aid = make_service(cls.beta, districts=[cls.isfara])

    def setUp(self):
        super().setUp()
        self.case = make_case(self.alpha, self.bob, risk_level=RiskLevel.HIGH)
        self.records = fill_case(self.case, self.bob)
        self.client_record = self.case.client
        self.share_consent = make_consent(
            self.client_record, self.bob, ConsentKind.SHARE_ORGANISATION,
            recipient_organisation=self.beta,
        )

    def send(self, **extra) -> Referral:
        from himoya.referrals.services.sending import open_duplicate, send_referral

        values = {
            "client": self.client_record,
            "service": self.legal_aid,
            "urgency": Urgency.URGENT,
            "needs": ["legal"],
            "message": REFERRAL_MESSAGE,
            "from_case": self.case,
        }
        values.update(extra)
        if "from_case" not in extra and open_duplicate(self.case, values["service"]):
            # One case refers to one service once at a time (issue 9): a test that needs
            # several open referrals of the client sends the next from a case of its own.
            values["from_case"] = make_case(self.alpha, self.bob, client=self.client_record)
        return send_referral(self.bob, **values)

    def make_referral(self, status=ReferralStatus.SENT, **fields) -> Referral:
        """A referral row without the service layer (for list and walk tests)."""
        now = timezone.now()
        values = {
            "client": self.client_record,
            "from_organisation": self.alpha,
            "from_case": self.case,
            "to_organisation": self.beta,
            "service": self.legal_aid,
            "urgency": Urgency.ROUTINE,
            "needs": ["legal"],
            "message": REFERRAL_MESSAGE,
            "status": status,
            "sent_by": self.bob,
            "sent_at": now,
            "expires_at": now + datetime.timedelta(days=7),
        }
        values.update(fields)
        return Referral.objects.create(**values)
