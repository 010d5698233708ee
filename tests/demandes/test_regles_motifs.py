"""The rules a newcomer looks for, tested as plain functions (no request): the students'
minimum resources, the ASE's age-16 rule, the BPI protection read from the registry, who logs
in by e-mail, what each motif tells the attestations, the documents' sections, the upload
limits, the récapitulatif's forms."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from accounts.models import NatureDocument
from anef.forms import TelephonePortableField
from attestations import regles as regles_attestations
from demandes import catalogue, regles, selectors
from demandes.catalogue import conditions
from demandes.catalogue.types import REGLE_ADP_PAR_DEFAUT, Saisie, sections_de
from demandes.etats import ETATS_PIECES_AJOUTABLES, EtatDemande
from demandes.forms.recapitulatif import DepotForm, PartieForm
from justificatifs import regles as regles_fichiers
from justificatifs.forms import FichierForm
from tests.accounts.factories import DocumentSejourFactory, UserFactory
from tests.demandes.factories import DemandeFactory

NAISSANCE = datetime.date(2006, 5, 10)


# --- The students' minimum resources ----------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "sous"), [(Decimal("614.99"), True), (615, False), (Decimal("1000"), False)]
)
def test_resources_under_615_euros_a_month_are_under_the_minimum(total, sous):
    assert regles.RESSOURCES_MINIMUM_MENSUEL == 615
    assert regles.sous_le_minimum(total) is sous


def test_the_resources_step_warns_under_the_minimum_only():
    assert conditions.ressources_insuffisantes({"total": "614.99"}, None) == (
        "ressources_insuffisantes"
    )
    assert conditions.ressources_insuffisantes({"total": "615"}, None) is None


# --- The ASE's age-16 rule --------------------------------------------------------------------


def test_a_sixteenth_birthday_on_a_missing_29_february_is_the_28th():
    assert regles.seizieme_anniversaire(datetime.date(2084, 2, 29)) == datetime.date(2100, 2, 28)


@pytest.mark.django_db
def test_a_placement_after_the_sixteenth_birthday_blocks_the_step():
    demande = DemandeFactory(ase=True)
    naissance = demande.document_actuel.date_naissance
    seize_ans = regles.seizieme_anniversaire(naissance)
    saisie = Saisie({}, demande=demande)
    le_jour = {"date_prise_en_charge": seize_ans.isoformat()}
    lendemain = {"date_prise_en_charge": (seize_ans + datetime.timedelta(days=1)).isoformat()}
    assert conditions.non_eligible(le_jour, saisie) is None
    assert conditions.non_eligible(lendemain, saisie) == "non_eligible"
    assert conditions.non_eligible({}, saisie) is None


# --- The BPI protection read from the registry, who logs in by e-mail -------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("motif", "protection"),
    [("REFUGIE", "refugie"), ("PROTECTION SUBSIDIAIRE", "subsidiaire"), ("BPS", "subsidiaire")],
)
def test_the_registry_motif_says_the_protection(motif, protection):
    assert regles.protection_du_registre(DocumentSejourFactory(motif=motif)) == protection


def test_without_a_document_the_protection_is_subsidiary():
    assert regles.protection_du_registre(None) == "subsidiaire"


@pytest.mark.django_db
def test_visa_holders_and_documents_without_n_etranger_log_in_by_email():
    assert DocumentSejourFactory(visa=True).connexion_par_email
    assert DocumentSejourFactory(numero_etranger="").connexion_par_email
    titre = DocumentSejourFactory(nature=NatureDocument.TITRE_SEJOUR)
    assert not titre.connexion_par_email


# --- What each motif tells the attestations ---------------------------------------------------


def test_the_bpi_gets_its_adp_at_every_renewal_for_6_months_from_the_deposit():
    bpi = catalogue.motif("bpi")
    assert bpi.regle_adp == regles_attestations.RegleAdp(
        au_depot=regles_attestations.AdpAuDepot.RENOUVELLEMENT,
        duree=relativedelta(months=6),
        debut=regles_attestations.DebutAdp.DEPOT,
    )
    assert regles_attestations.adp_au_depot(
        regle=bpi.regle_adp,
        renouvellement=True,
        date_depot=datetime.date(2022, 4, 26),
        fin_titre=datetime.date(2022, 8, 20),
    ) == regles_attestations.Periode(datetime.date(2022, 4, 26), datetime.date(2022, 10, 25))


def test_the_other_motifs_follow_the_default_adp_rule_and_name_no_protection():
    for code in ("etudiant", "vpf_ase"):
        motif = catalogue.motif(code)
        assert motif.regle_adp == REGLE_ADP_PAR_DEFAUT
        assert motif.protection_de(Saisie({"motif": {"protection": "refugie"}})) is None


def test_the_bpi_adp_names_the_protection_chosen_subsidiary_by_default():
    bpi = catalogue.motif("bpi")
    assert bpi.protection_de(Saisie({"motif": {"protection": "refugie"}})) == "refugie"
    assert bpi.protection_de(Saisie({})) == "subsidiaire"


def test_only_students_work_as_ancillary_work():
    accessoire = {
        code: catalogue.motif(code).travail_a_titre_accessoire
        for code in ("etudiant", "bpi", "vpf_ase")
    }
    assert accessoire == {"etudiant": True, "bpi": False, "vpf_ase": False}


def test_the_printed_list_titles_come_from_the_catalogue():
    assert catalogue.motif("etudiant").titre_liste_pieces() == "ÉTUDIANT"
    assert catalogue.motif("bpi").titre_liste_pieces() == (
        "BÉNÉFICIAIRE DE LA PROTECTION INTERNATIONALE"
    )


# --- Sections of documents --------------------------------------------------------------------


def test_sections_group_the_documents_in_catalogue_order():
    motif = catalogue.motif("etudiant")
    sections = sections_de(motif)
    for titre, pieces in sections.items():
        assert pieces == [p for p in motif.pieces if str(p.section) == titre]
    assert list(sections) == list(dict.fromkeys(str(p.section) for p in motif.pieces))


def test_sections_for_answers_keep_only_the_documents_requested():
    motif = catalogue.motif("etudiant")
    saisie = Saisie({"ressources": {"ressources": [{"origine": "boursier", "montant": "700"}]}})
    demandees = [p for pieces in sections_de(motif, saisie).values() for p in pieces]
    assert demandees == motif.pieces_demandees(saisie)
    assert len(demandees) < len(motif.pieces)


# --- Steps, states, selectors -----------------------------------------------------------------


def test_only_step_1_starts_from_the_account():
    for motif in catalogue.motifs().values():
        assert [e.code for e in motif.etapes if e.initial_du_compte] == ["personnel"]


def test_only_the_resources_step_adds_its_own_recap_rows():
    for motif in catalogue.motifs().values():
        assert [e.code for e in motif.etapes if e.lignes_recap] == (
            ["ressources"] if motif.code == "etudiant" else []
        )


@pytest.mark.django_db
def test_files_may_be_added_in_the_states_of_the_table_only():
    assert ETATS_PIECES_AJOUTABLES == [EtatDemande.BROUILLON]
    assert DemandeFactory().pieces_ajoutables
    assert not DemandeFactory(deposee=True).pieces_ajoutables


@pytest.mark.django_db
def test_demande_de_gives_none_for_someone_elses_request():
    demande = DemandeFactory()
    assert selectors.demande_de(demande.usager, demande.pk) == demande
    assert selectors.demande_de(UserFactory(), demande.pk) is None
    assert selectors.demande_de(demande.usager, demande.pk + 1000) is None


# --- Forms ------------------------------------------------------------------------------------


def test_observations_are_kept_as_typed_up_to_2000_characters():
    form = DepotForm({"observations": "  Une erreur sur mon nom.\n"})
    assert form.is_valid()
    assert form.cleaned_data["observations"] == "  Une erreur sur mon nom.\n"
    trop = DepotForm({"observations": "x" * 2001})
    assert not trop.is_valid()
    assert trop.errors["observations"] == [
        "Vos observations ne doivent pas dépasser 2 000 caractères."
    ]


@pytest.mark.parametrize(
    ("valeur", "valide"), [("0", True), ("2", True), ("-1", False), ("x", False)]
)
def test_a_recap_part_is_a_non_negative_index(valeur, valide):
    assert PartieForm({"partie": valeur}).is_valid() is valide


@pytest.mark.parametrize(
    ("numero", "erreur"),
    [
        ("06 12 34 56 78", None),
        ("+33 6 12 34 56 78", None),
        ("01 23 45 67 89", "Saisissez un numéro de téléphone portable (06 ou 07)."),
        ("12", "Saisissez un numéro de téléphone portable valide, par exemple 06 12 34 56 78."),
    ],
)
def test_the_shared_phone_field_takes_mobile_numbers_only(numero, erreur):
    from django import forms

    champ = TelephonePortableField()
    if erreur is None:
        assert champ.clean(numero).as_e164.startswith("+33")
    else:
        with pytest.raises(forms.ValidationError) as exc:
            champ.clean(numero)
        assert exc.value.messages == [erreur]


def test_the_upload_help_text_prints_the_limits():
    texte = str(FichierForm(piece="passeport").fields["fichier"].help_text)
    assert f"Taille maximale : {regles_fichiers.TAILLE_MAX_MO} Mo par fichier." in texte
    assert f"{regles_fichiers.FICHIERS_PAR_PIECE_MAX} fichiers au plus par document." in texte
    assert regles_fichiers.TAILLE_MAX == 10 * 1024 * 1024
    assert regles_fichiers.message_taille_max() == (
        "Le fichier dépasse la taille maximale de 10 Mo."
    )
