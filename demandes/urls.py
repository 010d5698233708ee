from django.urls import path

from demandes.views import adresses, demarche, desistement, etapes, mon_compte

app_name = "demandes"

urlpatterns = [
    path("mon-compte/", mon_compte.mon_compte, name="mon_compte"),
    path("mon-compte/telephone/", mon_compte.telephone_profil, name="telephone_profil"),
    path("titre-de-sejour/", demarche.pour_qui, name="pour_qui"),
    path("titre-de-sejour/situation/", demarche.situation, name="situation"),
    path("titre-de-sejour/votre-demarche/", demarche.preambule, name="preambule"),
    path(
        "titre-de-sejour/votre-demarche/<str:motif>/",
        demarche.preambule_motif,
        name="preambule_motif",
    ),
    path("titre-de-sejour/commencer/", demarche.commencer, name="commencer"),
    path("titre-de-sejour/pieces/<str:motif>/", demarche.liste_pieces, name="liste_pieces"),
    path("titre-de-sejour/adresses/", adresses.suggestions, name="adresses"),
    path("demandes/<int:pk>/abandonner/", etapes.abandonner, name="abandonner"),
    path("demandes/<int:pk>/desister/", desistement.desister, name="desister"),
    path("demandes/<int:pk>/<str:etape>/", etapes.etape, name="etape"),
]
