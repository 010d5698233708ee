"""The imports between the apps follow the graph declared in docs/architecture.md (« Allowed
dependencies »): no import outside it, at module level or inside a function, and the declared
graph has no cycle, so that no arrow runs back up."""

import ast
import re
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
APPS = (
    "accounts",
    "notifications",
    "demandes",
    "justificatifs",
    "instruction",
    "attestations",
    "anef",
)
DEBUT_GRAPHE = "<!-- dependances:debut -->"
FIN_GRAPHE = "<!-- dependances:fin -->"


def graphe_declare() -> dict[str, set[str]]:
    """`app ──► a, b` lines between the two markers of docs/architecture.md."""
    texte = (RACINE / "docs" / "architecture.md").read_text(encoding="utf-8")
    bloc = texte.split(DEBUT_GRAPHE, 1)[1].split(FIN_GRAPHE, 1)[0]
    graphe: dict[str, set[str]] = {app: set() for app in APPS}
    for ligne in bloc.splitlines():
        trouve = re.match(r"\s*(\w+)\s+──►\s+(.+)$", ligne)
        if trouve:
            graphe[trouve[1]] |= {cible.strip() for cible in trouve[2].split(",")}
    return graphe


def imports_entre_apps() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) → the places, every `import` statement counted."""
    aretes: dict[tuple[str, str], list[str]] = {}
    for app in APPS:
        for fichier in sorted((RACINE / app).rglob("*.py")):
            arbre = ast.parse(fichier.read_text(encoding="utf-8"), filename=str(fichier))
            for noeud in ast.walk(arbre):
                if isinstance(noeud, ast.Import):
                    modules = [alias.name for alias in noeud.names]
                elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
                    modules = [noeud.module]
                else:
                    continue
                for module in modules:
                    cible = module.split(".")[0]
                    if cible in APPS and cible != app:
                        lieu = f"{fichier.relative_to(RACINE)}:{noeud.lineno}"
                        aretes.setdefault((app, cible), []).append(lieu)
    return aretes


def cycle(graphe: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph (its apps in order), or None."""
    etat: dict[str, str] = {}

    def visiter(app: str, chemin: list[str]) -> list[str] | None:
        etat[app] = "en_cours"
        for cible in sorted(graphe.get(app, ())):
            if etat.get(cible) == "en_cours":
                return chemin[chemin.index(cible) :] + [cible]
            if cible not in etat and (trouve := visiter(cible, [*chemin, cible])):
                return trouve
        etat[app] = "fait"
        return None

    for app in sorted(graphe):
        if app not in etat and (trouve := visiter(app, [app])):
            return trouve
    return None


def test_the_declared_graph_names_only_the_apps_and_has_no_cycle():
    graphe = graphe_declare()
    assert any(graphe.values()), "no `app ──► …` line between the markers"
    assert set().union(*graphe.values()) <= set(APPS)
    assert cycle(graphe) is None


def test_every_import_between_apps_is_declared():
    graphe = graphe_declare()
    hors_graphe = {
        f"{source} → {cible}": lieux
        for (source, cible), lieux in imports_entre_apps().items()
        if cible not in graphe[source]
    }
    assert hors_graphe == {}


def test_an_import_inside_a_function_counts(tmp_path, monkeypatch):
    app = tmp_path / "accounts"
    app.mkdir()
    (app / "module.py").write_text("def f():\n    from instruction import roles\n")
    monkeypatch.setattr(f"{__name__}.RACINE", tmp_path)
    for autre in APPS:
        (tmp_path / autre).mkdir(exist_ok=True)
    assert imports_entre_apps() == {("accounts", "instruction"): ["accounts/module.py:2"]}


@pytest.mark.parametrize(
    ("graphe", "attendu"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ],
)
def test_a_cycle_is_found(graphe, attendu):
    assert cycle(graphe) == attendu
