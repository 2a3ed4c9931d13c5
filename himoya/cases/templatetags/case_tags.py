"""Template helpers of the case pages: the colour of a status, priority or risk tag."""

from django import template

register = template.Library()

# The tag colours of the design system (tag--red, ...): red asks for action now, amber
# soon, green is well, blue is in progress, grey says nothing either way.
TONES = {
    "risk": {"high": "red", "medium": "amber", "low": "green"},
    "priority": {"urgent": "red", "high": "amber"},
    "status": {"open": "blue", "active": "green", "closure_requested": "amber"},
}


@register.filter
def tone(value, kind: str) -> str:
    """The tag colour of `value` (a risk level, priority or case status): {{ x|tone:"risk" }}."""
    return TONES.get(kind, {}).get(str(value), "grey")
