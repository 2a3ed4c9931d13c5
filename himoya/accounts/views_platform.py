"""The platform admin's pages: adding an organisation with its first admin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from himoya.accounts import services
from himoya.accounts.access import require_platform_admin
from himoya.accounts.forms import OrganisationCreateForm


@never_cache
@login_required
def organisation_add(request):
    require_platform_admin(request.user)
    form = OrganisationCreateForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, "accounts/organisation_add.html", {"form": form})
    if form.is_valid():
        try:
            organisation, admin, password = services.create_organisation_with_admin(
                request.user,
                organisation=form.organisation_data(),
                admin=form.admin_data(),
                request=request,
            )
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    form.add_error(form.form_field_for_error(key), message)
        else:
            # The password is shown on this page only: never stored in clear, never sent.
            return render(
                request,
                "accounts/organisation_created.html",
                {"organisation": organisation, "member": admin, "password": password},
                status=201,
            )
    return render(request, "accounts/organisation_add.html", {"form": form}, status=400)
