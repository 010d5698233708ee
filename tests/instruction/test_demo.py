"""The demo requests of `seed_demo` (instruction.demo): one per state after the deposit, in the
Préfecture du Nord, idempotent. The command's own output and logins: tests/accounts/
test_seed_demo.py."""

import pytest
from django.utils import timezone

from anef.nationalites import ADJECTIFS
from demandes.etats import EtatDemande
from demandes.models import Demande, HistoriqueEtat
from instruction import demo, demo_donnees
from instruction.models import Complement, MotifComplement
from justificatifs.models import Fichier
from tests.accounts.factories import DepartementFactory, PrefectureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture()
def nord():
    prefecture = PrefectureFactory(code="59", nom="Préfecture du Nord")
    DepartementFactory(code="59", prefecture=prefecture)
    return prefecture


def test_every_state_after_the_deposit_has_a_demo_request(nord):
    demandes = demo.demandes_demo_creer(aujourdhui=timezone.localdate(), prefecture_id=nord.pk)

    assert [d.etat for d in demandes] == [d.etat for d in demo_donnees.DEMANDES]
    assert {d.etat for d in demandes} == set(EtatDemande) - {EtatDemande.BROUILLON}
    assert len({d.usager_id for d in demandes}) == len(demandes)
    # The applicants' answers went through the wizard's forms.
    assert all(set(demo_donnees.REPONSES) <= set(d.saisie) for d in demandes)


def test_each_demo_request_has_a_pdf_and_an_image_to_open(nord):
    demandes = demo.demandes_demo_creer(aujourdhui=timezone.localdate(), prefecture_id=nord.pk)
    for demande in demandes:
        types = sorted(Fichier.objects.filter(demande=demande).values_list("type_mime", flat=True))
        assert types == ["application/pdf", "image/png"], demande.etat
    # The document the demo complement says is unreadable was provided.
    complement = Complement.objects.filter(demande__in=demandes).first()
    element = complement.elements.get(motif=MotifComplement.NON_LISIBLE)
    assert Fichier.objects.filter(demande=complement.demande, piece=element.piece).exists()


def test_running_twice_creates_nothing_more(nord):
    aujourdhui = timezone.localdate()
    premieres = demo.demandes_demo_creer(aujourdhui=aujourdhui, prefecture_id=nord.pk)
    lignes = HistoriqueEtat.objects.count()

    secondes = demo.demandes_demo_creer(aujourdhui=aujourdhui, prefecture_id=nord.pk)

    assert [d.pk for d in secondes] == [d.pk for d in premieres]
    assert Demande.objects.count() == len(demo_donnees.DEMANDES)
    assert HistoriqueEtat.objects.count() == lignes


def test_a_request_moved_on_by_an_agent_is_left_as_it_is(nord):
    from instruction import services
    from tests.instruction.factories import agent

    aujourdhui = timezone.localdate()
    demandes = demo.demandes_demo_creer(aujourdhui=aujourdhui, prefecture_id=nord.pk)
    deposee = next(d for d in demandes if d.etat == EtatDemande.DEPOSEE)
    services.demande_prendre_en_charge(demande=deposee, par=agent("instructeur", prefecture=nord))

    demandes = demo.demandes_demo_creer(aujourdhui=aujourdhui, prefecture_id=nord.pk)

    assert deposee.pk in [d.pk for d in demandes]
    deposee.refresh_from_db()
    assert deposee.etat == EtatDemande.EN_INSTRUCTION
    assert Demande.objects.count() == len(demo_donnees.DEMANDES)


def test_the_refusal_pdf_is_a_pdf_with_its_text():
    import io

    from pypdf import PdfReader

    contenu = demo.pdf_texte(["Préfecture du Nord", "Décision (refus) \\ démonstration"])
    texte = PdfReader(io.BytesIO(contenu)).pages[0].extract_text()
    assert "Préfecture du Nord" in texte
    assert "Décision (refus) \\ démonstration" in texte


def test_every_demo_nationality_has_its_adjective():
    assert {d.pays for d in demo_donnees.DEMANDES} <= set(ADJECTIFS)
