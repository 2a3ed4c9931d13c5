"""Small pieces every case page shares: the case roles, closed-case refusal, and a
service's field errors put on the form."""

from functools import wraps

from django.core.exceptions import ValidationError
from django.shortcuts import render

from himoya.cases.access import CaseClosedError


def refuse_closed_case(view):
    """Answer a write to a closed case with a clear message and 409 Conflict."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except CaseClosedError as error:
            return render(
                request,
                "cases/case_closed.html",
                {"message": str(error), "case_id": kwargs.get("case_id")},
                status=409,
            )

    return wrapper


def copy_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names (else above the form)."""
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
