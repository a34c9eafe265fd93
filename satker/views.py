from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import scope
from .roles import Role


@login_required
def home(request):
    units = scope.visible_units(request.user)
    return render(request, "satker/home.html", {"units": units})


@login_required
def user_list(request):
    scope.require_role(request.user, Role.ADMIN)
    users = scope.visible(request.user, request.user.__class__).select_related("satker")
    return render(request, "satker/user_list.html", {"users": users})
