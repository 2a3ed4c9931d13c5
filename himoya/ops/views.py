"""The health check's address, /healthz: the checks of himoya.ops.health as JSON."""

from django.http import JsonResponse

from himoya.ops.health import health


def healthz(request):
    """200 when the database takes a write, attachments have room and cron runs; else 503."""
    healthy, body = health()
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
