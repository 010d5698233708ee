"""The figures of `manage.py instruction_stats`: requests per state and motif, time from deposit
to decision."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count

from accounts.models import Prefecture
from demandes.etats import EtatDemande
from demandes.models import Demande

CENTILES = (0.5, 0.8)


@dataclass(frozen=True)
class DelaiDecision:
    """Time from deposit to decision (days) of one prefecture's decided requests of a motif."""

    prefecture: str  # code
    prefecture_nom: str
    motif: str
    decisions: int
    mediane: float
    centile_80: float


def deposees(prefecture: Prefecture | None = None):
    demandes = Demande.objects.exclude(etat=EtatDemande.BROUILLON)
    return demandes.filter(prefecture=prefecture) if prefecture else demandes


def comptes_par_etat(prefecture: Prefecture | None = None) -> dict[str, int]:
    lignes = deposees(prefecture).values("etat").annotate(n=Count("pk")).order_by()
    return {ligne["etat"]: ligne["n"] for ligne in lignes}


def comptes_par_motif(prefecture: Prefecture | None = None) -> dict[str, int]:
    lignes = deposees(prefecture).values("motif").annotate(n=Count("pk")).order_by("motif")
    return {ligne["motif"]: ligne["n"] for ligne in lignes}


def delais_de_decision(prefecture: Prefecture | None = None) -> list[DelaiDecision]:
    """Median and 80th percentile (continuous, as PostgreSQL's `percentile_cont`) of the days
    between `deposee_le` and `decision_le`, per prefecture and motif, over signed decisions."""
    if connection.vendor == "postgresql":
        return _delais_sql(prefecture)
    return _delais_python(prefecture)


def _delais_sql(prefecture: Prefecture | None) -> list[DelaiDecision]:
    demande = Demande._meta.db_table
    table_prefecture = Prefecture._meta.db_table
    duree = "EXTRACT(EPOCH FROM (d.decision_le - d.deposee_le)) / 86400.0"
    filtre, parametres = ("AND d.prefecture_id = %s", [prefecture.pk]) if prefecture else ("", [])
    # Table names come from the models; values go as parameters.
    sql = f"""
        SELECT p.code, p.nom, d.motif, COUNT(*),
               percentile_cont(%s) WITHIN GROUP (ORDER BY {duree}),
               percentile_cont(%s) WITHIN GROUP (ORDER BY {duree})
        FROM {demande} d JOIN {table_prefecture} p ON p.id = d.prefecture_id
        WHERE d.decision_le IS NOT NULL AND d.deposee_le IS NOT NULL {filtre}
        GROUP BY p.code, p.nom, d.motif
        ORDER BY p.code, d.motif
    """
    with connection.cursor() as curseur:
        curseur.execute(sql, [*CENTILES, *parametres])
        return [
            DelaiDecision(code, nom, motif, n, float(mediane), float(centile))
            for code, nom, motif, n, mediane, centile in curseur.fetchall()
        ]


def _delais_python(prefecture: Prefecture | None) -> list[DelaiDecision]:
    lignes = (
        deposees(prefecture)
        .filter(decision_le__isnull=False)
        .values_list("prefecture__code", "prefecture__nom", "motif", "deposee_le", "decision_le")
        .order_by("prefecture__code", "motif")
    )
    groupes: dict[tuple, list[float]] = {}
    for code, nom, motif, deposee_le, decision_le in lignes:
        jours = (decision_le - deposee_le).total_seconds() / 86400
        groupes.setdefault((code, nom, motif), []).append(jours)
    return [
        DelaiDecision(code, nom, motif, len(jours), *(centile(jours, p) for p in CENTILES))
        for (code, nom, motif), jours in groupes.items()
    ]


def centile(valeurs: list[float], p: float) -> float:
    """Continuous percentile with linear interpolation (PostgreSQL's `percentile_cont`)."""
    valeurs = sorted(valeurs)
    position = p * (len(valeurs) - 1)
    bas = int(position)
    haut = min(bas + 1, len(valeurs) - 1)
    return valeurs[bas] + (valeurs[haut] - valeurs[bas]) * (position - bas)
