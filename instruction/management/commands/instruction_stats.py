"""Figures of the instruction: deposited requests per state and per motif, and the time from
deposit to decision (median, 80th percentile) per prefecture and motif."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Prefecture
from demandes import catalogue
from demandes.etats import EtatDemande
from instruction import statistiques


def _jours(valeur: float) -> str:
    return f"{valeur:.1f}".replace(".", ",")


def _motif(code: str) -> str:
    try:
        return f"{catalogue.motif(code).libelle} ({code})"
    except KeyError:
        return code


class Command(BaseCommand):
    help = (
        "Statistiques de l'instruction : demandes par état et par motif, délai entre le dépôt "
        "et la décision (médiane, 80e centile) par préfecture et motif."
    )

    def add_arguments(self, parser):
        parser.add_argument("--prefecture", help="Code de la préfecture (ex. 59).")

    def handle(self, *args, **options):
        prefecture = None
        if code := options["prefecture"]:
            prefecture = Prefecture.objects.filter(code=code).first()
            if prefecture is None:
                raise CommandError(f"Aucune préfecture de code « {code} ».")
        ecrire = self.stdout.write
        par_etat = statistiques.comptes_par_etat(prefecture)
        perimetre = prefecture.nom if prefecture else "toutes les préfectures"
        ecrire(f"Demandes déposées ({perimetre}) : {sum(par_etat.values())}")
        ecrire("")
        ecrire("Par état :")
        etats = [e for e in EtatDemande if e != EtatDemande.BROUILLON]
        largeur = max(len(str(e.label)) for e in etats)
        for etat in etats:
            ecrire(f"  {str(etat.label):<{largeur}}  {par_etat.get(etat, 0):>8}")
        ecrire("")
        ecrire("Par motif :")
        for motif, n in statistiques.comptes_par_motif(prefecture).items():
            ecrire(f"  {_motif(motif)} : {n}")
        ecrire("")
        ecrire("Délai entre le dépôt et la décision, en jours (préfecture, motif) :")
        delais = statistiques.delais_de_decision(prefecture)
        if not delais:
            ecrire("  Aucune décision signée.")
        for d in delais:
            ecrire(
                f"  {d.prefecture} {d.prefecture_nom}, {_motif(d.motif)} : {d.decisions} "
                f"décision(s), médiane {_jours(d.mediane)}, 80e centile {_jours(d.centile_80)}"
            )
