"""Small pieces every case page shares: closed-case refusal, error copying, paging."""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from himoya.cases.access import CaseClosedError, case_organisations


def require_case_role(user) -> None:
    """Case pages are for caseworkers and supervisors; other members get 403."""
    if not case_organisations(user).exists():
        raise PermissionDenied


class BadPage(Exception):
    """A ?page= value that is not a page of the list."""


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
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def paginate(items, number, per_page: int, count: int | None = None):
    """The requested page; a value that is not a page raises BadPage (the view says 400).

    `count`, when the caller already knows it, saves counting a large list twice.
    """
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(number or 1)
    except (PageNotAnInteger, EmptyPage):
        raise BadPage(_("There is no such page.")) from None
