from django.utils.functional import SimpleLazyObject

from notifications.selectors import non_lues_count


def unread_count(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    return {"notifications_non_lues": SimpleLazyObject(lambda: non_lues_count(user))}
