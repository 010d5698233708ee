from notifications.selectors import Cloche


def cloche(request):
    """The header bell (count and short list), for applicants only (agents work in the back
    office); read lazily, in one query, by the pages that show the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    return {"cloche": Cloche(user)}
