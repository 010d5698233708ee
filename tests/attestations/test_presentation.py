"""What the printed documents look like: the République française bloc-marque with its
Marianne, nationality as an adjective, no empty photo box, the list's issuing directorate."""

import datetime

import pytest

from attestations import selectors
from attestations.models import Attestation
from demandes import suites
from tests.accounts.factories import UserFactory
from tests.attestations.outils import (
    adf_pluriannuelle,
    apres_commit,
    demande_deposee,
    pages_png,
    texte_pdf,
)
from tests.demandes.factories import document_a_renouveler

pytestmark = pytest.mark.django_db

MM_PAR_POUCE = 25.4


def _demande(nationalite: str, pays_naissance: str, lieu: str, **kwargs):
    document = document_a_renouveler(
        nationalite=nationalite, pays_naissance=pays_naissance, lieu_naissance=lieu
    )
    usager = UserFactory(document=document)
    return demande_deposee(usager=usager, document_actuel=document, **kwargs)


def _texte(pk) -> str:
    return texte_pdf(selectors.contenu(Attestation.objects.get(pk=pk)))


def test_nationality_is_the_feminine_adjective_on_every_attestation():
    demande = _demande("BR", "BR", "Brasilia", personnel={"nom_usage": "Inc"})
    depot = apres_commit(suites.documents_du_depot_generer, demande=demande)[0]
    adf = adf_pluriannuelle(demande, autorise_travail=False)
    for pk in (depot, adf.pk):
        texte = _texte(pk)
        assert "Nationalité : BRÉSILIENNE" in texte
        assert "À : BRASILIA, BRÉSIL" in texte

    bpi = _demande("AF", "AF", "Kaboul", depot=datetime.date(2022, 4, 26), motif="bpi")
    adp = apres_commit(suites.documents_du_depot_generer, demande=bpi)[1]
    texte = _texte(adp)
    assert "Nationalité : AFGHANE" in texte
    assert "À : KABOUL, AFGHANISTAN" in texte


def test_no_empty_photograph_box_is_printed():
    demande = demande_deposee()
    texte = _texte(apres_commit(suites.documents_du_depot_generer, demande=demande)[0])
    assert "Photographie" not in texte


def _boite(image, couleur, zone_mm, resolution):
    """Bounding box, in mm, of the pixels close to `couleur` in the page's `zone_mm`."""
    px = resolution / MM_PAR_POUCE
    x0, y0, x1, y1 = (round(v * px) for v in zone_mm)
    zone = image.convert("RGB").crop((x0, y0, x1, y1))
    r, g, b = couleur
    points = [
        (x, y)
        for y in range(zone.height)
        for x in range(zone.width)
        if sum(abs(a - c) for a, c in zip(zone.getpixel((x, y)), (r, g, b), strict=True)) < 90
    ]
    assert points, "couleur absente"
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs) / px, min(ys) / px, (max(xs) + 1) / px, (max(ys) + 1) / px)


def test_the_header_draws_the_dsfr_bloc_marque_with_its_marianne():
    demande = demande_deposee()
    pdf = selectors.contenu(
        Attestation.objects.get(
            pk=apres_commit(suites.documents_du_depot_generer, demande=demande)[0]
        )
    )
    image = pages_png(pdf, resolution=150)[0]
    en_tete = (0, 0, 80, 40)
    bleu = _boite(image, (0, 0, 145), en_tete, 150)
    rouge = _boite(image, (225, 0, 15), en_tete, 150)
    # Not a thin tricolour rule: a blue and red field about 10.5 × 3.8 mm (DSFR proportions),
    # the white Marianne profile drawn across both halves.
    for boite in (bleu, rouge):
        assert 3.2 <= boite[3] - boite[1] <= 4.4
    assert 9.5 <= rouge[2] - bleu[0] <= 11.5
    texte = texte_pdf(pdf)
    assert "RÉPUBLIQUE FRANÇAISE Liberté Égalité Fraternité" in texte


def test_the_list_of_documents_is_issued_by_the_direction_generale(client):
    reponse = client.get("/attestations/pieces/vpf_ase.pdf")
    texte = texte_pdf(b"".join(reponse.streaming_content)).upper()
    assert texte.count("DIRECTION GÉNÉRALE DES ÉTRANGERS EN FRANCE") >= 2  # header and footer
    assert "DIRECTION DES ÉTRANGERS" not in texte
