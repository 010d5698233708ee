"""The catalogue's conditions: which attestations and documents, for which answers."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import NatureDocument
from demandes import catalogue
from demandes.catalogue.types import Saisie
from tests.accounts.factories import DocumentSejourFactory
from tests.demandes.factories import DemandeFactory

pytestmark = pytest.mark.django_db


def saisie(demande, **etapes):
    return Saisie(etapes, demande=demande)


def codes(items):
    return [item.code for item in items]


def obligatoires(motif, s):
    return [p.code for p in motif.pieces_demandees(s) if p.obligatoire(s)]


def il_y_a(ans: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - ans) - datetime.timedelta(days=30)


class TestEtudiant:
    motif = catalogue.motif("etudiant")

    def test_titre_holder_gives_titre_not_passeport(self):
        demande = DemandeFactory()
        pieces = codes(self.motif.pieces_demandees(saisie(demande)))
        assert "titre_sejour" in pieces and "passeport" not in pieces

    def test_vls_ts_holder_gives_passeport(self):
        demande = DemandeFactory(
            document_actuel=DocumentSejourFactory(nature=NatureDocument.VLS_TS)
        )
        pieces = codes(self.motif.pieces_demandees(saisie(demande)))
        assert "passeport" in pieces and "titre_sejour" not in pieces

    def test_academic_documents_only_for_a_student_in_france_last_year(self):
        demande = DemandeFactory()
        oui = codes(
            self.motif.pieces_demandees(saisie(demande, motif={"n1_etudiant_en_france": "oui"}))
        )
        non = codes(
            self.motif.pieces_demandees(saisie(demande, motif={"n1_etudiant_en_france": "non"}))
        )
        assert {"releve_notes", "diplome", "attestation_reussite"} <= set(oui)
        assert not {"releve_notes", "diplome", "attestation_reussite"} & set(non)
        assert "certificat_inscription" in non

    def test_only_the_ephoto_is_required_and_all_four_resource_blocks_are_listed(self):
        s = saisie(DemandeFactory())
        assert obligatoires(self.motif, s) == ["ephoto"]
        pieces = codes(self.motif.pieces_demandees(s))
        for code in ["ressource_tiers", "ressource_bourse", "ressource_salaire", "ressource_solde"]:
            assert code in pieces

    def test_french_spouse_asks_for_the_spouse_nationality_document(self):
        s = saisie(DemandeFactory(), personnel={"conjoint_nationalite": "francaise"})
        assert "nationalite_conjoint" in codes(self.motif.pieces_demandees(s))

    def test_six_steps_in_order(self):
        assert [e.titre for e in self.motif.etapes] == [
            "Informations personnelles",
            "Motif de séjour",
            "Ressources",
            "Justificatifs",
            "Récapitulatif",
            "Confirmation",
        ]


class TestBpi:
    motif = catalogue.motif("bpi")

    def test_unmarried_subsidiary_protection(self):
        s = saisie(
            DemandeFactory(bpi=True),
            personnel={"situation_familiale": "celibataire"},
            motif={"protection": "subsidiaire"},
        )
        assert codes(self.motif.attestations_demandees(s)) == [
            "protection_subsidiaire_non_marie",
            "sanctions",
        ]

    def test_married_refugee_attests_no_polygamy(self):
        s = saisie(
            DemandeFactory(bpi=True),
            personnel={"situation_familiale": "marie"},
            motif={"protection": "refugie"},
        )
        assert codes(self.motif.attestations_demandees(s)) == ["refugie", "polygamie", "sanctions"]

    def test_documents(self):
        s = saisie(DemandeFactory(bpi=True))
        assert obligatoires(self.motif, s) == ["ephoto", "domicile"]

    def test_five_steps(self):
        assert len(self.motif.etapes) == 5


class TestAse:
    motif = catalogue.motif("vpf_ase")

    def demande(self, ans):
        demande = DemandeFactory(ase=True)
        demande.document_actuel.date_naissance = il_y_a(ans)
        return demande

    def test_minor_not_emancipated(self):
        s = saisie(self.demande(17), personnel={"mineur_emancipe": False})
        assert codes(self.motif.attestations_demandees(s)) == ["besoin_travailler", "sanctions"]
        assert obligatoires(self.motif, s) == [
            "ephoto",
            "accord_representant",
            "domicile",
            "decision_placement",
            "activite_professionnelle",
            "liens_famille",
        ]

    def test_emancipated_minor(self):
        s = saisie(self.demande(17), personnel={"mineur_emancipe": True})
        assert codes(self.motif.attestations_demandees(s)) == [
            "besoin_travailler",
            "polygamie",
            "sanctions",
        ]
        assert {"nationalite", "identite", "emancipation"} <= set(obligatoires(self.motif, s))
        assert "accord_representant" not in codes(self.motif.pieces_demandees(s))

    def test_adult(self):
        s = saisie(self.demande(19), personnel={"mineur_emancipe": True})
        assert codes(self.motif.attestations_demandees(s)) == ["polygamie", "sanctions"]
        assert "emancipation" not in codes(self.motif.pieces_demandees(s))
        assert "nationalite" in codes(self.motif.pieces_demandees(s))
        assert "nationalite" not in obligatoires(self.motif, s)


def test_age_16_rule():
    from demandes.regles import eligible_ase

    naissance = datetime.date(2006, 5, 10)
    assert eligible_ase(datetime.date(2022, 5, 10), naissance)
    assert not eligible_ase(datetime.date(2022, 5, 11), naissance)
    assert eligible_ase(datetime.date(2020, 1, 1), naissance)


def test_registry_motifs_map_to_online_motifs():
    assert catalogue.motif_du_registre("Etudiant").code == "etudiant"
    assert catalogue.motif_du_registre("BPS").code == "bpi"
    assert catalogue.motif_du_registre("MNA placé avant 16 ans").code == "vpf_ase"
    assert catalogue.motif_du_registre("Salarié") is None


def test_default_button_labels_follow_the_page_language():
    """BPI and ASE keep the default « Joindre un document »: it must be translated too."""
    from django.utils import translation

    with translation.override("en"):
        assert str(catalogue.motif("bpi").bouton_ajout_fichier) == "Attach a document"
        assert str(catalogue.motif("vpf_ase").bouton_ajout_fichier) == "Attach a document"
        assert str(catalogue.motif("etudiant").bouton_depot) == "Confirm and send my application"
    with translation.override("fr"):
        assert str(catalogue.motif("bpi").bouton_ajout_fichier) == "Joindre un document"
