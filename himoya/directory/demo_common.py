"""Shared pieces of the demo directory: three-language text, fictitious contacts."""

DUSHANBE = ["firdavsi", "ismoili-somoni", "shohmansur", "sino"]
NEAR_DUSHANBE = ["rudaki", "hisor", "vahdat", "varzob"]
EVERYWHERE = "*"  # every district of Tajikistan


def t(tg: str, ru: str, en: str) -> dict:
    return {"tg": tg, "ru": ru, "en": en}


def demo_phone(n: int) -> str:
    return f"+992 00 000 00 {n:02d}"


def demo_address(n: int, city: t) -> dict:
    return t(
        f"кӯчаи Намуна, {n}, {city['tg']} (суроғаи намунавӣ)",
        f"ул. Примерная, {n}, {city['ru']} (демо-адрес)",
        f"{n} Example Street, {city['en']} (demo address)",
    )


WEEKDAYS = t("Душанбе–Ҷумъа, 8:00–17:00", "Пн–Пт, 8:00–17:00", "Mon–Fri, 8:00–17:00")
ID_PAPERS = t(
    "Шиноснома ё корти шахсӣ, агар бошад, ва ҳуҷҷатҳои марбут ба мушкилотатон. "
    "Агар ҳуҷҷат надошта бошед ҳам, биёед.",
    "Паспорт или удостоверение личности, если есть, и бумаги, связанные с вашим делом. "
    "Приходите, даже если документов нет.",
    "Your passport or ID card if you have it, and any papers about your problem. "
    "Come even if you have no documents.",
)
NOTHING_NEEDED = t(
    "Ҳеҷ чиз лозим нест. Метавонед бе ҳуҷҷат биёед.",
    "Ничего не нужно. Можно прийти без документов.",
    "Nothing is needed. You can come without documents.",
)
