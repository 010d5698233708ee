from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from notifications import selectors, services
from notifications.models import TypeNotification


@login_required
def liste(request):
    notifications = selectors.notifications_de(request.user)
    type_choisi = request.GET.get("type", "")
    if type_choisi in TypeNotification.values:
        notifications = notifications.filter(type=type_choisi)
    else:
        type_choisi = ""
    page = Paginator(notifications, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/liste.html",
        {"page_obj": page, "types": TypeNotification.choices, "type_choisi": type_choisi},
    )


@login_required
def detail(request, pk):
    notification = get_object_or_404(selectors.notifications_de(request.user), pk=pk)
    services.notification_marquer_lue(notification=notification)
    return render(request, "notifications/detail.html", {"notification": notification})
