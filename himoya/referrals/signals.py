"""Events of a referral that apps above referrals act on (notifications tells people).

Each is sent with sender=Referral and referral=<the referral, as just saved>, by the
service function that made the step (himoya.referrals.services), synchronously and
inside that step's transaction, after its audit entry: whatever a receiver writes
commits or rolls back with the step, and a receiver that raises undoes the step.
Referrals never imports its receivers; they connect in their AppConfig.ready().

referral_sent: a referral was sent from a case or a call (services.sending).
referral_accepted, referral_declined: the receiving side answered (services.steps).
referral_withdrawn (also case_closed=True when the sender closed the case it came
  from, False when the sender took it back): the sending side withdrew it.
referral_completed: the service it asked for was recorded as delivered.
referral_overdue: still unanswered past its response deadline; sent once per
  referral, by the run that claims it (services.expiry.flag_overdue).
referral_expired: expired without an answer (services.expiry.expire_overdue).
referral_consent_lost: the client withdrew the consent that let the receiving side
  read what was shared, while the referral is open (services.consent).
"""

from django.dispatch import Signal

referral_sent = Signal()
referral_accepted = Signal()
referral_declined = Signal()
referral_withdrawn = Signal()
referral_completed = Signal()
referral_overdue = Signal()
referral_expired = Signal()
referral_consent_lost = Signal()
