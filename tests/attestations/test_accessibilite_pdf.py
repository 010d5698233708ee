"""RGAA 13.3: every generated PDF is tagged — a structure tree read in the page's order, the
language, the title shown as the window title, a text alternative for each image — and is
still one page whose 2D-DOC decodes."""

import datetime
import io

import pytest
from pypdf import PdfReader

from attestations import deuxddoc, selectors
from attestations.models import Attestation
from demandes import suites
from tests.attestations.outils import (
    adf_pluriannuelle,
    apres_commit,
    datamatrix_de_la_page,
    demande_deposee,
)

pytestmark = pytest.mark.django_db


def _elements(element):
    """The structure elements under `element`, depth first (the order a screen reader reads)."""
    element = element.get_object()
    if not isinstance(element, dict) or "/S" not in element:
        return
    yield element
    enfants = element.get("/K")
    if enfants is None:
        return
    for enfant in enfants if isinstance(enfants, list) else [enfants]:
        yield from _elements(enfant)


def _structure(pdf: bytes) -> list:
    catalogue = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert catalogue["/StructTreeRoot"]["/Type"] == "/StructTreeRoot"
    assert catalogue["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert catalogue["/Lang"] == "fr"
    assert catalogue["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    return list(_elements(catalogue["/StructTreeRoot"]["/K"][0]))


def _attestations():
    demande = demande_deposee(depot=datetime.date(2022, 4, 26), bpi=True)
    depot, adp = apres_commit(suites.documents_du_depot_generer, demande=demande)
    adf = adf_pluriannuelle(demande)
    return [Attestation.objects.get(pk=pk) for pk in (depot, adp, adf.pk)]


def test_attestations_are_tagged_titled_in_french_one_page_with_a_readable_2ddoc():
    for attestation in _attestations():
        pdf = selectors.contenu(attestation)
        lecteur = PdfReader(io.BytesIO(pdf))
        assert len(lecteur.pages) == 1
        assert lecteur.metadata.title.startswith(attestation.donnees["titre"][0])
        elements = _structure(pdf)
        types = [str(e["/S"]) for e in elements]
        figures = [str(e.get("/Alt", "")) for e in elements if e["/S"] == "/Figure"]
        assert figures == [
            "Marianne, emblème de la République française",
            "Code 2D-DOC de cette attestation, à scanner pour la vérifier",
        ]
        # Read as printed: the heading, then the references table, then the 2D-DOC at the foot.
        assert types.index("/H1") < types.index("/Table")
        figure_2ddoc = [i for i, t in enumerate(types) if t == "/Figure"][1]
        assert figure_2ddoc > types.index("/H1")
        assert types.count("/TH") >= 5
        assert datamatrix_de_la_page(pdf) == attestation.donnees["deuxddoc"]
        assert deuxddoc.parse(attestation.donnees["deuxddoc"]).fields["6K"]


def test_the_list_of_documents_is_tagged_with_its_headings(client):
    reponse = client.get("/attestations/pieces/vpf_ase.pdf")
    pdf = b"".join(reponse.streaming_content)
    lecteur = PdfReader(io.BytesIO(pdf))
    assert lecteur.metadata.title.startswith("Liste des documents justificatifs à fournir")
    types = [str(e["/S"]) for e in _structure(pdf)]
    assert types.count("/H1") == 1
    assert types.count("/H2") >= 2
    assert types.index("/H1") < types.index("/H2")
