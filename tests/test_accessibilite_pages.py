"""Issue 16, the page items a manual RGAA audit failed: every error-summary link reaches a
focusable control, « Erreur : » opens the title of a page with errors, flash messages sit
inside <main>, the required-fields sentence, autocomplete, valid markup, the wizard's buttons
in visual order, the under-615 € modal's description."""

import re
from html.parser import HTMLParser

import pytest

from tests.accounts.factories import UserFactory
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.demandes.test_parcours import remplir_etudiant

pytestmark = pytest.mark.django_db

FOCUSABLES = {"input", "select", "textarea", "button"}
PHRASE_OBLIGATOIRE = "Les champs marqués d'un astérisque (*) sont obligatoires."


class _Elements(HTMLParser):
    """Every element of a page by id, and the hrefs of the error summaries' links."""

    def __init__(self):
        super().__init__()
        self.par_id = {}
        self.liens_resume = []
        self._dans_resume = 0
        self._pile = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.par_id[attrs["id"]] = (tag, attrs)
        if attrs.get("id") == "error-summary":
            self._dans_resume = 1
        elif self._dans_resume and tag not in {"input", "br", "img", "hr"}:
            self._dans_resume += 1
        if self._dans_resume and tag == "a":
            self.liens_resume.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if self._dans_resume:
            self._dans_resume -= 1


def _elements(response) -> _Elements:
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser


def assert_resume_vers_controles(response):
    """Each link of the error summary targets an element that can take the focus."""
    page = _elements(response)
    assert page.liens_resume, "no error summary link on this page"
    for href in page.liens_resume:
        assert href.startswith("#"), href
        cible = page.par_id.get(href[1:])
        assert cible is not None, f"{href}: no element has this id"
        tag, attrs = cible
        assert tag in FOCUSABLES, f"{href} targets a <{tag}>, which cannot take the focus"
        assert attrs.get("type") != "hidden" and "hidden" not in attrs, href
        assert "disabled" not in attrs, href


class _Champs(HTMLParser):
    """The fields of a page's forms as a browser posts them left empty."""

    def __init__(self):
        super().__init__()
        self.donnees = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        nom = attrs.get("name")
        if tag not in {"input", "select", "textarea"} or not nom or nom == "csrfmiddlewaretoken":
            return
        if attrs.get("type") in {"radio", "checkbox", "submit", "file"}:
            return
        valeur = attrs.get("value", "") if attrs.get("type") == "hidden" else ""
        self.donnees.setdefault(nom, valeur)


def poster_vide(client, url, extra=None):
    champs = _Champs()
    champs.feed(client.get(url).content.decode())
    return client.post(url, {**champs.donnees, **(extra or {})})


def titre(response) -> str:
    html = response.content.decode()
    brut = html[html.index("<title>") + 7 : html.index("</title>")]
    return re.sub(r"\s+", " ", brut).strip()


def _connecte(client):
    client.force_login(UserFactory())
    return client


@pytest.fixture(autouse=True)
def nord():
    return prefecture_du_nord()


@pytest.fixture
def etudiant(client):
    demande = DemandeFactory()
    client.force_login(demande.usager)
    return demande


# Forms outside the wizard, posted empty: (URL, data, logged in).
FORMULAIRES = [
    ("/compte/connexion/", {}, False),
    ("/compte/creation/", {}, False),
    ("/compte/mot-de-passe-oublie/", {}, False),
    ("/espace-personnel/titre-de-sejour/", {}, True),
    ("/compte/mot-de-passe/changer/", {}, True),
    ("/compte/profil/", {"action": "telephone"}, True),
]


@pytest.mark.parametrize(("url", "data", "connecte"), FORMULAIRES)
def test_error_summary_links_reach_focusable_controls(client, url, data, connecte):
    if connecte:
        _connecte(client)
    r = poster_vide(client, url, data)
    assert r.status_code in (200, 400), r.status_code
    assert_resume_vers_controles(r)
    assert titre(r).startswith("Erreur :")


@pytest.mark.parametrize("etape", ["personnel", "motif", "ressources"])
def test_wizard_steps_posted_empty_link_every_error_to_its_control(client, etudiant, etape):
    if etape != "personnel":
        client.post(parcours.url(etudiant, "personnel"), parcours.PERSONNEL)
    if etape == "ressources":
        client.post(parcours.url(etudiant, "motif"), parcours.MOTIF_ETUDIANT)
    r = client.post(parcours.url(etudiant, etape), {"action": "enregistrer"})
    assert r.status_code == 400
    assert_resume_vers_controles(r)
    assert titre(r).startswith("Erreur :")


def test_radio_questions_are_reached_through_their_first_option(client, etudiant):
    r = client.post(parcours.url(etudiant, "personnel"), {"action": "enregistrer"})
    liens = _elements(r).liens_resume
    assert "#id_en_couple_0" in liens
    assert "#id_en_couple" not in liens


def test_resource_lines_and_missing_documents_link_to_their_inputs(client, etudiant):
    client.post(parcours.url(etudiant, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(etudiant, "motif"), parcours.MOTIF_ETUDIANT)
    r = client.post(parcours.url(etudiant, "ressources"), parcours.ressources(("", "")))
    assert_resume_vers_controles(r)
    client.post(parcours.url(etudiant, "ressources"), parcours.ressources(("boursier", 700)))
    r = client.post(parcours.url(etudiant, "justificatifs"), {"action": "enregistrer"})
    assert r.status_code == 400
    assert_resume_vers_controles(r)
    assert "#id_ephoto-code" in _elements(r).liens_resume
    assert titre(r).startswith("Erreur :")


def test_a_refused_ephoto_code_is_in_the_error_summary(client, etudiant):
    remplir_etudiant(client, etudiant)
    url = parcours.url(etudiant, "justificatifs")
    client.post(url, {"action": "ephoto_supprimer"})
    r = client.post(url, {"action": "ephoto_confirmer", "ephoto-code": "PASUNCODE"})
    assert r.status_code == 400
    assert _elements(r).liens_resume == ["#id_ephoto-code"]
    assert titre(r).startswith("Erreur :")


def test_a_page_without_errors_has_a_plain_title(client, etudiant):
    r = client.get(parcours.url(etudiant, "personnel"))
    assert titre(r).startswith("Étape 1")


def test_flash_messages_are_inside_main(client):
    client.force_login(UserFactory())
    r = client.post("/compte/deconnexion/", follow=True)
    html = r.content.decode()
    assert "Vous êtes déconnecté(e)." in html
    assert html.index("<main") < html.index("Vous êtes déconnecté(e).")


@pytest.mark.parametrize(
    "url", ["/espace-personnel/titre-de-sejour/", "/espace-personnel/titre-de-sejour/situation/"]
)
def test_the_required_sentence_explains_the_star_before_the_demarche_forms(client, url):
    _connecte(client)
    client.post("/espace-personnel/titre-de-sejour/", {"pour_qui": "moi", "situation": "titre"})
    html = client.get(url).content.decode()
    assert PHRASE_OBLIGATOIRE in html
    assert html.index(PHRASE_OBLIGATOIRE) < html.index('class="fr-required-marker"')


@pytest.mark.parametrize("etape", ["personnel", "motif", "ressources"])
def test_the_required_sentence_opens_each_step_form(client, etudiant, etape):
    remplir_etudiant(client, etudiant)
    html = client.get(parcours.url(etudiant, etape)).content.decode()
    assert PHRASE_OBLIGATOIRE in html
    assert html.index(PHRASE_OBLIGATOIRE) < html.index('class="fr-required-marker"')


def test_step_1_and_the_profile_say_the_purpose_of_personal_fields(client, etudiant):
    page = _elements(client.get(parcours.url(etudiant, "personnel")))
    attendus = {
        "id_nom_usage": "family-name",
        "id_voie": "address-line1",
        "id_complement": "address-line2",
        "id_code_postal": "postal-code",
        "id_ville": "address-level2",
        "id_pays": "country-name",
        "id_email": "email",
        "id_telephone": "tel",
    }
    for id_, token in attendus.items():
        assert page.par_id[id_][1].get("autocomplete") == token, id_
    profil = client.get("/compte/profil/").content.decode()
    assert re.search(
        r'<input[^>]*autocomplete="tel"[^>]*name="tel-telephone"', profil
    ) or re.search(r'<input[^>]*name="tel-telephone"[^>]*autocomplete="tel"', profil)


def test_markup_has_no_dsfr_attribute_nor_an_unnamed_labelled_div(client, etudiant):
    html = client.get(parcours.url(etudiant, "personnel")).content.decode()
    assert 'type="radio"' in html
    assert 'dsfr="dsfr"' not in html
    menu = re.search(r'<div[^>]*id="menu-mobile"[^>]*>', html).group(0)
    assert "aria-labelledby" not in menu


def test_wizard_buttons_follow_the_visual_order(client, etudiant):
    html = client.get(parcours.url(etudiant, "personnel")).content.decode()
    nav = html[html.index('class="anef-wizard-nav') :]
    valeurs = re.findall(r'name="action" value="(\w+)"', nav)[:4]
    assert valeurs == ["precedent", "abandonner", "quitter", "enregistrer"]


def test_adding_a_resource_focuses_the_new_line_and_removing_says_so(client, etudiant):
    client.post(parcours.url(etudiant, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(etudiant, "motif"), parcours.MOTIF_ETUDIANT)
    url = parcours.url(etudiant, "ressources")
    data = parcours.ressources(("boursier", 700))
    r = client.post(url, {**data, "action": "ajouter_ressource"})
    select = re.search(r'<select[^>]*id="id_ressources-1-origine"[^>]*>', r.content.decode())
    assert "data-anef-focus" in select.group(0)
    data = parcours.ressources(("boursier", 700), ("salarie", 100))
    r = client.post(url, {**data, "action": "supprimer_ressource_1"})
    html = r.content.decode()
    assert "La ressource a été supprimée." in html
    assert re.search(r'role="status"[^>]*data-anef-focus', html)


def test_validating_a_recap_part_comes_back_with_a_focused_status(client, etudiant):
    remplir_etudiant(client, etudiant)
    url = parcours.url(etudiant, "recapitulatif")
    r = client.post(url, {"action": "valider_partie", "partie": 0})
    assert r.status_code == 302 and r.url == url
    html = client.get(url).content.decode()
    main = html[html.index("<main") :]
    assert "La partie 1 du récapitulatif est validée." in main
    assert re.search(r'role="status"[^>]*data-anef-focus', main)


def test_the_under_615_modal_is_described_and_closable(client, etudiant):
    client.post(parcours.url(etudiant, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(etudiant, "motif"), parcours.MOTIF_ETUDIANT)
    r = client.post(
        parcours.url(etudiant, "ressources"),
        parcours.ressources(("salarie", 100), raison="Je suis logé par ma famille."),
    )
    html = r.content.decode()
    dialogue = re.search(r'<div[^>]*id="modal-etape"[^>]*>', html).group(0)
    assert 'aria-describedby="modal-etape-message"' in dialogue
    assert 'id="modal-etape-message"' in html
    assert "data-modal-fermer" in html
