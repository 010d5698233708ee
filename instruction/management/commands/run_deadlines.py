from django.core.management.base import BaseCommand

from instruction import echeances


class Command(BaseCommand):
    help = (
        "Clôture les demandes dont le complément n'a pas été fourni dans les 30 jours et envoie "
        "les rappels de complément (le même traitement que la tâche planifiée)."
    )

    def handle(self, *args, **options):
        bilan = echeances.echeances_traiter()
        self.stdout.write(
            f"clotures={bilan.clotures} rappels_non_lus={bilan.rappels_non_lus} "
            f"rappels_echeance={bilan.rappels_echeance}"
        )
