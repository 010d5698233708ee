from notifications.selectors import non_lues_count


def unread_count(request):
    """The header bell's count, for applicants only (agents work in the back office)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    return {"notifications_non_lues": non_lues_count(user)}
