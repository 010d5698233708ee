from django.urls import path

from justificatifs import views

app_name = "justificatifs"

urlpatterns = [
    path("fichiers/<int:pk>/", views.telecharger, name="telecharger"),
    path("fichiers/<int:pk>/supprimer/", views.supprimer, name="supprimer"),
]
