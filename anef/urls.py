from django.contrib import admin
from django.urls import include, path

from anef import views

handler500 = "anef.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("demarches/", views.page("demarches"), name="demarches"),
    path("contact/", views.page("contact"), name="contact"),
    path("plan-du-site/", views.page("plan_du_site"), name="plan_du_site"),
    path("mentions-legales/", views.page("mentions_legales"), name="mentions_legales"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("compte/", include("accounts.urls")),
    path("espace-personnel/", include("demandes.urls")),
    path("espace-personnel/", include("instruction.urls")),
    path("espace-personnel/notifications/", include("notifications.urls")),
    path("justificatifs/", include("justificatifs.urls")),
    path("attestations/pieces/", include("demandes.urls_pieces")),
    path("attestations/", include("attestations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("back-office/", admin.site.urls),
]
