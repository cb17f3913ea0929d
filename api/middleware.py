from django.middleware.http import ConditionalGetMiddleware

API_PREFIX = "/api/v1/"


class PublicApiMiddleware:
    """For the public API only: any site may read it from a browser (CORS for GET), and an
    unchanged answer is a 304 (ETag from the body, Last-Modified where the view set it)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        response = self.conditional.process_response(request, response)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Authorization, If-None-Match, If-Modified-Since"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response
