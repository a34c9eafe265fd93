"""Reference lists that national admins keep (voter segments, neutrality terms).

The pages of each list are the same shape: a national-admin check, a list, and one
add/edit form. The apps keep their models and forms; the shape lives here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.forms import ModelForm
from django.shortcuts import redirect, render

from satker.roles import Role


def require_national_admin(user, message: str) -> None:
    """403 with ``message`` unless ``user`` is an admin at the root unit."""
    if not (user.has_role(Role.ADMIN) and user.satker.is_root_node()):
        raise PermissionDenied(message)


def edit_item(
    request,
    *,
    form_class: type[ModelForm],
    instance: Model | None,
    list_url_name: str,
    list_label: str,
    heading: str,
    saved_message: str,
):
    """Show or save one item's form; 400 with the errors beside each field when invalid."""
    form = form_class(request.POST or None, instance=instance)
    if form.is_valid():
        form.save()
        messages.success(request, saved_message)
        return redirect(list_url_name)
    context = {
        "form": form,
        "list_url_name": list_url_name,
        "list_label": list_label,
        "heading": heading,
    }
    return render(
        request, "includes/reference_form.html", context, status=400 if form.errors else 200
    )
