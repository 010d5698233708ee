"""Filing journeys through the test client: save and resume, navigation, order, deposit."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from demandes.models import Demande, EtatDemande
from justificatifs.models import EPhoto
from notifications.models import Notification, TypeNotification
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.demandes.fichiers import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nord():
    return prefecture_du_nord()


def ephoto(code="1PMTEK770613113807AA00"):
    return EPhoto.objects.create(code=code, prise_le=timezone.localdate())


def remplir_etudiant(client, demande, *, ressources=None):
    client.force_login(demande.usager)
    r = client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    assert r.status_code == 302, r.context["form"].errors
    r = client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    assert r.status_code == 302, r.context["form"].errors
    r = client.post(
        parcours.url(demande, "ressources"), ressources or parcours.ressources(("boursier", 700))
    )
    assert r.status_code == 302
    ephoto()
    r = client.post(
        parcours.url(demande, "justificatifs"),
        {"action": "ephoto_confirmer", "ephoto-code": "1PMT EK77 0613 1138 07AA 00"},
    )
    assert r.status_code == 302
    r = client.post(parcours.url(demande, "justificatifs"), {"action": "enregistrer"})
    assert r.status_code == 302, r.content.decode()[:500]


def valider_recap(client, demande, parties=4):
    for partie in range(parties):
        client.post(
            parcours.url(demande, "recapitulatif"), {"action": "valider_partie", "partie": partie}
        )


def test_complete_etudiant_request_is_deposited_once(client):
    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    valider_recap(client, demande)
    url = parcours.url(demande, "recapitulatif")
    r = client.post(url, {"action": "deposer", "observations": "Mon nom s'écrit DUPONT."})
    assert r.url == parcours.url(demande, "confirmation")
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE
    today = timezone.localdate()
    assert demande.numero == f"5901{today:%Y%m%d}0000001"
    assert demande.prefecture.code == "59"
    assert demande.observations == "Mon nom s'écrit DUPONT."

    page = client.get(r.url).content.decode()
    assert demande.numero in page
    assert "Votre demande a bien été enregistrée" in page

    # A replayed POST (double click) changes nothing and leads to the same number.
    r2 = client.post(url, {"action": "deposer", "observations": "autre"})
    assert r2.url == parcours.url(demande, "confirmation")
    assert Demande.objects.filter(numero__isnull=False).count() == 1
    demande.refresh_from_db()
    assert demande.observations == "Mon nom s'écrit DUPONT."

    assert Notification.objects.filter(type=TypeNotification.CONFIRMATION_DEPOT).count() == 1
    assert [m.subject for m in mail.outbox].count(
        "Votre demande de titre de séjour a bien été enregistrée — Étrangers en France"
    ) == 1
    mon_compte = client.get("/espace-personnel/mon-compte/").content.decode()
    assert demande.numero in mon_compte and "Demande déposée : le" in mon_compte


def test_deposit_needs_every_part_of_the_recap_validated(client):
    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    valider_recap(client, demande, parties=3)
    r = client.post(parcours.url(demande, "recapitulatif"), {"action": "deposer"})
    assert r.status_code == 400
    assert "Validez chaque partie" in r.content.decode()
    demande.refresh_from_db()
    assert demande.est_brouillon


def test_changing_a_step_after_validation_asks_to_validate_that_part_again(client):
    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    valider_recap(client, demande)
    client.post(parcours.url(demande, "personnel"), {**parcours.PERSONNEL, "ville": "Roubaix"})
    demande.refresh_from_db()
    assert sorted(demande.parties_validees) == [1, 2, 3]


def test_missing_required_document_blocks_the_justificatifs_step(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    client.post(parcours.url(demande, "ressources"), parcours.ressources(("salarie", 900)))
    r = client.post(parcours.url(demande, "justificatifs"), {"action": "enregistrer"})
    assert r.status_code == 400
    assert (
        "Photographie d&#x27;identité récente" in r.content.decode()
        or "Photographie d'identité récente" in r.content.decode()
    )
    demande.refresh_from_db()
    assert "justificatifs" not in demande.saisie


def test_step_posted_out_of_order_redirects_to_the_first_incomplete_step(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    r = client.post(parcours.url(demande, "ressources"), parcours.ressources(("salarie", 900)))
    assert r.url == parcours.url(demande, "personnel")
    assert client.get(parcours.url(demande, "recapitulatif")).url == parcours.url(
        demande, "personnel"
    )
    demande.refresh_from_db()
    assert demande.saisie == {}


def test_someone_elses_draft_is_404(client):
    demande = DemandeFactory()
    client.force_login(DemandeFactory().usager)
    assert client.get(parcours.url(demande, "personnel")).status_code == 404
    assert client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL).status_code == 404
    assert client.post(f"/espace-personnel/demandes/{demande.pk}/abandonner/").status_code == 404


def test_errors_are_shown_beside_fields_and_typed_values_kept(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    data = {**parcours.PERSONNEL, "code_postal": "59A", "telephone": "01 23", "en_couple": "oui"}
    r = client.post(parcours.url(demande, "personnel"), data)
    assert r.status_code == 400
    errors = r.context["form"].errors
    assert errors["code_postal"] == ["Le code postal comporte 5 chiffres."]
    assert "telephone" in errors
    assert errors["conjoint_nationalite"] == ["Ce champ est obligatoire."]
    page = r.content.decode()
    assert 'value="59A"' in page and 'value="Rue de la Monnaie"' in page
    demande.refresh_from_db()
    assert demande.saisie == {}


def test_quit_and_resume_at_the_last_saved_step(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    r = client.post(
        parcours.url(demande, "motif"), {**parcours.MOTIF_ETUDIANT, "action": "quitter"}
    )
    assert r.url == "/espace-personnel/mon-compte/"
    page = client.get(r.url).content.decode()
    assert "Reprendre ma demande" in page
    assert parcours.url(demande, "ressources") in page
    demande.refresh_from_db()
    assert demande.saisie["motif"]["n_nom_etablissement"] == "Université de Lille"


def test_previous_step_keeps_the_data(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    r = client.post(parcours.url(demande, "motif"), {"action": "precedent"})
    assert r.url == parcours.url(demande, "personnel")
    page = client.get(r.url).content.decode()
    assert 'value="Rue de la Monnaie"' in page


def test_abandon_asks_confirmation_then_discards_draft_and_files(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    r = client.post(parcours.url(demande, "motif"), {"action": "abandonner"})
    assert r.url == f"/espace-personnel/demandes/{demande.pk}/abandonner/"
    assert "Abandonner la demande ?" in client.get(r.url).content.decode()
    assert Demande.objects.filter(pk=demande.pk).exists()
    client.post(r.url)
    assert not Demande.objects.filter(pk=demande.pk).exists()


def test_resources_under_615_need_a_reason_then_warn_but_let_continue(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    url = parcours.url(demande, "ressources")
    r = client.post(url, parcours.ressources(("boursier", 300), ("salarie", 200)))
    assert r.status_code == 400
    assert r.context["form"].errors["raison"]
    r = client.post(
        url, parcours.ressources(("boursier", 300), ("salarie", 200), raison="Logé par ma famille")
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "Vous n&#x27;avez pas atteint" in page or "Vous n'avez pas atteint" in page
    assert parcours.url(demande, "justificatifs") in page  # the modal lets the user continue
    demande.refresh_from_db()
    assert demande.saisie["ressources"]["total"] == "500"
    assert demande.saisie["ressources"]["raison"] == "Logé par ma famille"
    assert client.get(parcours.url(demande, "justificatifs")).status_code == 200


def test_add_and_remove_resource_lines_keep_what_was_typed(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    url = parcours.url(demande, "ressources")
    r = client.post(url, {**parcours.ressources(("boursier", 300)), "action": "ajouter_ressource"})
    assert len(r.context["form"].ressources.forms) == 2
    assert 'value="300"' in r.content.decode()
    data = {
        **parcours.ressources(("boursier", 300), ("salarie", 400)),
        "action": "supprimer_ressource_0",
    }
    r = client.post(url, data)
    formset = r.context["form"].ressources
    assert len(formset.forms) == 1
    assert formset.forms[0].initial == {"origine": "salarie", "montant": "400"}


def test_ase_placed_after_16_is_refused_then_corrected(client):
    demande = DemandeFactory(ase=True)
    naissance = demande.document_actuel.date_naissance
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    url = parcours.url(demande, "motif")
    tard = naissance.replace(year=naissance.year + 17)
    r = client.post(url, parcours.motif_ase(tard, "polygamie", "sanctions"))
    assert r.status_code == 200
    assert "Demandeur non éligible" in r.content.decode()
    demande.refresh_from_db()
    assert "motif" not in demande.saisie
    tot = naissance.replace(year=naissance.year + 15)
    r = client.post(url, parcours.motif_ase(tot, "polygamie", "sanctions"))
    assert r.url == parcours.url(demande, "justificatifs")


def test_attestations_are_required(client):
    demande = DemandeFactory(bpi=True)
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    r = client.post(
        parcours.url(demande, "motif"), {"protection": "subsidiaire", "enfants_a_charge": "non"}
    )
    assert r.status_code == 400
    errors = r.context["form"].errors
    assert errors["att_protection_subsidiaire_non_marie"] == ["Ce champ est obligatoire."]
    assert errors["att_sanctions"] == ["Ce champ est obligatoire."]


def test_upload_on_the_justificatifs_step(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    client.post(parcours.url(demande, "ressources"), parcours.ressources(("salarie", 900)))
    r = client.post(
        parcours.url(demande, "justificatifs"),
        {"action": "ajouter", "piece": "domicile", "fichier": png("facture.png")},
    )
    assert r.status_code == 302
    assert demande.fichiers.get().nom == "facture.png"
    r = client.post(
        parcours.url(demande, "justificatifs"),
        {"action": "ajouter", "piece": "piece_inventee", "fichier": png("x.png")},
    )
    assert r.status_code == 400
    assert demande.fichiers.count() == 1


def test_too_early_to_file_a_renewal(client):
    demande = DemandeFactory()
    document = demande.document_actuel
    document.date_fin_validite = timezone.localdate() + datetime.timedelta(days=300)
    document.save()
    client.force_login(demande.usager)
    session = client.session
    session["demarche"] = {
        "pour_qui": "moi",
        "situation": "titre",
        "motif": "etudiant",
        "renouvellement": True,
    }
    session.save()
    demande.delete()
    page = client.get("/espace-personnel/titre-de-sejour/votre-demarche/").content.decode()
    assert "Il est trop tôt pour déposer votre demande" in page
    r = client.post("/espace-personnel/titre-de-sejour/commencer/")
    assert r.url == "/espace-personnel/titre-de-sejour/votre-demarche/"
    assert not Demande.objects.exists()


def test_a_rolled_back_deposit_sends_no_mail_and_leaves_no_trace(
    client, django_capture_on_commit_callbacks
):
    from attestations.models import Attestation
    from demandes import services

    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    valider_recap(client, demande)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.demande_deposer(demande=demande, observations="", par=demande.usager)
            raise RuntimeError("the caller's transaction fails after the deposit")

    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not Attestation.objects.exists()
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.BROUILLON

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.demande_deposer(demande=demande, observations="", par=demande.usager)

    assert len(callbacks) >= 1
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(type=TypeNotification.CONFIRMATION_DEPOT).count() == 1
