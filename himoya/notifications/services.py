"""Tell people that something happened to a referral: in the app, and by email.

The email carries no client code, name, district or service: only that there is
something to look at and a link to it, so a shared or intercepted mailbox reveals
nothing about the survivor.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from himoya.notifications.models import Notification


def _email_text(link: str) -> tuple[str, str]:
    """Subject and body in Tajik, Russian and English: we do not know which she reads."""
    subjects, bodies = [], []
    for language in ("tg", "ru", "en"):
        with translation.override(language):
            subjects.append(_("Himoya: you have a new notification"))
            bodies.append(
                _("There is something new for you in Himoya. Sign in to see it: %(link)s")
                % {"link": link}
            )
    return subjects[0], "\n\n".join(bodies) + "\n"


def _send_emails(notifications: list[Notification]) -> None:
    base = settings.HIMOYA_BASE_URL.rstrip("/")
    for notification in notifications:
        address = notification.user.email
        if not address:
            continue
        link = base + reverse("notifications:open", args=[notification.pk])
        subject, body = _email_text(link)
        # A mail server that is down must not undo the referral: the in-app
        # notification stands either way.
        send_mail(subject, body, None, [address], fail_silently=True)


def notify(users, kind, *, referral=None, case=None) -> list[Notification]:
    """One notification per distinct active user; emails go out after the commit."""
    seen, created = set(), []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        created.append(Notification(user=user, kind=kind, referral=referral, case=case))
    created = Notification.objects.bulk_create(created)
    if created:
        # bulk_create sets primary keys on PostgreSQL and SQLite >= 3.35.
        transaction.on_commit(lambda: _send_emails(created))
    return created


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, notification_ids, *, now=None) -> int:
    """Mark the user's notifications (all when ids is None) read; returns how many."""
    unread = Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=now or timezone.now())
