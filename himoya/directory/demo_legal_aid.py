"""The demo's state legal aid: the Legal Aid Center's district offices and their services."""

from himoya.directory.demo_common import DUSHANBE, ID_PAPERS, WEEKDAYS, t
from himoya.directory.models import ServiceType

PRIMARY_LEGAL_AID = {
    "service_type": ServiceType.PRIMARY_LEGAL_AID,
    "name": t(
        "Кӯмаки ибтидоии ҳуқуқӣ: машварат ва ҳуҷҷатҳо",
        "Первичная правовая помощь: консультации и документы",
        "Primary legal aid: advice and documents",
    ),
    "description": t(
        "Адвокати давлатӣ ройгон маслиҳат медиҳад, дар бораи ҳуқуқҳоятон маълумот медиҳад ва "
        "дар тартиб додани ариза ва шикоятҳо кӯмак мекунад.",
        "Государственный юрист бесплатно консультирует, разъясняет ваши права и помогает "
        "составить заявления и жалобы.",
        "A state lawyer gives free advice, explains your rights and helps you draft "
        "applications and complaints.",
    ),
    "hours": WEEKDAYS,
    "eligibility": t(
        "Ҳар як сокини ноҳия. Барои ҳама ройгон.",
        "Любой житель района. Бесплатно для всех.",
        "Anyone living in the district. Free for everyone.",
    ),
    "what_to_bring": ID_PAPERS,
}

SECONDARY_LEGAL_AID = {
    "service_type": ServiceType.SECONDARY_LEGAL_AID,
    "name": t(
        "Кӯмаки дуюмдараҷаи ҳуқуқӣ: адвокат дар суд",
        "Вторичная правовая помощь: адвокат в суде",
        "Secondary legal aid: an advocate in court",
    ),
    "description": t(
        "Идора шуморо ба адвокат равон мекунад, ки манфиатҳои шуморо дар суд ҳимоя мекунад, "
        "аз ҷумла барои гирифтани ҳукми муҳофизатӣ.",
        "Офис направляет вас к адвокату, который представляет ваши интересы в суде, в том "
        "числе для получения охранного ордера.",
        "The office refers you to an advocate who represents you in court, including to "
        "obtain a protection order.",
    ),
    "hours": WEEKDAYS,
    "eligibility": t(
        "Ҷабрдидагони зӯроварии хонаводагӣ, оилаҳои камбизоат, шахсони дорои маъюбӣ ва дигар "
        "гурӯҳҳое, ки қонун муайян кардааст.",
        "Пострадавшие от домашнего насилия, малообеспеченные, лица с инвалидностью и другие "
        "категории, установленные законом.",
        "Survivors of domestic violence, people on low incomes, persons with disabilities "
        "and others the law entitles to free representation.",
    ),
    "what_to_bring": t(
        "Шиноснома, маълумотнома аз ҷамоат дар бораи даромад (агар бошад) ва ҳамаи ҳуҷҷатҳои суд.",
        "Паспорт, справка о доходах из джамоата (если есть) и все судебные бумаги.",
        "Passport, an income certificate from the jamoat if you have one, and all court papers.",
    ),
}

# slug, district, location jamoat (or None), languages, phone number, served districts.
LEGAL_AID_OFFICES = [
    ("lac-isfara", "isfara", None, ["tg", "ru", "uz", "ky"], 11, ["isfara"]),
    ("lac-khujand", "khujand", None, ["tg", "ru", "uz"], 12, ["khujand"]),
    (
        "lac-bobojon-gafurov",
        "bobojon-gafurov",
        "bobojon-gafurov-haydar-usmonov",
        ["tg", "ru", "uz"],
        13,
        ["bobojon-gafurov"],
    ),
    ("lac-yovon", "yovon", None, ["tg", "ru", "uz"], 14, ["yovon"]),
    ("lac-rudaki", "rudaki", None, ["tg", "ru"], 15, ["rudaki"]),
    ("lac-hisor", "hisor", None, ["tg", "ru", "uz"], 16, ["hisor"]),
    ("lac-dushanbe", "shohmansur", None, ["tg", "ru"], 17, DUSHANBE),
]
