"""CSRF protection that works with `Referrer-Policy: no-referrer`.

Himoya tells browsers never to send a Referer, so that no site learns a visitor came
from here. Under that policy a browser posts our own forms with `Origin: null` and no
Referer, which Django's origin and (on HTTPS) referer checks reject. For such a
request the secret token (form field or header matched against the cookie, which is
SameSite=Lax and HttpOnly) remains the protection; a real foreign origin is still
refused.
"""

from django.middleware.csrf import CsrfViewMiddleware

NULL_ORIGIN_FLAG = "_himoya_null_origin"


class NoReferrerCsrfViewMiddleware(CsrfViewMiddleware):
    def process_view(self, request, callback, callback_args, callback_kwargs):
        if request.META.get("HTTP_ORIGIN") == "null":
            del request.META["HTTP_ORIGIN"]
            setattr(request, NULL_ORIGIN_FLAG, True)
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def _check_referer(self, request):
        if getattr(request, NULL_ORIGIN_FLAG, False) and not request.META.get("HTTP_REFERER"):
            return
        super()._check_referer(request)


def _no_view(request):  # process_view needs a callable; it is never called
    return None


def csrf_rejection(request):
    """Run the same CSRF check outside the middleware stack (for API session auth).

    Returns the rejection response, or None when the request passes.
    """
    from django.http import HttpResponseForbidden

    middleware = NoReferrerCsrfViewMiddleware(lambda _request: HttpResponseForbidden())
    request.csrf_processing_done = False
    middleware.process_request(request)
    return middleware.process_view(request, _no_view, (), {})
