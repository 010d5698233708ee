"""The RGAA self-audit: docs/rgaa.md and anef/rgaa.py agree on each of the 106 criteria, the
statement publishes the rate with every legal item, and the footer label follows the rate."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from anef import rgaa

DOC = Path(__file__).resolve().parent.parent / "docs" / "rgaa.md"
LIGNE = re.compile(r"^\| (\d+\.\d+) \| .+ \| (C|NC|NA) \| .+ \|$", re.MULTILINE)


def test_the_grid_in_the_docs_is_the_grid_of_the_module():
    grille = dict(LIGNE.findall(DOC.read_text()))
    assert len(grille) == 106
    assert grille == rgaa.GRILLE
    themes = [int(n.split(".")[0]) for n in rgaa.GRILLE]
    assert [themes.count(t) for t in range(1, 14)] == [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12]
    assert set(rgaa.NON_CONFORMITES) == {
        n for n, r in rgaa.GRILLE.items() if r == rgaa.NON_CONFORME
    }


def test_the_rate_is_conforming_over_applicable_and_the_docs_give_it():
    resume = rgaa.resume()
    assert resume.conformes + resume.non_conformes + resume.non_applicables == 106
    assert resume.taux == Decimal(10000 * resume.conformes // resume.applicables) / 100
    assert f"**Rate: {resume.conformes} / {resume.applicables} = {resume.taux} %**" in (
        DOC.read_text()
    )


@pytest.mark.parametrize(
    ("non_conformes", "libelle"),
    [(0, "totalement conforme"), (1, "partiellement conforme"), (40, "non conforme")],
)
@pytest.mark.django_db
def test_the_footer_label_follows_the_rate(client, monkeypatch, non_conformes, libelle):
    applicables = [n for n, r in rgaa.GRILLE.items() if r != rgaa.NON_APPLICABLE]
    grille = {
        n: rgaa.NON_APPLICABLE if n not in applicables else rgaa.CONFORME for n in rgaa.GRILLE
    }
    for numero in applicables[:non_conformes]:
        grille[numero] = rgaa.NON_CONFORME
    monkeypatch.setattr(rgaa, "GRILLE", grille)
    html = client.get("/").content.decode()
    assert f"Accessibilité : {libelle}</a>" in html
    assert re.findall(r"Accessibilité : (\w+ conforme)", html) == [libelle.split()[0] + " conforme"]


@pytest.mark.django_db
def test_the_footer_today_matches_the_published_rate(client):
    etat = str(rgaa.resume().etat)
    assert f"Accessibilité : {etat}</a>" in client.get("/contact/").content.decode()


@pytest.mark.django_db
def test_the_statement_publishes_the_audit_and_every_legal_item(client):
    html = re.sub(r"\s+", " ", client.get("/accessibilite/").content.decode())
    resume = rgaa.resume()
    for texte in (
        "État de conformité",
        f"<strong>{resume.etat}</strong> avec le référentiel général d'amélioration",
        "Résultats des tests",
        f"le 30 novembre 2026 révèle que <strong>{str(resume.taux).replace('.', ',')} %</strong>",
        f"Critères conformes : {resume.conformes}",
        f"Critères non applicables : {resume.non_applicables}",
        "Contenus non accessibles",
        "Non-conformités",
        "Dérogations pour charge disproportionnée",
        "Établissement de cette déclaration d'accessibilité",
        "Cette déclaration a été établie le 30 novembre 2026.",
        "Technologies utilisées",
        "Outils pour évaluer l'accessibilité",
        "Pages du site ayant fait l'objet de la vérification de conformité",
        "Étape 5 : récapitulatif",
        "Back-office : liste des demandes",
        "Retour d'information et contact",
        f'href="{rgaa.CONTACT_FORMULAIRE}"',
        "Voies de recours",
        'href="https://formulaire.defenseurdesdroits.fr/"',
        'href="https://www.defenseurdesdroits.fr/saisir/delegues"',
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07",
    ):
        assert texte in html, texte
    assert "aucun audit" not in html
