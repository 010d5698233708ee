from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from anef.reseau import est_une_ouverture
from notifications import selectors, services
from notifications.models import TypeNotification


# Headers of a speculative load (link prefetch, prerender): the applicant has not opened it.
def _usager(request):
    """Notifications are the applicants': an agent's account never reaches them."""
    if request.user.is_staff:
        raise Http404


@login_required
@require_safe
def liste(request):
    _usager(request)
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
@require_safe
def detail(request, pk):
    _usager(request)
    notification = get_object_or_404(
        selectors.notifications_de(request.user).select_related("demande", "attestation"), pk=pk
    )
    if est_une_ouverture(request):
        services.notification_marquer_lue(notification=notification)
    return render(
        request,
        "notifications/detail.html",
        {"notification": notification, "attestation": selectors.attestation_jointe(notification)},
    )
