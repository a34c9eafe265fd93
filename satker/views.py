"""Portal pages of satker: the home tree, signing out, and user management.

Every lookup goes through satker.scope: a person outside the admin's subtree
answers 404, a page the role does not allow answers 403. Writes go through
satker.services.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_http_methods, require_POST

from kpu_portal import todo

from . import scope, services
from .forms import AccountForm, SignInForm, UserCreateForm, UserFilterForm, UserUpdateForm
from .models import Satker, User
from .password_reset import LINK_HOURS, ResetPasswordForm, ResetRequestForm
from .roles import Role

USERS_PER_PAGE = 25


@dataclass
class UnitNode:
    unit: Satker
    children: list["UnitNode"] = field(default_factory=list)


def _nest(units: list[Satker]) -> list[UnitNode]:
    """Nest units given in tree order (every parent before its children)."""
    nodes: dict[int, UnitNode] = {}
    roots: list[UnitNode] = []
    for unit in units:
        node = nodes[unit.pk] = UnitNode(unit)
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


@login_required
def home(request):
    # One query: the subtree in tree order, nested here rather than per node.
    units = list(scope.visible_units(request.user))
    below = Counter(unit.tier.value for unit in units if unit.pk != request.user.satker_id)
    context = {
        "roots": _nest(units),
        "unit_count": len(units),
        "below": below,
        "tasks": todo.tasks_for(request.user),
    }
    return render(request, "satker/home.html", context)


class SignInView(auth_views.LoginView):
    """Sign in; pages then speak the language the person last picked anywhere."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        if language:
            _set_language_cookie(response, language)
        return response


@require_POST
def language_set(request):
    """The language switch: Django's (a cookie, back to the page), and remembered for a
    signed-in person's e-mails and next sign-in elsewhere."""
    response = i18n_views.set_language(request)
    if request.user.is_authenticated:
        services.user_language_set(request.user, request.POST.get("language", ""))
    return response


def _set_language_cookie(response, language: str) -> None:
    """The cookie Django's language switch sets, with the same settings."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """The signed-in person's own account: name and e-mail address, and links to the
    password change; unit and role are set by an admin."""
    form = AccountForm(request.POST or None, request=request)
    if form.is_valid():
        try:
            services.user_own_details_set(
                user=request.user,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Your account was saved."))
            return redirect("account")
    return render(request, "satker/account.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """A person changes their own password, giving the current one first; audited."""

    template_name = "satker/password_form.html"
    success_url = reverse_lazy("home")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "label_suffix": ""}  # as the portal's forms

    def form_valid(self, form):
        new = form.cleaned_data["new_password1"]
        try:
            services.user_password_set(actor=self.request.user, user=form.user, password=new)
        except ValidationError as error:
            form.add_error("new_password2", error.message_dict["password"])
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)  # this session stays signed in
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the address of a person who forgot their password (satker.password_reset)."""

    form_class = ResetRequestForm
    success_url = reverse_lazy("password-reset-sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    extra_context = {"hours": LINK_HOURS}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link from the e-mail: a new password, once; then the person signs in."""

    form_class = ResetPasswordForm
    success_url = reverse_lazy("password-reset-complete")
    extra_context = {"hours": LINK_HOURS}


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django 5 wants) and say so on the page it leads to."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


@login_required
def user_list(request):
    scope.require_role(request.user, Role.ADMIN)
    filters = UserFilterForm(request.GET, actor=request.user)
    users = scope.visible(request.user, User).select_related("satker")
    users = filters.apply(users).order_by("satker__tree_id", "satker__lft", "username")
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for person in page.object_list:  # site operators are listed, not linked (403 there)
        person.manageable = scope.may_manage_user(request.user, person)
    return render(request, "satker/user_list.html", {"filters": filters, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def user_add(request):
    scope.require_role(request.user, Role.ADMIN)
    form = UserCreateForm(request.POST or None, actor=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                unit=data["unit"],
                role=data["role"],
                password=data["password"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(username)s was added.") % {"username": user.username})
            return redirect("user-list")
    return render(request, "satker/user_form.html", {"form": form, "creating": True})


def _managed_person(request, pk: int) -> User:
    """The person ``pk`` if the signed-in admin manages them: visibility first (404
    outside the subtree), then the role and the site's operators (403)."""
    person = scope.get_visible_or_404(request.user, User.objects.select_related("satker"), pk=pk)
    scope.require_role(request.user, Role.ADMIN)
    if not scope.may_manage_user(request.user, person):
        raise PermissionDenied(
            _("This person operates the whole site; only a superuser changes their account.")
        )
    return person


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    person = _managed_person(request, pk)
    form = UserUpdateForm(request.POST or None, actor=request.user, user=person)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=request.user,
                user=person,
                full_name=data["full_name"],
                email=data["email"],
                unit=data["unit"],
                role=data["role"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(username)s was saved.") % {"username": person.username})
            return redirect("user-list")
    return render(request, "satker/user_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def user_password(request, pk: int):
    """An admin sets a new password for a person of its subtree who forgot theirs."""
    person = _managed_person(request, pk)
    form = SetPasswordForm(person, request.POST or None, label_suffix="")
    if form.is_valid():
        new = form.cleaned_data["new_password1"]
        try:
            services.user_password_set(actor=request.user, user=person, password=new)
        except ValidationError as error:
            form.add_error("new_password2", error.message_dict["password"])
        else:
            if person.pk == request.user.pk:
                update_session_auth_hash(request, person)
            messages.success(
                request,
                _(
                    "A new password was set for %(username)s and their other sessions were "
                    "signed out. Give it to them in person or by phone, not by e-mail."
                )
                % {"username": person.username},
            )
            return redirect("user-list")
    return render(request, "satker/password_form.html", {"form": form, "person": person})
