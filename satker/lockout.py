"""Sign-in lockout after repeated failures (django-axes; the limits are in settings).

The client's address is read as the API's throttles read it (DRF, behind the proxy
when BEHIND_HTTPS_PROXY is set), so both count the same person the same way. A
locked-out sign-in page says for how long and points to the password reset; setting
a new password (by e-mail or by an admin) lifts the lockout (satker.services).
"""

from django.conf import settings
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle


def client_address(request) -> str | None:
    return BaseThrottle().get_ident(request)


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)
