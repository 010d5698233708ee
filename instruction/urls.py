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
]
