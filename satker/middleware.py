import zoneinfo

from django.utils import timezone


class UnitTimezoneMiddleware:
    """Show times in the signed-in user's unit's zone (WIB, WITA or WIT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.satker_id:
            timezone.activate(zoneinfo.ZoneInfo(user.satker.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)
