"""A referral test base: Alpha (sender) has a full case for bob; Beta (receiver) is a
state legal aid office in Isfara with a caseworker (lena) and a supervisor (victor)
and a primary legal aid service serving Isfara.

SHARED_SECRETS are A's data that B must never read: the survivor's name, phone,
address, A's notes, safety plan, incident description. SHARED_OK is what B may see
while the referral is open and consent stands.
"""



from himoya.accounts.models import Profession
from himoya.accounts.tests.factories import UserFactory
from himoya.cases.models import RiskLevel
from himoya.cases.tests.factories import CaseFactory
from himoya.cases.tests.test_api_fixtures import SECRETS, fill_case
from himoya.clients.models import ConsentKind
from himoya.clients.tests.factories import ConsentFactory
from himoya.core.roles import Role
from himoya.directory.tests.factories import ServiceFactory
from himoya.geo.models import District
from himoya.referrals.models import Referral, ReferralStatus, Urgency
from himoya.referrals.tests.factories import ReferralFactory
from himoya.testing import HimoyaTestCase

# What A holds that B must never read, through any page, API operation or export.
A_ONLY_SECRETS = {key: SECRETS[key] for key in (
    "name", "phone", "address", "description", "safety_plan", "goal", "action",
    "service_notes", "note",
)}
SAFE_CONTACT_WORD = SECRETS["code_word"]
REFERRAL_MESSAGE = "Needs advice on alimony before Friday"


class ReferralTestCase(HimoyaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lena = UserFactory(
            username="lena",
            organisation=cls.beta,
            role=Role.CASEWORKER,
            profession=Profession.STATE_LAWYER,
        )
        cls.victor = UserFactory(username="victor", organisation=cls.beta, role=Role.SUPERVISOR)
        cls.beta_analyst = UserFactory(username="betty", organisation=cls.beta, role=Role.ANALYST)
        cls.isfara = District.objects.get(slug="isfara")
        cls.legal_aid = ServiceFactory(organisation=cls.beta, districts_served=[cls.isfara])

    def setUp(self):
        super().setUp()
        self.case = CaseFactory(
            organisation=self.alpha, caseworker=self.bob, risk_level=RiskLevel.HIGH
        )
        self.records = fill_case(self.case, self.bob)
        self.client_record = self.case.client
        self.share_consent = ConsentFactory(
            client=self.client_record,
            taken_by=self.bob,
            kind=ConsentKind.SHARE_ORGANISATION,
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
            values["from_case"] = CaseFactory(
                organisation=self.alpha, caseworker=self.bob, client=self.client_record
            )
        return send_referral(self.bob, **values)

    def make_referral(self, status=ReferralStatus.SENT, **fields) -> Referral:
        """A referral row without the service layer (for list and walk tests)."""
        values = {
            "client": self.client_record,
            "from_organisation": self.alpha,
            "from_case": self.case,
            "service": self.legal_aid,
            "message": REFERRAL_MESSAGE,
            "status": status,
            "sent_by": self.bob,
        }
        values.update(fields)
        return ReferralFactory(**values)
