"""Import (or refresh) the local e-photo table from a CSV file (columns code;prise_le)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from justificatifs.services import ephotos_importer


class Command(BaseCommand):
    help = _(
        "Importe les numéros ephoto depuis un fichier CSV (UTF-8, colonnes « code » et "
        "« prise_le », séparateur « ; » ou « , »). Réimporter le même fichier ne change rien ; "
        "les lignes rejetées sont listées avec leur numéro et leur motif."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help=_("chemin du fichier CSV"))

    def handle(self, *args, fichier, **options):
        try:
            with open(fichier, encoding="utf-8-sig", newline="") as lignes:
                report = ephotos_importer(lignes=lignes)
        except OSError as exc:
            raise CommandError(
                _("Impossible de lire le fichier « %(fichier)s » (%(erreur)s).")
                % {"fichier": fichier, "erreur": exc.strerror}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("Impossible de lire le fichier : encodage UTF-8 attendu.")
            ) from exc
        except ValueError as exc:
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
