"""Every form and every API input cleans its text (himoya.core.text): bidirectional
overrides, zero-width characters and C1 controls never reach the database.

The walks find the forms and the API operations themselves, so a form or an operation
added later is covered without a list to keep up to date.
"""

import importlib
import pkgutil
import typing
import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError
from pydantic import BaseModel, create_model
from pydantic import ValidationError as PydanticValidationError

import himoya
from himoya.core import text
from himoya.core.schemas import MULTI_LINE, PASSWORD, TextInput, text_kind

RLO, ZWSP, NEL = "\u202e", "\u200b", "\x85"
EVIL_LINE = f"Ali{RLO}gnp{ZWSP}.exe{NEL}x"
EVIL_TEXT = f"first line\nsecond{RLO} line\t{ZWSP}end{NEL}"
FORBIDDEN = (RLO, ZWSP, NEL)

# Query parameters that are plain strings: keys looked up among fixed codes, never stored.
LOOKUP_PARAMETERS = {("/geo/", "/districts", "region")}


# ---- the functions ----


def test_one_line_text_loses_controls_and_format_characters():
    assert text.clean_line("Ali\u202egnp.exe") == "Alignp.exe"
    assert text.clean_line(f"a{ZWSP}b\u2066c\u2069\ufeff\u00ad") == "abc"
    assert text.clean_line("one\ntwo\u2028three\x85four\tfive") == "one two three four five"
    assert text.clean_line("bell\x07 and \x9b escape") == "bell and  escape"
    assert text.clean_line("lone \ud800 surrogate") == "lone  surrogate"
    # NFC: the decomposed "й" and the composed one are the same letter.
    assert text.clean_line("Саи\u0306д") == "Сайд"
    assert text.clean_line("Ҳимоя Ali 123") == "Ҳимоя Ali 123"


def test_multi_line_text_keeps_line_breaks_and_tabs_only():
    assert text.clean_multiline(EVIL_TEXT) == "first line\nsecond line\tend\n"
    assert text.clean_multiline("a\r\nb\u2029c\x00d\x1be") == "a\r\nb\ncde"


def test_file_names_lose_paths_controls_and_format_characters():
    assert text.clean_filename("C:\\Users\\x\\Ali\u202egnp.pdf") == "Alignp.pdf"
    assert text.clean_filename("../../etc/pass\nwd.png") == "pass wd.png"
    assert text.clean_filename("Саи\u0306д.pdf") == "Сайд.pdf"
    assert text.clean_filename(f"{RLO}{ZWSP}") == ""
    assert text.clean_filename("..") == ""
    assert len(text.clean_filename("a" * 300 + ".pdf", 200)) == 200
    assert text.clean_filename("a" * 300 + ".pdf", 200).endswith(".pdf")


# ---- every form ----


def _import_all_himoya_modules():
    for module in pkgutil.walk_packages(himoya.__path__, "himoya."):
        name = module.name
        if ".tests" in name or ".migrations" in name or name.startswith("himoya.bench"):
            continue
        if name.rsplit(".", 1)[-1] in {"wsgi", "settings", "settings_test", "cli"}:
            continue
        importlib.import_module(name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def himoya_forms():
    _import_all_himoya_modules()
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("himoya.") and ".tests" not in cls.__module__
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def form_fields(form_class) -> dict:
    """The form's fields: those of an instance where one can be made without arguments
    (fields added in __init__ included), else the declared ones."""
    try:
        return dict(form_class().fields)
    except TypeError:
        return dict(form_class.base_fields)


@pytest.mark.django_db
def test_every_form_cleans_its_text_fields():
    checked = 0
    classes = himoya_forms()
    assert len(classes) > 30, classes
    for form_class in classes:
        for name, field in form_fields(form_class).items():
            if not isinstance(field, forms.CharField):
                continue
            where = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
            if isinstance(field.widget, forms.PasswordInput):
                # Passwords are compared as typed: never changed.
                assert field.to_python(f"pw{ZWSP}{RLO}") == f"pw{ZWSP}{RLO}", where
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            try:
                value = field.clean(EVIL_TEXT if multiline else EVIL_LINE)
            except ValidationError:
                continue  # refused (not an e-mail address, too long for a code...): fine
            checked += 1
            for char in FORBIDDEN:
                assert char not in str(value), (where, value)
            if multiline:
                assert "\n" in value, (where, value)
    assert checked > 50


def test_a_form_field_added_at_run_time_cleans_too():
    class Probe(forms.Form):
        pass

    form = Probe({"late": EVIL_LINE, "notes": EVIL_TEXT})
    form.fields["late"] = forms.CharField()
    form.fields["notes"] = forms.CharField(widget=forms.Textarea)
    assert form.is_valid()
    assert form.cleaned_data == {"late": "Alignp.exe x", "notes": "first line\nsecond line\tend"}


# ---- every API operation ----


def _models_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models_in(field.annotation)
        return
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _has_str(annotation) -> bool:
    if annotation is str:
        return True
    return any(_has_str(arg) for arg in typing.get_args(annotation) if arg is not type(None))


def api_input_models():
    """(method, path, model) for every model an API operation reads from a request."""
    from himoya.api import api

    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for param_model in operation.signature.models:
                    source = param_model.__ninja_param_source__
                    for name, field in param_model.model_fields.items():
                        if source == "path" or name == "ninja_pagination":
                            continue  # ids and slugs of the address; the pager's numbers
                        if source == "file":
                            continue  # the upload's name is cleaned in cases.attachments
                        models = list(_models_in(field.annotation))
                        if not models:
                            assert (prefix, path, name) in LOOKUP_PARAMETERS or not _has_str(
                                field.annotation
                            ), f"{operation.methods} {prefix}{path}: '{name}' is a bare str"
                        for model in models:
                            found.append((operation.methods, prefix + path.lstrip("/"), model))
    return found


def test_every_api_input_schema_derives_from_text_input():
    entries = api_input_models()
    assert len(entries) > 40
    for methods, path, model in entries:
        if any(_has_str(field.annotation) for field in model.model_fields.values()):
            assert issubclass(model, TextInput), f"{methods} {path}: {model.__qualname__}"


def _probe(model, name):
    """`model` with every field but `name` optional: the field's own annotation, limits
    and the inherited cleaning run as in a real request."""
    others = {other: (typing.Any, None) for other in model.model_fields if other != name}
    return create_model(f"Probe{model.__name__}", __base__=model, **others)


def test_every_text_field_of_every_api_write_is_cleaned():
    checked = 0
    writes = [
        model
        for methods, _path, model in api_input_models()
        if {"POST", "PATCH", "PUT"} & set(methods)
    ]
    for model in dict.fromkeys(writes):
        for name, field in model.model_fields.items():
            if not _has_str(field.annotation) or list(_models_in(field.annotation)):
                continue
            kind = text_kind(name, field)
            sample = EVIL_TEXT if kind is MULTI_LINE else EVIL_LINE
            is_list = typing.get_origin(field.annotation) is list or any(
                typing.get_origin(arg) is list for arg in typing.get_args(field.annotation)
            )
            value = [sample] if is_list else sample
            try:
                cleaned = getattr(_probe(model, name).model_validate({name: value}), name)
            except PydanticValidationError:
                continue  # refused (a code, a slug, an enum, too long): fine
            if kind is PASSWORD:
                assert cleaned == value, (model, name)
                continue
            checked += 1
            for char in FORBIDDEN:
                assert char not in str(cleaned), (model.__qualname__, name, cleaned)
            assert unicodedata.is_normalized("NFC", str(cleaned))
    assert checked > 40
