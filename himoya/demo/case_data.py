"""Data for the synthetic demo cases (himoya.demo.cases): how often things happen,
names, stories, notes.

Everything here is invented. Caseworkers write in Tajik or Russian, so the texts mix both.
"""

from himoya.cases.models import CaseStatus, CaseStep
from himoya.clients.models import AgeGroup, Disability, MaritalStatus
from himoya.incidents.models import Relationship

GIVEN_NAMES = [
    "Мадина",
    "Нигора",
    "Гулнора",
    "Зарина",
    "Фарзона",
    "Дилноза",
    "Шаҳло",
    "Манижа",
    "Сабина",
    "Парвина",
    "Малика",
    "Нилуфар",
    "Ситора",
    "Мавлуда",
    "Гулчеҳра",
    "Рухсора",
    "Тахмина",
    "Фотима",
    "Зулфия",
    "Мунира",
    "Шабнам",
    "Ҳилола",
    "Наргис",
    "Озода",
]
SURNAMES = [
    "Каримова",
    "Раҳимова",
    "Назарова",
    "Саидова",
    "Шарипова",
    "Юсупова",
    "Ҳасанова",
    "Мирзоева",
    "Давлатова",
    "Қодирова",
    "Азизова",
    "Сафарова",
    "Бобоева",
    "Тоирова",
    "Одинаева",
    "Холова",
    "Ғафорова",
    "Ҷӯраева",
]
STREETS = [
    "кӯчаи Саъдии Шерозӣ",
    "кӯчаи Бофанда",
    "кӯчаи Гулистон",
    "маҳаллаи Навобод",
    "кӯчаи Сомониён",
    "деҳаи Гулистон",
]
CALL_TIMES = ["пас аз соати 10 субҳ", "танҳо рӯзона", "после 18:00", "не звонить по выходным"]
CODE_WORDS = ["Бозор", "Нон", "Гул", "Дарс", "Мактаб", "Чой"]
CAREGIVERS = ["модар", "хола", "бибӣ", "мать"]
NOT_SOUGHT = (
    "Падарандар гумонбаршуда аст; модар бо ӯ зиндагӣ мекунад. Ба манфиати кӯдак ризоият "
    "пурсида нашуд."
)
WITHDRAWAL_NOTES = [
    "Мижоз хоҳиш кард, ки маълумот ба омор дохил нашавад.",
    "Клиентка отозвала согласие по телефону.",
]

# Each scenario: the Classification Tool's "yes" answers, where it happened, a description,
# and sometimes a fixed perpetrator relationship (otherwise drawn by frequency).
SCENARIOS = [
    {
        "answers": ["physical_assault", "psychological_abuse"],
        "where": "shared_home",
        "text": "Шавҳар пас аз ҷанҷол ӯро зад ва таҳдид кард, ки фарзандонро мегирад.",
    },
    {
        "answers": ["physical_assault"],
        "where": "in_laws_home",
        "relationship": "in_law",
        "text": "Хушдоман ва додарарӯс ӯро заданд, ки гӯё кори хонаро нағз намекунад.",
    },
    {
        "answers": ["physical_assault", "psychological_abuse", "denial_of_resources"],
        "where": "shared_home",
        "text": "Муж избил её, забрал паспорт и не даёт денег, присланных из России.",
    },
    {
        "answers": ["psychological_abuse"],
        "where": "shared_home",
        "text": "Шавҳар ҳар рӯз дашном медиҳад ва таҳдид мекунад, ки талоқ медиҳад.",
    },
    {
        "answers": ["denial_of_resources"],
        "where": "in_laws_home",
        "relationship": "in_law",
        "text": "Хешовандони шавҳар пули муҳоҷиратро мегиранд ва ба ӯ хӯрок намедиҳанд.",
    },
    {
        "answers": ["denial_of_resources", "psychological_abuse"],
        "where": "shared_home",
        "text": "Муж запрещает работать и выходить из дома, отобрал телефон.",
    },
    {
        "answers": ["penetration", "physical_assault"],
        "where": "shared_home",
        "relationship": "current_partner",
        "text": "Шавҳар ӯро маҷбуран ба алоқаи ҷинсӣ водор кард ва зад.",
    },
    {
        "answers": ["sexual_contact"],
        "where": "workplace",
        "relationship": "authority",
        "text": "Роҳбари ҷои кор ба ӯ даст расонд ва таҳдид кард, ки аз кор ронда мешавад.",
    },
    {
        "answers": ["penetration"],
        "where": "street",
        "relationship": "stranger",
        "text": "Незнакомец напал вечером по дороге с рынка.",
    },
    {
        "answers": ["forced_marriage", "harmful_traditional_practice"],
        "where": "survivor_home",
        "relationship": "family",
        "text": "Падару модар ӯро маҷбур карданд, ки бо никоҳи динӣ ба шавҳар барояд.",
    },
    {
        "answers": ["physical_assault", "psychological_abuse"],
        "where": "survivor_home",
        "relationship": "former_partner",
        "text": "Собиқ шавҳар ба хона омада ӯро зад ва алимент намедиҳад.",
    },
    {
        "answers": ["psychological_abuse"],
        "where": "online",
        "relationship": "former_partner",
        "text": "Бывший муж угрожает по телефону и пишет её родственникам.",
    },
]
SCENARIOS_CHILD = [
    {
        "answers": ["forced_marriage", "harmful_traditional_practice"],
        "where": "survivor_home",
        "relationship": "family",
        "text": "Оила духтари 16-соларо бо никоҳи динӣ ба шавҳар дод; мактабро тарк кард.",
    },
    {
        "answers": ["sexual_contact"],
        "where": "school",
        "relationship": "acquaintance",
        "text": "Ҳамсояи калонсол ба духтар дар роҳи мактаб даст расонд.",
    },
    {
        "answers": ["physical_assault"],
        "where": "survivor_home",
        "relationship": "family",
        "text": "Отчим регулярно бьёт девочку.",
    },
    {
        "answers": ["penetration"],
        "where": "perpetrator_home",
        "relationship": "acquaintance",
        "text": "Духтарро шиноси оила ба хонааш бурда, ба ӯ таҷовуз кард.",
    },
]

SAFETY_PLANS = [
    "Ҳуҷҷатҳо ва пул дар назди хоҳараш нигоҳ дошта мешаванд. Дар ҳолати хатар ба 1313 "
    "ва ба милиса занг мезанад. Калимаи рамзӣ бо ҳамсоя: «чой».",
    "Сумка с документами у соседки. При угрозе уходит с детьми к матери. Номер приюта "
    "записан под именем «Швея».",
    "Роҳи баромад аз хона аз ҳавлии ҳамсоя. Фарзандон медонанд, ки ба кӣ муроҷиат кунанд.",
]
GOALS = [
    ("Бехатарии мижоз ва фарзандон", "Ҷойгир кардан дар паноҳгоҳи муваққатӣ"),
    ("Ҳимояи ҳуқуқӣ", "Омода кардани ариза барои ордери муҳофизатӣ"),
    ("Саломатӣ", "Фиристодан ба муоинаи тиббӣ ва судӣ-тиббӣ"),
    ("Восстановление документов", "Помочь получить новый паспорт"),
    ("Мустақилияти иқтисодӣ", "Ба курси дӯзандагӣ дар «Чатр» сабт кардан"),
    ("Алимент", "Подготовить иск о взыскании алиментов"),
    ("Дастгирии равонӣ", "Ҷаласаҳои ҳафтаинаи машварати равонӣ"),
]
SERVICE_NOTES = {
    "primary_legal_aid": "Дар бораи ҳуқуқҳояш ва ордери муҳофизатӣ маслиҳат дода шуд.",
    "secondary_legal_aid": "Составлено исковое заявление о расторжении брака.",
    "psychological_support": "Ҷаласаи дуюм; хоб беҳтар шудааст.",
    "crisis_counselling": "Кризисная консультация, составлен план безопасности.",
    "medical_care": "Муоина гузаронида шуд, табобати амбулаторӣ таъин шуд.",
    "forensic_documentation": "Ҷароҳатҳо барои экспертизаи судӣ-тиббӣ сабт шуданд.",
    "temporary_shelter": "Бо ду фарзанд дар паноҳгоҳ ҷойгир шуд.",
    "livelihood": "Записана на курсы шитья.",
}
FOLLOW_UP_PURPOSES = [
    "Пурсидан, ки оё шавҳар боз таҳдид кардааст",
    "Санҷидани натиҷаи муоинаи тиббӣ",
    "Узнать, подано ли заявление в суд",
    "Ташрифи такрорӣ пас аз баромадан аз паноҳгоҳ",
]
FOLLOW_UP_OUTCOMES = [
    "Бехатар аст, бо модараш зиндагӣ мекунад.",
    "Заявление подано, заседание назначено.",
    "Тамос гирифта нашуд; бори дигар кӯшиш мекунем.",
]
NOTES = [
    "Мижоз бори аввал худаш омад; хеле тарсида буд.",
    "Клиентка просит звонить только в рабочее время, когда мужа нет дома.",
    "Бо ҳуқуқшиноси идораи ёрии ҳуқуқӣ ҳамоҳанг карда шуд.",
    "Шавҳар дар Русия дар муҳоҷират аст; хушдоман назорат мекунад.",
    "Договорились о встрече на следующей неделе в кафе «Чатр».",
]
CLOSURE_NOTES = [
    "Ниёзҳои асосӣ қонеъ гардиданд; мижоз медонад, ки ба кӣ муроҷиат кунад.",
    "Клиентка переехала к родителям в другой район, передана информация о местных службах.",
]

STATUS_WEIGHTS = [
    (CaseStatus.OPEN, 20),
    (CaseStatus.ACTIVE, 50),
    (CaseStatus.CLOSURE_REQUESTED, 8),
    (CaseStatus.CLOSED, 22),
]
STEPS_OF_STATUS = {
    CaseStatus.OPEN: [CaseStep.ENGAGEMENT, CaseStep.ASSESSMENT],
    CaseStatus.ACTIVE: [CaseStep.PLANNING, CaseStep.IMPLEMENTATION, CaseStep.FOLLOW_UP],
    CaseStatus.CLOSURE_REQUESTED: [CaseStep.CLOSURE],
    CaseStatus.CLOSED: [CaseStep.CLOSURE],
}
RELATIONSHIP_WEIGHTS = [
    (Relationship.CURRENT_PARTNER, 55),
    (Relationship.IN_LAW, 20),
    (Relationship.FORMER_PARTNER, 8),
    (Relationship.FAMILY, 8),
    (Relationship.ACQUAINTANCE, 4),
    (Relationship.AUTHORITY, 2),
    (Relationship.STRANGER, 3),
]
AGE_WEIGHTS = [
    (AgeGroup.AGE_12_17, 6),
    (AgeGroup.AGE_18_25, 30),
    (AgeGroup.AGE_26_40, 44),
    (AgeGroup.AGE_41_60, 17),
    (AgeGroup.AGE_61_PLUS, 3),
]
AGE_SPAN = {
    AgeGroup.AGE_12_17: (13, 17),
    AgeGroup.AGE_18_25: (18, 25),
    AgeGroup.AGE_26_40: (26, 40),
    AgeGroup.AGE_41_60: (41, 60),
    AgeGroup.AGE_61_PLUS: (61, 72),
}
# How often each of SCENARIOS comes up: mostly a husband's or in-laws' violence.
SCENARIO_WEIGHTS = [5, 3, 3, 3, 3, 2, 1, 0.4, 0.3, 1, 1, 0.6]
CLOSURE_REASONS = ["goals_met", "goals_met", "client_wish", "moved_away", "no_contact"]
# Chance of each danger indicator, in himoya.cases.risk.INDICATORS order.
INDICATOR_CHANCES = (0.15, 0.08, 0.1, 0.35, 0.1, 0.3, 0.5)
MARITAL_WEIGHTS = [
    (MaritalStatus.MARRIED, 60),
    (MaritalStatus.RELIGIOUS_MARRIAGE, 15),
    (MaritalStatus.DIVORCED, 12),
    (MaritalStatus.WIDOWED, 3),
    (MaritalStatus.SINGLE, 10),
]
DISABILITY_WEIGHTS = [
    (Disability.NONE, 85),
    (Disability.PHYSICAL, 5),
    (Disability.SENSORY, 3),
    (Disability.PSYCHOSOCIAL, 4),
    (Disability.UNKNOWN, 3),
]
