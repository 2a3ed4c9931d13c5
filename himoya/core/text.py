"""Normalising the text people send: one rule for every form and every API input.

Text is put in NFC (a name typed as "и" + combining breve and one typed as "й" are
the same name), and characters that have no place in it are taken out:

- in a one-line field (a name, a phone, a code word, a title): every control (C0, C1,
  line breaks, tabs) and every format character (Unicode category Cf: bidirectional
  overrides, embeddings and isolates such as U+202E, zero-width spaces and joiners,
  soft hyphens, the byte-order mark, tag characters). A line or paragraph break
  becomes a space so that two words do not run together;
- in multi-line free text (notes, summaries, descriptions): the same, except that
  newlines, carriage returns and tabs stay;
- in a file name: as in a one-line field, and no path either.

Why remove rather than refuse: these characters are invisible. They arrive mostly by
copy and paste from messengers and word processors (left-to-right marks, zero-width
spaces, soft hyphens), and a caseworker at an intake could neither see nor delete what
an error message complained about. Removed, the text keeps exactly the letters that
were visible, and a spoofing attempt such as "Ali\\u202egnp.exe" is stored as the plain
"Aligpn.exe", which displays in the order it is stored. None of these characters
means anything in a Tajik, Russian or English name or one-line field, so nothing is
lost.

Passwords are never passed through here: a password is compared byte for byte, and
changing it would lock its owner out.
"""

import unicodedata
from pathlib import PurePath

# Line and paragraph breaks that are not "\n": in a one-line field they separate words.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# What multi-line text keeps of the controls.
MULTI_LINE_KEEPS = frozenset("\n\r\t")


def _unwanted(char: str) -> bool:
    # Cc: C0 and C1 controls; Cf: format characters (bidi controls, zero-width ones,
    # soft hyphen, BOM, tags); Cs: lone surrogates, which JSON's "\ud800" can carry and
    # no database text can hold.
    return unicodedata.category(char) in ("Cc", "Cf", "Cs")


def clean_line(value: str) -> str:
    """One-line text: NFC, no controls or format characters; breaks become spaces."""
    if value.isascii() and value.isprintable():
        return value
    kept = []
    for char in value:
        if char in LINE_BREAKS or char == "\t":
            kept.append(" ")
        elif not _unwanted(char):
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def clean_multiline(value: str) -> str:
    """Free text: NFC, keeps newlines and tabs, drops other controls and format characters.

    The Unicode line and paragraph separators (and NEL) become newlines.
    """
    if value.isascii() and value.isprintable():
        return value
    kept = []
    for char in value:
        if char in MULTI_LINE_KEEPS:
            kept.append(char)
        elif char in ("\x85", "\u2028", "\u2029"):
            kept.append("\n")
        elif not _unwanted(char):
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def clean_filename(name: str, limit: int = 200) -> str:
    """A file name to store: the last path component only, one clean line, of sane length.

    Returns "" when nothing is left (the caller refuses such a file).
    """
    base = PurePath(clean_line(name or "").replace("\\", "/")).name
    base = " ".join(base.split())
    if base in (".", ".."):
        return ""
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        if dot and len(ext) < limit // 2:
            base = stem[: limit - len(ext) - 1] + dot + ext
        else:
            base = base[:limit]
    return base


# ---- the entry point for Django forms ----


def clean_form_value(field, value):
    """What a form field keeps of a submitted text, by its widget: a password as typed,
    a text area as multi-line text, anything else as one line."""
    from django import forms

    if not isinstance(value, str) or isinstance(field.widget, forms.PasswordInput):
        return value
    if isinstance(field.widget, forms.Textarea):
        return clean_multiline(value)
    return clean_line(value)


def install_form_hook() -> None:
    """Make every form's text fields (CharField and its kin: email, URL, slug, regex and
    the model forms of the admin) clean their input before anything else looks at it.

    Done once, at start-up, on the field class itself rather than in a base form, so
    that no form, however it is built (declared, added in __init__, made from a model
    field), can forget it. Length limits and validators then see the cleaned text.
    """
    from django import forms

    if getattr(forms.CharField.to_python, "cleans_text", False):
        return
    original = forms.CharField.to_python

    def to_python(self, value):
        return original(self, clean_form_value(self, value))

    to_python.cleans_text = True
    forms.CharField.to_python = to_python
