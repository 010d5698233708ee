"""The one request factory: a draft inside the deposit window, traits for the motif and the
deposit."""

import datetime

import pytest
from django.utils import timezone

from demandes.catalogue import motif_du_registre
from demandes.models import EtatDemande
from demandes.regles import fenetre_depot
from tests.demandes.factories import DemandeFactory
from tests.justificatifs import factories as justificatifs_factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("motif", ["etudiant", "bpi", "vpf_ase"])
def test_a_draft_of_each_motif_is_inside_the_deposit_window(motif):
    demande = DemandeFactory(motif=motif)

    assert demande.etat == EtatDemande.BROUILLON and demande.numero is None
    assert motif_du_registre(demande.document_actuel.motif).code == motif
    assert fenetre_depot(demande.document_actuel, timezone.localdate()).statut == (
        "dans_les_delais"
    )


def test_deposee_gives_a_deposited_request_of_the_motif():
    demande = DemandeFactory(deposee=True, motif="vpf_ase", depot=datetime.date(2023, 8, 18))

    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE
    assert demande.numero.startswith("590120230818") and len(demande.numero) == 19
    assert demande.deposee_le.date() == datetime.date(2023, 8, 18)
    assert demande.prefecture.code == "59"
    assert demande.saisie["personnel"]["code_postal"] == "59000"
    assert motif_du_registre(demande.document_actuel.motif).code == "vpf_ase"
    assert "Vie privée et familiale" in demande.type_demande


def test_traits_are_shortcuts_for_the_motif_and_old_names_still_work():
    assert DemandeFactory(bpi=True).motif == "bpi"
    assert DemandeFactory(ase=True).motif == "vpf_ase"
    assert justificatifs_factories.DemandeFactory is DemandeFactory
    assert DemandeFactory(deposee=True).numero != DemandeFactory(deposee=True).numero
