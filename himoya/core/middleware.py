"""Security headers that Django 5.2 does not set by itself."""

from django.conf import settings

# No inline script anywhere: every script is a file under /static/.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if settings.HIMOYA_HTTPS:
            response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class MethodNotAllowedPageMiddleware:
    """Give Django's empty 405 answers (require_POST, require_safe) our page.

    The API writes its own JSON 405s; pages get the site's error page with quick exit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            from himoya.core.views import is_api_request, method_not_allowed

            if not is_api_request(request):
                return method_not_allowed(request, response.get("Allow", ""))
        return response
