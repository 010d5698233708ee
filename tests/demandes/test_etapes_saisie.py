"""The step forms as a newcomer meets them (issue 8): going back from the récapitulatif,
amounts, nationality, ASE and BPI answers, required marks, error summaries, language, no
JavaScript."""

import datetime
import html as html_lib
import re

import pytest
from django.conf import settings
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, document_a_renouveler, prefecture_du_nord
from tests.demandes.test_parcours import ephoto, remplir_etudiant, valider_recap

pytestmark = pytest.mark.django_db

MARQUE = '<span class="fr-required-marker" aria-hidden="true"> *</span>'


@pytest.fixture(autouse=True)
def nord():
    return prefecture_du_nord()


def page(response) -> str:
    return response.content.decode()


def resume_erreurs(response) -> str:
    html = page(response)
    debut = html.index('id="error-summary"')
    texte = re.sub(r"<[^>]+>", " ", html[debut : html.index("</ul>", debut)])
    return re.sub(r"\s+", " ", html_lib.unescape(texte))


def ase_mineur(age: int = 17):
    today = timezone.localdate()
    naissance = today.replace(year=today.year - age) - datetime.timedelta(days=10)
    document = document_a_renouveler(
        motif="MNA placé avant 16 ans", mention="VIE PRIVÉE ET FAMILIALE", date_naissance=naissance
    )
    return DemandeFactory(ase=True, usager=UserFactory(document=document))


# --- « Modifier ma saisie » ----------------------------------------------------------------


def test_modifier_ma_saisie_returns_to_the_recap_once_the_step_is_saved(client):
    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    valider_recap(client, demande)
    recap = page(client.get(parcours.url(demande, "recapitulatif")))
    lien = parcours.url(demande, "personnel") + "?retour=recapitulatif"
    assert f'href="{lien}"' in recap

    r = client.post(lien, {**parcours.PERSONNEL, "ville": "Roubaix"})
    assert r.status_code == 302
    assert r.url == parcours.url(demande, "recapitulatif")
    demande.refresh_from_db()
    assert demande.saisie["personnel"]["ville"] == "Roubaix"
    # Without the return parameter the wizard goes on to the next step as before.
    r = client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    assert r.url == parcours.url(demande, "motif")


def test_modifier_ma_saisie_on_the_justificatifs_returns_to_the_recap(client):
    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    url = parcours.url(demande, "justificatifs") + "?retour=recapitulatif"
    r = client.post(url, {"action": "ephoto_supprimer"})
    # No fragment: the page focuses its success message (a stale #piece-… would scroll away).
    assert r.url == url
    ephoto("1PMTEK770613113807AA01")
    code = {"action": "ephoto_confirmer", "ephoto-code": "1PMTEK770613113807AA01"}
    assert client.post(url, code).status_code == 302
    r = client.post(url, {"action": "enregistrer"})
    assert r.url == parcours.url(demande, "recapitulatif")


def test_modifier_ma_saisie_on_resources_under_the_minimum_warns_then_returns_to_the_recap(
    client,
):
    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    url = parcours.url(demande, "ressources") + "?retour=recapitulatif"
    r = client.post(url, parcours.ressources(("boursier", 300), raison="Logée par ma famille."))
    assert "modal-etape" in page(r)
    assert f'href="{parcours.url(demande, "recapitulatif")}"' in page(r)


# --- Amounts -------------------------------------------------------------------------------


def test_amounts_accept_a_decimal_comma_and_spaces(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    r = client.post(
        parcours.url(demande, "ressources"),
        parcours.ressources(("boursier", "615,50"), ("salarie", "1 000")),
    )
    assert r.status_code == 302, r.context["form"].ressources.errors
    demande.refresh_from_db()
    saisie = demande.saisie["ressources"]
    assert [ligne["montant"] for ligne in saisie["ressources"]] == ["615.50", "1000"]
    assert saisie["total"] == "1615.50"


def test_a_wrong_amount_is_refused_beside_the_field_and_kept(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    r = client.post(parcours.url(demande, "ressources"), parcours.ressources(("boursier", "6,5,0")))
    assert r.status_code == 400
    assert "Saisissez un montant en euros" in page(r)
    assert 'value="6,5,0"' in page(r)


# --- Step 1 --------------------------------------------------------------------------------


def test_step_1_shows_the_nationality_adjective(client):
    document = document_a_renouveler(motif="Etudiant", nationalite="BR", pays_naissance="BR")
    demande = DemandeFactory(usager=UserFactory(document=document))
    client.force_login(demande.usager)
    html = page(client.get(parcours.url(demande, "personnel")))
    assert "<dd>BRÉSILIENNE</dd>" in html


def test_the_step_1_callout_names_the_motifs_recap_step(client):
    ase = DemandeFactory(ase=True)
    client.force_login(ase.usager)
    html = page(client.get(parcours.url(ase, "personnel")))
    assert "à l'étape Dépôt de la demande." in html
    etudiant = DemandeFactory()
    client.force_login(etudiant.usager)
    assert "à l'étape Récapitulatif." in page(client.get(parcours.url(etudiant, "personnel")))


def test_single_with_a_partner_is_pointed_out_beside_the_couple_question(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    data = {**parcours.PERSONNEL, "en_couple": "oui", "conjoint_nationalite": "autre"}
    r = client.post(parcours.url(demande, "personnel"), data)
    assert r.status_code == 400
    assert r.context["form"].errors["en_couple"] == [
        "Votre situation familiale indique que vous n'êtes pas en couple : répondez « Non » ou "
        "modifiez votre situation familiale."
    ]
    # The page tells anef.js which situations answer the question.
    assert 'data-en-couple="concubin marie pacse"' in page(r)
    data["situation_familiale"] = "pacse"
    assert client.post(parcours.url(demande, "personnel"), data).status_code == 302


def test_the_address_search_is_hidden_without_javascript(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    html = page(client.get(parcours.url(demande, "personnel")))
    champ = html.index('id="id_adresse_recherche"')
    bloc = html[html.rindex('<div class="anef-champ"', 0, champ) : champ]
    assert re.search(r"data-avec-js hidden>", bloc)


def test_emancipation_is_asked_only_of_minors(client):
    majeur = DemandeFactory(ase=True)
    client.force_login(majeur.usager)
    assert "id_mineur_emancipe" not in page(client.get(parcours.url(majeur, "personnel")))
    client.post(parcours.url(majeur, "personnel"), {**parcours.PERSONNEL, "mineur_emancipe": "on"})
    majeur.refresh_from_db()
    assert "mineur_emancipe" not in majeur.saisie["personnel"]

    mineur = ase_mineur()
    client.force_login(mineur.usager)
    assert "id_mineur_emancipe" in page(client.get(parcours.url(mineur, "personnel")))
    client.post(parcours.url(mineur, "personnel"), {**parcours.PERSONNEL, "mineur_emancipe": "on"})
    mineur.refresh_from_db()
    assert mineur.saisie["personnel"]["mineur_emancipe"] is True


# --- ASE, BPI ------------------------------------------------------------------------------


def test_ase_placement_cannot_precede_birth_nor_lie_in_the_future(client):
    demande = DemandeFactory(ase=True)
    naissance = demande.document_actuel.date_naissance
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    url = parcours.url(demande, "motif")
    avant = naissance - datetime.timedelta(days=1)
    r = client.post(url, parcours.motif_ase(avant, "polygamie", "sanctions"))
    assert r.status_code == 400
    assert r.context["form"].errors["date_prise_en_charge"] == [
        "La date de prise en charge ne peut pas précéder votre date de naissance "
        f"({naissance:%d/%m/%Y})."
    ]
    demain = timezone.localdate() + datetime.timedelta(days=1)
    r = client.post(url, parcours.motif_ase(demain, "polygamie", "sanctions"))
    assert r.context["form"].errors["date_prise_en_charge"] == [
        "La date de prise en charge ne peut pas être future."
    ]
    demande.refresh_from_db()
    assert "motif" not in demande.saisie


def test_bpi_attestation_follows_the_protection_and_survives_a_failed_submit(client):
    demande = DemandeFactory(bpi=True)
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    url = parcours.url(demande, "motif")
    html = page(client.get(url))
    # Both wordings are on the page, each shown for its own protection (anef.js).
    assert 'data-visible-si="protection=refugie"' in html
    assert 'data-visible-si="protection=subsidiaire"' in html

    data = {"protection": "refugie", "att_refugie_non_marie": "on", "att_sanctions": "on"}
    r = client.post(url, data)  # « enfants à charge » missing
    assert r.status_code == 400
    assert list(r.context["form"].errors) == ["enfants_a_charge"]
    assert re.search(r'<input[^>]*name="att_refugie_non_marie"[^>]*checked', page(r))

    r = client.post(url, {**data, "enfants_a_charge": "non"})
    assert r.status_code == 302
    demande.refresh_from_db()
    assert demande.saisie["motif"]["att_refugie_non_marie"] is True

    r = client.post(url, {"protection": "subsidiaire", "enfants_a_charge": "non"})
    errors = r.context["form"].errors
    assert "att_protection_subsidiaire_non_marie" in errors
    assert "att_refugie_non_marie" not in errors


# --- Required marks and error summaries ----------------------------------------------------


def test_every_required_field_shows_a_star(client):
    demande = DemandeFactory(ase=True)
    client.force_login(demande.usager)
    html = page(client.get(parcours.url(demande, "personnel")))
    for label in ("Quelle est la nationalité de votre conjoint(e) ?", "Voie"):
        assert f"{label}{MARQUE}" in html, label
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    html = page(client.get(parcours.url(demande, "motif")))
    assert f"Date de prise en charge par l&#x27;ASE{MARQUE}" in html

    etudiant = DemandeFactory()
    client.force_login(etudiant.usager)
    client.post(parcours.url(etudiant, "personnel"), parcours.PERSONNEL)
    html = page(client.get(parcours.url(etudiant, "motif")))
    assert f"Type d&#x27;établissement{MARQUE}" in html
    assert html.count(f"Type d&#x27;établissement{MARQUE}") == 2  # years N-1 and N
    client.post(parcours.url(etudiant, "motif"), parcours.MOTIF_ETUDIANT)
    html = page(client.get(parcours.url(etudiant, "ressources")))
    for label in ("Origine des ressources", "Montant (€/mois)", "Votre message"):
        assert f"{label}{MARQUE}" in html, label

    client.logout()
    creation = page(client.get("/compte/creation/"))
    for label in ("Date de début de validité", "Date de fin de validité"):
        assert re.search(re.escape(label) + r"\s*" + re.escape(MARQUE), creation), label


def test_error_summary_names_each_entrys_block(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    r = client.post(parcours.url(demande, "motif"), {"n1_etudiant_en_france": "oui"})
    assert r.status_code == 400
    resume = resume_erreurs(r)
    assert "Année N-1 — Type d'établissement : Ce champ est obligatoire." in resume
    assert "Année N — Nom de l'établissement : Ce champ est obligatoire." in resume


def test_error_summary_never_doubles_the_colon(client):
    user = UserFactory(document=document_a_renouveler(motif="Etudiant"))
    client.force_login(user)
    r = client.post("/espace-personnel/titre-de-sejour/", {"pour_qui": ""})
    resume = resume_erreurs(r)
    assert "Je sollicite ou renouvelle un titre de séjour pour : Ce champ" in resume
    assert ": :" not in resume


# --- Language ------------------------------------------------------------------------------


def test_date_selects_stay_day_month_year_in_english(client):
    demande = DemandeFactory(ase=True)
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client.get(parcours.url(demande, "motif")))
    assert '<html lang="en"' in html or 'lang="en"' in html[:500]
    positions = [html.index(f'id="id_date_prise_en_charge_{p}"') for p in ("day", "month", "year")]
    assert positions == sorted(positions)


def test_recap_shows_amounts_per_month_in_english(client):
    demande = DemandeFactory()
    remplir_etudiant(client, demande, ressources=parcours.ressources(("boursier", "615,50")))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client.get(parcours.url(demande, "recapitulatif")))
    assert "Scholarship holder — €615.50/month" in html
    assert "€/mois" not in html
    html = page(client.get(parcours.url(demande, "ressources")))
    assert "</strong> €/month" in html
    assert "€/mois" not in html


def test_mon_compte_shows_the_type_of_request_in_english(client):
    demande = DemandeFactory(type_demande="Demande de renouvellement du titre 'Étudiant'")
    client.force_login(demande.usager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = html_lib.unescape(page(client.get("/espace-personnel/mon-compte/")))
    assert "Renewal application for the 'Student' permit" in html
    assert "Demande de renouvellement" not in html


# --- Mon compte ----------------------------------------------------------------------------


def test_mon_compte_tables_are_keyboard_scrollable_regions(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    html = page(client.get("/espace-personnel/mon-compte/"))
    regions = re.findall(r'<div class="fr-table__container"([^>]*)>', html)
    assert len(regions) == 2
    for attributes in regions:
        assert 'tabindex="0"' in attributes and 'role="region"' in attributes
        identifiant = re.search(r'aria-labelledby="([^"]+)"', attributes).group(1)
        assert f'id="{identifiant}"' in html


def test_recap_shows_amounts_with_a_decimal_comma(client):
    demande = DemandeFactory()
    remplir_etudiant(client, demande, ressources=parcours.ressources(("boursier", "615,50")))
    html = page(client.get(parcours.url(demande, "recapitulatif")))
    assert "Boursier — 615,50 €/mois" in html
