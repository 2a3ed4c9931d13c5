"""Himoya's date and number formats, one module per language (FORMAT_MODULE_PATH).

A person reads one date format per language: Tajik and Russian 04.12.2026 and
04.12.2026 14:05 (no trailing «г.»), English 4 Dec 2026 and 4 Dec 2026, 14:05 (never
12/04/2026). Templates name the format, {{ value|date:"SHORT_DATE_FORMAT" }} or
"SHORT_DATETIME_FORMAT"; Python uses django.utils.formats.date_format(value, name).
The API and machine exports keep ISO 8601. Date inputs (type=date) read and write ISO,
which browsers need, so every language lists ISO first among its input formats.
"""
