"""The shared shape of the CSV import commands (registry, e-photos): read the file, call the
app's import service, print the counts and each rejected line (line number and reason only:
never the holder's data)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class CsvImportCommand(BaseCommand):
    # Set by each command: the service taking `lignes=` and returning a report with created,
    # updated, unchanged and rejected [(line number, reason)].
    importer = None
    # The service's "this file cannot be imported at all" exceptions.
    fichier_invalide: tuple[type[Exception], ...] = ()

    def add_arguments(self, parser):
        parser.add_argument("fichier", help=_("chemin du fichier CSV"))

    def handle(self, *args, fichier, **options):
        try:
            with open(fichier, encoding="utf-8-sig", newline="") as lignes:
                report = self.importer(lignes=lignes)
        except OSError as exc:
            raise CommandError(
                _("Impossible de lire le fichier « %(fichier)s » (%(erreur)s).")
                % {"fichier": fichier, "erreur": exc.strerror}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("Impossible de lire le fichier : encodage UTF-8 attendu.")
            ) from exc
        except self.fichier_invalide as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(
            _(
                "%(crees)s créé(s), %(maj)s mis à jour, %(inchanges)s inchangé(s), "
                "%(rejets)s rejeté(s)"
            )
            % {
                "crees": report.created,
                "maj": report.updated,
                "inchanges": report.unchanged,
                "rejets": len(report.rejected),
            }
        )
        for numero_ligne, raison in report.rejected:
            self.stderr.write(
                _("ligne %(ligne)s : %(raison)s") % {"ligne": numero_ligne, "raison": raison}
            )
