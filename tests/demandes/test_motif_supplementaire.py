import pytest

from demandes.models import Demande, EtatDemande
from tests.accounts.factories import UserFactory
from tests.demandes import parcours
from tests.demandes.factories import document_a_renouveler, prefecture_du_nord
from tests.demandes.fichiers import png

pytestmark = pytest.mark.django_db


def test_a_motif_added_by_settings_is_filed_through_the_same_views(client):
    prefecture_du_nord()
    user = UserFactory(document=document_a_renouveler(motif="Visiteur"))
    client.force_login(user)
    r = client.post("/espace-personnel/titre-de-sejour/", {"pour_qui": "moi", "situation": "titre"})
    assert r.url == "/espace-personnel/titre-de-sejour/situation/"
    r = client.post(r.url, {"demande": "autre", "autre_titre": "visiteur"})
    assert r.url == "/espace-personnel/titre-de-sejour/votre-demarche/"
    assert "sans travailler." in client.get(r.url).content.decode()
    r = client.post("/espace-personnel/titre-de-sejour/commencer/")
    demande = Demande.objects.get(usager=user)
    assert demande.motif == "visiteur" and not demande.renouvellement
    assert r.url == parcours.url(demande, "personnel")

    client.post(r.url, parcours.PERSONNEL)
    r = client.post(parcours.url(demande, "motif"), {"ressources_suffisantes": "oui"})
    assert r.context["form"].errors["att_ne_pas_travailler"]
    r = client.post(
        parcours.url(demande, "motif"),
        {"ressources_suffisantes": "oui", "att_ne_pas_travailler": "on"},
    )
    url = parcours.url(demande, "justificatifs")
    assert r.url == url
    client.post(url, {"action": "ajouter", "piece": "domicile", "fichier": png()})
    client.post(url, {"action": "enregistrer"})
    r = client.post(parcours.url(demande, "recapitulatif"), {"action": "deposer"})
    assert r.url == parcours.url(demande, "confirmation")
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE and len(demande.numero) == 19


def test_motif_not_offered_online_sends_to_the_prefecture(client):
    user = UserFactory(document=document_a_renouveler(motif="Salarié"))
    client.force_login(user)
    client.post("/espace-personnel/titre-de-sejour/", {"pour_qui": "moi", "situation": "titre"})
    r = client.post("/espace-personnel/titre-de-sejour/situation/", {"demande": "renouvellement"})
    assert r.status_code == 200
    assert "site internet de la préfecture dont dépend votre résidence" in r.content.decode()
    r = client.post(
        "/espace-personnel/titre-de-sejour/situation/",
        {"demande": "autre", "autre_titre": "passeport_talent"},
    )
    assert "site internet de la préfecture dont dépend votre résidence" in r.content.decode()
    assert not Demande.objects.exists()


def test_renewal_of_the_current_title_picks_its_motif(client):
    user = UserFactory(document=document_a_renouveler(motif="BPS"))
    client.force_login(user)
    client.post("/espace-personnel/titre-de-sejour/", {"pour_qui": "moi", "situation": "titre"})
    page = client.get("/espace-personnel/titre-de-sejour/situation/").content.decode()
    assert "« BPS »" in page
    r = client.post("/espace-personnel/titre-de-sejour/situation/", {"demande": "renouvellement"})
    assert r.url == "/espace-personnel/titre-de-sejour/votre-demarche/"
    page = client.get(r.url).content.decode()
    assert "en tant que bénéficiaire de la protection subsidiaire" in page
    assert "Je continue" in page
