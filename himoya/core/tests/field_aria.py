"""How a rendered form field is described to assistive technology, read from a page's HTML.

Django names the help text and the error list in the widget's aria-describedby (on the
fieldset around a group of radios or checkboxes) and sets aria-invalid on a field with
errors; the project's field template (core/forms/field.html) gives those elements their ids.
"""

from dataclasses import dataclass

from django.test.html import Element, parse_html


@dataclass
class DescribedField:
    """aria-invalid of each control of the field, in page order; and for each id named in
    aria-describedby, that element's tag and text (None when no element has the id)."""

    invalid: list
    described_by: dict


def _walk(element, ancestors=()):
    yield element, ancestors
    for child in element.children:
        if isinstance(child, Element):
            yield from _walk(child, (*ancestors, element))


def _text(element) -> str:
    parts = [child if isinstance(child, str) else _text(child) for child in element.children]
    return " ".join(" ".join(parts).split())


def described_field(html: str, name: str) -> DescribedField:
    """The controls named `name` on the page, and what their aria-describedby points at."""
    nodes = list(_walk(parse_html(html)))
    by_id = {dict(node.attributes).get("id"): node for node, _ancestors in nodes}
    controls = [
        (node, ancestors)
        for node, ancestors in nodes
        if node.name in {"input", "select", "textarea"}
        and dict(node.attributes).get("name") == name
    ]
    assert controls, f"no control named {name!r} on the page"
    node, ancestors = controls[0]
    describer = node
    if "aria-describedby" not in dict(node.attributes):
        # A group: the nearest fieldset around the controls carries the description.
        describer = next((a for a in reversed(ancestors) if a.name == "fieldset"), node)
    ids = (dict(describer.attributes).get("aria-describedby") or "").split()
    return DescribedField(
        invalid=[dict(control.attributes).get("aria-invalid") for control, _ in controls],
        described_by={
            id_: (by_id[id_].name, _text(by_id[id_])) if id_ in by_id else None for id_ in ids
        },
    )
