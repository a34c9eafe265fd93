class IndonesianFirstMiddleware:
    """Pages speak Indonesian until the reader picks English with the language switch.

    Django's LocaleMiddleware would otherwise follow the browser's Accept-Language,
    and many office computers are set to English. The API keeps honouring
    Accept-Language, which is how its clients ask for a language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
