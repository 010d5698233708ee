"""The printed list of documents, at the address it always had (/attestations/pieces/…)."""

from django.urls import path

from demandes.views import demarche

urlpatterns = [
    path("<str:motif>.pdf", demarche.liste_pieces_telecharger, name="liste_pieces_pdf"),
]
