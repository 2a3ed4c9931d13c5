"""Who calls the JSON API: a bearer token or a signed-in session, as AUTH.

Operations name AUTH to need credentials; himoya/api.py also mounts every router with
it, so an operation that names no `auth` needs them too (the directory's writes, whose
app sits below accounts and cannot import this module). Public operations say auth=None.
"""

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from himoya.accounts.middleware import needs_second_factor
from himoya.accounts.models import ApiToken
from himoya.core.csrf import csrf_rejection


class TokenAuth(HttpBearer):
    """Authorization: Bearer hmy_<prefix>_<secret>. A deleted (revoked) token is refused."""

    def authenticate(self, request, token):
        parts = token.split("_")
        if len(parts) < 3 or parts[0] != "hmy":
            return None
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(prefix=parts[1], key_hash=ApiToken.hash_secret(token))
            .first()
        )
        if api_token is None or not api_token.user.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        # Idempotency keys sent with a token are the token's (core/idempotency.py).
        request.himoya_api_token = api_token
        return api_token.user


class VerifiedSessionAuth(SessionAuth):
    """A signed-in session (with CSRF) that has passed the second factor where required."""

    def __call__(self, request):
        # A caller that sends a bearer token means the token: a wrong one is a 401,
        # not a CSRF refusal of a session it never meant to use.
        authorization = request.headers.get("Authorization", "")
        if authorization.split(" ", 1)[0].lower() == "bearer":
            return None
        # No signed-in session: nothing for CSRF to protect, and the answer is the 401 of
        # a caller without credentials, not a CSRF refusal.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request, key):
        # The same rule as the web pages (RequireTwoFactorMiddleware).
        user = request.user
        if not user.is_authenticated or needs_second_factor(user):
            return None
        return user

    def _get_key(self, request):
        # Ninja's own check uses Django's middleware, which refuses the "Origin: null"
        # that browsers send under our no-referrer policy; ours accepts it with a token.
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and csrf_rejection(request) is not None:
            raise HttpError(403, "CSRF check Failed")  # worded by core.api.http_error
        return request.COOKIES.get(self.param_name)


token_auth = TokenAuth()
session_auth = VerifiedSessionAuth()
# Writes accept a bearer token or a session (with CSRF).
AUTH = [token_auth, session_auth]
