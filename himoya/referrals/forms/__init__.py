"""The forms of the referral pages, one module per page as in views/: the lists'
filter (lists), a referral's answers (detail), a new referral from a case (cases) and
from a hotline call (calls)."""
