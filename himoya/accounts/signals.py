"""Events of the accounts app that higher apps act on (notifications listens)."""

from django.dispatch import Signal

# Sent once when failed sign-ins on one account, from many addresses, reach
# HIMOYA_LOGIN_ACCOUNT_MAX_FAILURES; kwargs: user (the account).
account_sign_in_locked = Signal()
