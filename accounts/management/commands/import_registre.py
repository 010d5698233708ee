"""Import (or refresh) the registry of issued documents from a CSV export."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.registre_csv import RegistreFichierInvalide, registre_importer


class Command(BaseCommand):
    help = _(
        "Importe le registre des documents délivrés depuis un fichier CSV (UTF-8, séparateur "
        "« ; » ou « , »). Les lignes rejetées sont listées avec leur numéro et leur motif."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help=_("chemin du fichier CSV"))

    def handle(self, *args, fichier, **options):
        try:
            with open(fichier, encoding="utf-8-sig", newline="") as lignes:
                report = registre_importer(lignes=lignes)
        except OSError as exc:
            raise CommandError(
                _("Impossible de lire le fichier « %(fichier)s » (%(erreur)s).")
                % {"fichier": fichier, "erreur": exc.strerror}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("Impossible de lire le fichier : encodage UTF-8 attendu.")
            ) from exc
        except RegistreFichierInvalide as exc:
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
