"""Every clause of every variant, read back from the PDF text; the ADP rule; file names."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from attestations import regles, selectors, services
from attestations.models import Attestation, TypeAttestation
from demandes import catalogue, suites
from tests.attestations.outils import demande_deposee, texte_pdf

pytestmark = pytest.mark.django_db

DEPOT = datetime.date(2023, 8, 18)


def pdf(attestation: Attestation) -> str:
    attestation.refresh_from_db()
    return texte_pdf(selectors.contenu(attestation))


def etat_civil_present(texte: str, demande) -> None:
    document = demande.document_actuel
    assert "VOS RÉFÉRENCES :" in texte
    assert f"Identifiant (N° étranger) : {document.numero_etranger}" in texte
    assert f"N° de la demande : {demande.numero}" in texte
    assert "Nom de naissance : DUPONT" in texte
    assert "Prénom(s) : AMINA" in texte
    assert "Né(e) le : 12/04/2001" in texte
    assert "À : RABAT, MAROC" in texte
    assert "Nationalité : MAROCAINE" in texte
    assert "Adresse : 20 RUE NATIONALE 59000 LILLE FRANCE" in texte
    assert "RÉPUBLIQUE FRANÇAISE" in texte and "MINISTÈRE DE L'INTÉRIEUR" in texte
    assert "Liberté" in texte and "Égalité" in texte and "Fraternité" in texte


def test_renewal_deposit_confirmation_carries_every_clause():
    demande = demande_deposee(depot=DEPOT, personnel={"nom_usage": "Martin"})
    attestation = Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[0])
    texte = pdf(attestation)
    assert "CONFIRMATION DU DÉPÔT D'UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR" in texte
    assert "PREMIÈRE" not in texte
    etat_civil_present(texte, demande)
    assert "Nom d'usage : MARTIN" in texte
    assert "DATE D'ÉMISSION : 18/08/2023" in texte
    for clause in (
        "Le 18/08/2023, vous avez déposé avec succès une demande de titre de séjour qui sera "
        "examinée par la préfecture compétente.",
        "Ce document constitue la preuve de dépôt de votre demande.",
        "Il ne constitue pas une preuve de régularité du séjour et ne permet pas l'ouverture de "
        "droits associés à un séjour régulier.",
        "Ce document n'autorise pas le franchissement des frontières de l'espace Schengen.",
        "Vous serez informé(e) de l'avancement et de la suite donnée à votre démarche par un "
        "courrier électronique vous invitant à vous connecter à votre espace personnel.",
    ):
        assert clause in texte
    assert attestation.nom_fichier == (
        f"CONFIRMATION_DEPOT_{demande.document_actuel.numero_etranger}_20230818.pdf"
    )


def test_first_request_confirmation_says_premiere_demande():
    demande = demande_deposee(depot=DEPOT, renouvellement=False)
    suites.documents_du_depot_generer(demande=demande)
    texte = pdf(demande.attestations.get())
    assert "CONFIRMATION DU DÉPÔT D'UNE PREMIÈRE DEMANDE DE TITRE DE SÉJOUR" in texte
    assert "RENOUVELLEMENT" not in texte


def test_bpi_renewal_gets_the_adp_at_deposit_with_the_seed_001_wording():
    demande = demande_deposee(depot=datetime.date(2022, 4, 26), bpi=True)
    pks = suites.documents_du_depot_generer(demande=demande)
    assert len(pks) == 2
    adp = Attestation.objects.get(pk=pks[1])
    assert adp.type == TypeAttestation.PROLONGATION
    assert (adp.valide_du, adp.valide_au) == (
        datetime.date(2022, 4, 26),
        datetime.date(2022, 10, 25),
    )
    texte = pdf(adp)
    assert "ATTESTATION DE PROLONGATION D'INSTRUCTION D'UNE DEMANDE DE TITRE DE SÉJOUR" in texte
    assert "A OBTENU LE BÉNÉFICE DE LA PROTECTION SUBSIDIAIRE" in texte
    assert "DATE D'ÉMISSION : 26/04/2022" in texte
    etat_civil_present(texte, demande)
    for clause in (
        "Le 26/04/2022, vous avez déposé une demande de titre de séjour qui est en cours "
        "d'examen par la préfecture compétente.",
        "Cette attestation justifie de la régularité de votre séjour en France entre le "
        "26/04/2022 et le 25/10/2022.",
        "Elle vous permet d'exercer une activité professionnelle sur le territoire métropolitain "
        "ou dans la collectivité d'outre-mer qui vous l'a délivrée, conformément aux articles "
        "L. 414-10 et R. 431-15-4 du code de l'entrée et du séjour des étrangers et du droit "
        "d'asile dans le cadre de la législation en vigueur.",
        "Ce document autorise le franchissement des frontières de l'espace Schengen.",
    ):
        assert clause in texte
    assert adp.nom_fichier == (
        "ATTESTATION_PROLONGATION_INSTRUCTION_"
        f"{demande.document_actuel.numero_etranger}_20220426.pdf"
    )
    assert adp.donnees["champs_2ddoc"]["6P"] == "AUTORISE A TRAVAILLER"


def test_refugee_adp_says_statut_de_refugie():
    demande = demande_deposee(depot=DEPOT, bpi=True, saisie={"motif": {"protection": "refugie"}})
    pks = suites.documents_du_depot_generer(demande=demande)
    assert "A OBTENU LE STATUT DE RÉFUGIÉ" in pdf(Attestation.objects.get(pk=pks[1]))


def test_renewal_adp_wording_of_seed_003(django_capture_on_commit_callbacks):
    demande = demande_deposee(depot=DEPOT, ase=True)
    with django_capture_on_commit_callbacks(execute=True):
        adp = services.adp_generer(
            demande=demande,
            periode=regles.Periode(datetime.date(2023, 9, 12), datetime.date(2023, 12, 11)),
            emise_le=datetime.date(2023, 9, 12),
            par=None,
        )
    texte = pdf(adp)
    assert (
        "ATTESTATION DE PROLONGATION D'INSTRUCTION D'UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE "
        "SÉJOUR" in texte
    )
    assert "Validité : du 12/09/2023 au 11/12/2023" in texte
    assert "DATE D'ÉMISSION" not in texte
    for clause in (
        "La demande de titre de séjour que vous avez déposée le 18/08/2023 est toujours en cours "
        "d'instruction.",
        "Cette attestation vous est délivrée pour autoriser votre présence en France entre le "
        "12/09/2023 et le 11/12/2023.",
        "Cette attestation n'est valable qu'accompagnée du titre précédemment détenu même s'il "
        "est arrivé à expiration.",
        "Ce document justifie le maintien de l'ensemble des droits ouverts en raison du titre de "
        "séjour précédemment détenu. Si ce titre permettait d'exercer une activité "
        "professionnelle, celle-ci peut se poursuivre pendant la durée de validité de cette "
        "attestation. Elle ne permet pas l'ouverture de droits nouveaux.",
        "Ce document autorise le franchissement des frontières de l'espace Schengen.",
    ):
        assert clause in texte


def test_first_request_adp_forbids_schengen_and_new_rights(django_capture_on_commit_callbacks):
    demande = demande_deposee(depot=DEPOT, renouvellement=False)
    with django_capture_on_commit_callbacks(execute=True):
        adp = services.adp_generer(
            demande=demande,
            periode=regles.periode(datetime.date(2023, 9, 1), relativedelta(months=3)),
            par=None,
        )
    texte = pdf(adp)
    assert "D'UNE PREMIÈRE DEMANDE DE TITRE DE SÉJOUR" in texte
    assert "Validité : du 01/09/2023 au 30/11/2023" in texte
    assert "Elle ne permet pas d'acquérir de nouveaux droits" in texte
    assert (
        "Ce document n'autorise pas à voyager ni à entrer dans l'espace Schengen, quel que soit "
        "le point d'entrée." in texte
    )
    assert "autorise le franchissement" not in texte


def test_renewal_adf_carries_card_validity_mention_clauses_and_tax(
    django_capture_on_commit_callbacks,
):
    demande = demande_deposee(depot=DEPOT, ase=True)
    with django_capture_on_commit_callbacks(execute=True):
        adf = services.adf_generer(
            demande=demande,
            type_carte="carte de séjour pluriannuelle",
            date_debut=datetime.date(2023, 9, 13),
            date_fin=datetime.date(2027, 9, 12),
            mention="Vie privée et familiale",
            montant_taxe=Decimal("225"),
            autorise_travail=True,
            par=None,
            emise_le=datetime.date(2023, 9, 12),
        )
    texte = pdf(adf)
    assert (
        "ATTESTATION DE DÉCISION FAVORABLE SUR UNE DEMANDE DE RENOUVELLEMENT DE TITRE DE SÉJOUR"
        in texte
    )
    assert "DATE D'ÉMISSION : 12/09/2023" in texte
    for clause in (
        "Le 12/09/2023, une décision favorable a été prise à la suite de votre demande "
        "d'admission au séjour.",
        "Une carte de séjour pluriannuelle, valable du 13/09/2023 au 12/09/2027 portant la "
        "mention Vie privée et familiale, va vous être délivrée. Elle est actuellement en cours "
        "de fabrication.",
        "Cette attestation n'est valable qu'accompagnée du visa de long séjour ou du titre "
        "précédemment détenu.",
        "Ce document autorise son titulaire à travailler.",
        "Ce document autorise le franchissement des frontières de l'espace Schengen.",
        "Vous devrez à cette occasion vous acquitter de 225 € correspondant au montant des taxes "
        "que vous réglerez par timbre électronique acheté au préalable en ligne, dans un bureau "
        "de tabac ou sur les bornes installées dans certains services fiscaux.",
    ):
        assert clause in texte
    assert adf.nom_fichier.startswith("ATTESTATION_DECISION_FAVORABLE_")
    assert adf.donnees["champs_2ddoc"]["6N"] == "13092023"
    assert adf.donnees["champs_2ddoc"]["6O"] == "12092027"


def test_student_first_request_adf_work_is_ancillary_and_no_renewal_clause(
    django_capture_on_commit_callbacks,
):
    demande = demande_deposee(depot=DEPOT, renouvellement=False)
    with django_capture_on_commit_callbacks(execute=True):
        adf = services.adf_generer(
            demande=demande,
            type_carte="carte de séjour temporaire",
            date_debut=datetime.date(2023, 11, 11),
            date_fin=datetime.date(2024, 11, 10),
            mention="Étudiant",
            montant_taxe=Decimal("75.50"),
            autorise_travail=True,
            a_titre_accessoire=catalogue.motif("etudiant").travail_a_titre_accessoire,
            par=None,
        )
    texte = pdf(adf)
    assert "SUR UNE DEMANDE DE TITRE DE SÉJOUR" in texte and "RENOUVELLEMENT" not in texte
    assert "Ce document autorise son titulaire à travailler à titre accessoire." in texte
    assert "n'est valable qu'accompagnée" not in texte
    assert "vous acquitter de 75,50 €" in texte
    assert adf.donnees["champs_2ddoc"]["6P"] == "AUTORISE A TRAVAILLER A TITRE ACCESSOIRE"


def test_adf_without_work_authorisation_has_no_work_clause(django_capture_on_commit_callbacks):
    demande = demande_deposee(depot=DEPOT)
    with django_capture_on_commit_callbacks(execute=True):
        adf = services.adf_generer(
            demande=demande,
            type_carte="autorisation provisoire de séjour",
            date_debut=DEPOT,
            date_fin=DEPOT + relativedelta(months=6),
            mention="",
            montant_taxe=0,
            autorise_travail=False,
            par=None,
        )
    texte = pdf(adf)
    assert "travailler" not in texte
    assert "portant la mention" not in texte
    assert adf.donnees["champs_2ddoc"]["6P"] == ""


def test_adf_refuses_inverted_validity():
    demande = demande_deposee(depot=DEPOT)
    with pytest.raises(services.AttestationError):
        services.adf_generer(
            demande=demande,
            type_carte="carte de séjour temporaire",
            date_debut=DEPOT,
            date_fin=DEPOT - datetime.timedelta(days=1),
            mention="",
            montant_taxe=0,
            autorise_travail=False,
            par=None,
        )


# --- The ADP-at-deposit rule (attestations/regles.py) ---------------------------------------


def test_rule_bpi_renewal_always_six_months_from_deposit():
    assert regles.adp_au_depot(
        regle=catalogue.motif("bpi").regle_adp,
        renouvellement=True,
        date_depot=datetime.date(2022, 4, 26),
        fin_titre=datetime.date(2022, 8, 20),
    ) == regles.Periode(datetime.date(2022, 4, 26), datetime.date(2022, 10, 25))


def test_rule_other_renewal_only_when_the_title_ends_within_60_days():
    depot = datetime.date(2023, 8, 18)
    loin = regles.adp_au_depot(
        regle=catalogue.motif("etudiant").regle_adp,
        renouvellement=True,
        date_depot=depot,
        fin_titre=depot + relativedelta(days=61),
    )
    assert loin is None
    proche = regles.adp_au_depot(
        regle=catalogue.motif("vpf_ase").regle_adp,
        renouvellement=True,
        date_depot=depot,
        fin_titre=datetime.date(2023, 9, 11),
    )
    assert proche == regles.Periode(datetime.date(2023, 9, 12), datetime.date(2023, 12, 11))


def test_rule_first_requests_never_get_an_adp_at_deposit():
    assert (
        regles.adp_au_depot(
            regle=catalogue.motif("bpi").regle_adp,
            renouvellement=False,
            date_depot=DEPOT,
            fin_titre=DEPOT + datetime.timedelta(days=10),
        )
        is None
    )


def test_late_student_renewal_gets_the_adp_at_deposit():
    today = timezone.localdate()
    demande = demande_deposee()
    document = demande.document_actuel
    document.date_fin_validite = today + datetime.timedelta(days=30)
    document.save()
    pks = suites.documents_du_depot_generer(demande=demande)
    types = list(Attestation.objects.filter(pk__in=pks).values_list("type", flat=True))
    assert types == [TypeAttestation.DEPOT, TypeAttestation.PROLONGATION]
    adp = Attestation.objects.get(pk=pks[1])
    assert adp.valide_du == today + datetime.timedelta(days=31)


def test_student_renewal_in_time_gets_only_the_confirmation():
    demande = demande_deposee()  # the factory's title ends in 90 days
    assert len(suites.documents_du_depot_generer(demande=demande)) == 1
