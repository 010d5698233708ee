"""« Nothing else writes `etat` »: `demandes.transitions.transition_appliquer` is the one writer of
a request's state. This reads every Python source of the project (not the tests, the migrations
or the virtualenv) and fails on any other write of `etat`: an attribute assignment, `etat=` given
to `update`/`create`/a model constructor, `"etat"` in `update_fields`/`bulk_update`/`defaults`,
`setattr(…, "etat", …)`, or raw SQL setting it. Reads and filters (`filter(etat=…)`, `Q(etat=…)`,
`x.etat == …`) are not writes."""

import ast
import re
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]
EXCLUS = {"tests", "migrations", ".venv", "var", "node_modules", "static", "locale"}
SEUL_ECRIVAIN = "demandes/transitions.py"

CHAMP = "etat"
# Calls whose keyword arguments are values written to a row.
APPELS_ECRIVANT = {
    "update",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "Demande",
}
# Calls whose keyword argument lists the fields written.
LISTES_DE_CHAMPS = {"update_fields", "defaults", "create_defaults"}
SQL = re.compile(r"\bupdate\b[^;]*\bset\b[^;]*\betat\b\s*=", re.IGNORECASE | re.DOTALL)


def _nom(fonction: ast.expr) -> str:
    if isinstance(fonction, ast.Attribute):
        return fonction.attr
    if isinstance(fonction, ast.Name):
        return fonction.id
    return ""


def _nomme_le_champ(noeud: ast.AST) -> bool:
    """A literal naming the field: "etat", ["etat", …], {"etat": …}."""
    if isinstance(noeud, ast.Constant):
        return noeud.value == CHAMP
    if isinstance(noeud, ast.List | ast.Tuple | ast.Set):
        return any(_nomme_le_champ(e) for e in noeud.elts)
    if isinstance(noeud, ast.Dict):
        return any(k is not None and _nomme_le_champ(k) for k in noeud.keys)
    return False


def ecritures_de_etat(source: str) -> list[int]:
    """Line numbers of the writes of `etat` in `source`."""
    lignes = []
    for noeud in ast.walk(ast.parse(source)):
        if isinstance(noeud, ast.Assign | ast.AugAssign | ast.AnnAssign):
            cibles = noeud.targets if isinstance(noeud, ast.Assign) else [noeud.target]
            for cible in cibles:
                for element in ast.walk(cible):
                    if isinstance(element, ast.Attribute) and element.attr == CHAMP:
                        lignes.append(noeud.lineno)
        elif isinstance(noeud, ast.Call):
            nom = _nom(noeud.func)
            if nom in APPELS_ECRIVANT and any(k.arg == CHAMP for k in noeud.keywords):
                lignes.append(noeud.lineno)
            if nom == "setattr" and len(noeud.args) >= 2 and _nomme_le_champ(noeud.args[1]):
                lignes.append(noeud.lineno)
            if nom == "bulk_update" and any(
                _nomme_le_champ(a)
                for a in [*noeud.args[1:], *(k.value for k in noeud.keywords if k.arg == "fields")]
            ):
                lignes.append(noeud.lineno)
            if any(k.arg in LISTES_DE_CHAMPS and _nomme_le_champ(k.value) for k in noeud.keywords):
                lignes.append(noeud.lineno)
            if nom == "update" and any(
                k.arg is None and _nomme_le_champ(k.value) for k in noeud.keywords
            ):
                lignes.append(noeud.lineno)
        elif isinstance(noeud, ast.Constant) and isinstance(noeud.value, str):
            if SQL.search(noeud.value):
                lignes.append(noeud.lineno)
    return sorted(set(lignes))


def sources():
    for chemin in sorted(RACINE.rglob("*.py")):
        relatif = chemin.relative_to(RACINE)
        if not EXCLUS.intersection(relatif.parts):
            yield relatif


def test_only_the_transitions_module_writes_the_state():
    ecritures = {
        str(chemin): lignes
        for chemin in sources()
        if (lignes := ecritures_de_etat((RACINE / chemin).read_text()))
    }
    assert set(ecritures) == {SEUL_ECRIVAIN}, ecritures
    # …and there, once: the destination of the transition on the locked row.
    assert len(ecritures[SEUL_ECRIVAIN]) == 1


def test_the_scan_covers_the_apps():
    parcourus = {chemin.parts[0] for chemin in sources()}
    assert {"demandes", "instruction", "accounts", "anef", "bench"} <= parcourus
    assert not any("tests" in chemin.parts for chemin in sources())


@pytest.mark.parametrize(
    "source",
    [
        "demande.etat = 'deposee'",
        "self.demande.etat = vers",
        "a = demande.etat = 'x'",
        "Demande.objects.filter(pk=1).update(etat='cloturee')",
        "Demande.objects.update(**{'etat': 'cloturee'})",
        "Demande.objects.create(usager=u, etat='deposee')",
        "Demande(usager=u, etat='deposee').save()",
        "Demande.objects.update_or_create(pk=1, defaults={'etat': 'deposee'})",
        "demande.save(update_fields=['etat', 'modifiee_le'])",
        "Demande.objects.bulk_update(demandes, ['etat'])",
        "Demande.objects.bulk_update(demandes, fields=['etat'])",
        "setattr(demande, 'etat', 'deposee')",
        "cursor.execute('UPDATE demandes_demande SET etat = %s WHERE id = %s', [v, pk])",
    ],
)
def test_the_scan_finds_a_write(source):
    assert ecritures_de_etat(source) == [1]


@pytest.mark.parametrize(
    "source",
    [
        "Demande.objects.filter(etat='deposee')",
        "Demande.objects.exclude(etat=EtatDemande.CLOTUREE).count()",
        "Q(etat='brouillon') | Q(etat__in=ETATS)",
        "if demande.etat == 'deposee': pass",
        "etat = demande.etat",
        "class Demande(Model):\n    etat = models.CharField(max_length=20)",
        "perimetre(qs, user, etat=self.perimetre_etat)",
        "Demande.objects.values_list('etat', flat=True)",
        "Demande.objects.order_by('etat')",
        "cursor.execute('SELECT etat FROM demandes_demande WHERE id = %s', [pk])",
        "demande.save(update_fields=['agent'])",
        "models.Index(fields=['prefecture', 'etat'], name='file')",
    ],
)
def test_the_scan_ignores_reads_and_filters(source):
    assert ecritures_de_etat(source) == []
