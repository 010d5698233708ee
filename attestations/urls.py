from django.urls import path

from attestations import views

app_name = "attestations"

urlpatterns = [
    path("<int:pk>/telecharger/", views.telecharger, name="telecharger"),
    path("cles/<str:autorite>/<str:certificat>.pem", views.cle_publique, name="cle_publique"),
    path("verifier/", views.verifier, name="verifier"),
]
