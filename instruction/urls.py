from django.urls import path

from instruction import views

app_name = "instruction"

# Mounted under espace-personnel/: the applicant's pages of the instruction.
urlpatterns = [
    path(
        "demandes/<int:pk>/decision/document/",
        views.document_refus,
        name="document_refus",
    ),
    # pk of the Complement; a notification of type « Demande de complément » leads here
    # (`selectors.complement_de_notification`).
    path("complements/<int:pk>/", views.complement, name="complement"),
    # pk of the Notification (« Demande de complément » or a reminder of it): the registry's
    # detail page for these types (notifications/registre.py), redirecting to the one above.
    path(
        "complements/notification/<int:pk>/",
        views.complement_notification,
        name="complement_notification",
    ),
]
