"""The referral pages, one module per resource: the inbox and the sent list (lists),
one referral and the answers given on it (detail), a case's referrals: a new one and
its pathway (cases), a hotline caller's referral (calls), and how the receiving side
is shown what was shared (shared)."""
