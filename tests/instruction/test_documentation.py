"""docs/instruction.md stays true to the table: its diagram is the generated one, every
transition and state is described, and the command that regenerates it works."""

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from demandes.etats import EtatDemande, Transition, diagramme_mermaid

PAGE = Path(__file__).resolve().parents[2] / "docs" / "instruction.md"


def _blocs(texte: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)```", texte, re.DOTALL)


def test_the_page_holds_exactly_the_generated_diagram():
    assert _blocs(PAGE.read_text(encoding="utf-8")) == [diagramme_mermaid()]


def test_the_diagram_has_every_state_and_transition_of_the_table():
    diagramme = diagramme_mermaid()
    for etat in EtatDemande:
        assert etat.value in diagramme
    for transition in Transition:
        assert f": {transition.value}\n" in diagramme


def test_the_page_names_the_service_of_every_transition():
    texte = PAGE.read_text(encoding="utf-8")
    services = {
        "deposer": "demande_deposer",
        "prendre_en_charge": "demande_prendre_en_charge",
        "demander_complement": "complement_demander",
        "recevoir_complement": "recevoir_complement",
        "reprendre_instruction": "instruction_reprendre",
        "delivrer_adp": "adp_delivrer",
        "proposer_decision": "decision_proposer",
        "renvoyer_proposition": "decision_renvoyer",
        "signer_favorable": "decision_signer",
        "signer_defavorable": "decision_signer",
        "lancer_fabrication": "titre_lancer_fabrication",
        "titre_disponible": "titre_disponible",
        "remettre_titre": "titre_remettre",
        "cloturer": "demande_cloturer",
        "se_desister": "demande_desister",
    }
    assert set(services) == set(Transition.values)
    for service in services.values():
        assert re.search(rf"`(?:[\w.]+\.)?{service}`", texte), service


def test_the_command_prints_the_diagram():
    sortie = StringIO()
    call_command("etats_diagramme", stdout=sortie)
    assert sortie.getvalue() == diagramme_mermaid()


def test_the_command_rewrites_a_stale_page(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Titre\n\n```mermaid\nstateDiagram-v2\n    a --> b\n```\n\nFin\n")
    call_command("etats_diagramme", "--page", str(page), stdout=StringIO())
    assert page.read_text() == f"# Titre\n\n```mermaid\n{diagramme_mermaid()}```\n\nFin\n"
