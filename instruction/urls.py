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
]
