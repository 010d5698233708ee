from django.utils.functional import SimpleLazyObject

from notifications.selectors import dernieres, non_lues_count


def unread_count(request):
    """The header bell's count and short list, for applicants only (agents work in the back
    office). The list is read only by the pages that show the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    return {
        "notifications_non_lues": non_lues_count(user),
        "notifications_dernieres": SimpleLazyObject(lambda: dernieres(user)),
    }
