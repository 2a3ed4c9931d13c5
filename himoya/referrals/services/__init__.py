"""The writes to referrals, one module per concern: sending one (sending), a call's
referral with the caller's consent (calls), the receiver's and sender's steps (steps),
what happens without anyone acting (expiry) and the notice when consent is withdrawn
(consent)."""
