"""Events the clients app announces. Apps above it (referrals) receive them in their
AppConfig.ready(); clients never imports them.

consent_withdrawn(sender=Consent, consent=...): sent inside the transaction that
withdraws the consent, once the row is stamped (withdrawn_at, withdrawn_by, note) and
audited. Access checks read consent on every request, so nothing needs revoking; a
receiver tells those who relied on the consent. A receiver's writes commit or roll back
with the withdrawal; a receiver that raises undoes it.
"""

from django.dispatch import Signal

consent_withdrawn = Signal()
