from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demandes.adresses import importer_ban


class Command(BaseCommand):
    help = "Importe un extrait CSV de la Base Adresse Nationale (suggestions d'adresse)."

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)

    def handle(self, *args, fichier: Path, **options):
        try:
            with fichier.open(encoding="utf-8-sig", newline="") as lignes:
                importees, ignorees = importer_ban(lignes)
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Lecture impossible : {exc}") from exc
        self.stdout.write(f"{importees} adresse(s) importée(s), {ignorees} ligne(s) ignorée(s)")
