from django.urls import path

from accounts.views import auth, inscription, profil, session

app_name = "accounts"

urlpatterns = [
    path("connexion/", auth.connexion, name="connexion"),
    path("deconnexion/", auth.deconnexion, name="deconnexion"),
    path("session/prolonger/", session.prolonger, name="session_prolonger"),
    path("compte-existant/", auth.compte_existant_aide, name="compte_existant_aide"),
    path("mot-de-passe-oublie/", auth.mot_de_passe_oublie, name="mot_de_passe_oublie"),
    path(
        "mot-de-passe/reinitialiser/<str:uidb64>/<str:token>/",
        auth.mot_de_passe_reinitialiser,
        name="mot_de_passe_reinitialiser",
    ),
    path("mot-de-passe/changer/", auth.mot_de_passe_changer, name="mot_de_passe_changer"),
    path("creation/", inscription.creation, name="creation"),
    path("creation/email/", inscription.inscription_email, name="inscription_email"),
    path(
        "creation/enregistree/",
        inscription.inscription_enregistree,
        name="inscription_enregistree",
    ),
    path(
        "inscription/mot-de-passe/",
        inscription.inscription_mot_de_passe,
        name="inscription_mot_de_passe",
    ),
    path(
        "inscription/mot-de-passe/<str:token>/",
        inscription.inscription_lien,
        name="inscription_lien",
    ),
    path("creation/terminee/", inscription.compte_cree, name="compte_cree"),
    path("profil/", profil.profil, name="profil"),
    path("email/confirmer/", profil.email_confirmer, name="email_confirmer"),
    path("email/confirmer/<str:token>/", profil.email_lien, name="email_lien"),
]
