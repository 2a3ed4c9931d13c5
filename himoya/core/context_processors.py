from django.conf import settings


def himoya(request):
    return {
        "QUICK_EXIT_URL": settings.HIMOYA_QUICK_EXIT_URL,
        "HOTLINE_NUMBER": "1313",
    }
