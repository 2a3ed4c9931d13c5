"""Events the cases app announces. Apps above it (referrals) receive them in their
AppConfig.ready(); cases never imports them.

closure_open_items(sender=Case, case=...): each receiver returns a list of
himoya.cases.closure.OpenItem, the things of its own still open for the case, so that
the closure request and the supervisor's decision list them (closure.open_items).

case_closed(sender=Case, case=..., actor=..., request=...): sent inside the transaction
that approves the closure, after the case row is marked closed. A receiver's writes
commit or roll back with the closure; a receiver that raises undoes it.

service_recorded(sender=ServiceDelivery, delivery=..., actor=..., request=...): sent
inside the transaction that records a service delivered in a case, once the row and its
audit entry are written (the receiving organisation's accepted referral for that kind
of service is completed by it). A receiver that raises undoes the recording.
"""

from django.dispatch import Signal

closure_open_items = Signal()
case_closed = Signal()
service_recorded = Signal()
