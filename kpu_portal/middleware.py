from django.middleware.gzip import GZipMiddleware


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


class TextGZipMiddleware(GZipMiddleware):
    """Compress pages, JSON and CSV for offices on slow links (a national dashboard is
    ~80 KB of HTML, ~8 KB compressed); leave files that are compressed already
    (images, XLSX, PDF) as they are.

    Django's GZipMiddleware pads each response with random bytes against BREACH.
    """

    COMPRESSED_TYPES = ("text/", "application/json")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
