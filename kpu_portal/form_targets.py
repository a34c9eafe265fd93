"""Addresses that only receive a form but draw its page when the form has errors."""

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect


def form_target(page: str, arg: str = "pk"):
    """For a view that takes a form by POST and, when it has errors, draws the page
    again at its own address (``/posts/7/media/``): a GET there — a reload, the
    language switch, a bookmark — goes to ``page`` (the URL name the form lives on,
    with the view's ``arg``) rather than to a bare 405."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return redirect(page, kwargs[arg])
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
