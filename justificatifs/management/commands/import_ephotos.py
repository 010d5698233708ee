"""Import (or refresh) the local e-photo table from a CSV file (columns code;prise_le)."""

from django.utils.translation import gettext_lazy as _

from anef.csv_import import CsvImportCommand
from justificatifs.services import ephotos_importer


class Command(CsvImportCommand):
    help = _(
        "Importe les numéros ephoto depuis un fichier CSV (UTF-8, colonnes « code » et "
        "« prise_le », séparateur « ; » ou « , »). Réimporter le même fichier ne change rien ; "
        "les lignes rejetées sont listées avec leur numéro et leur motif."
    )
    importer = staticmethod(ephotos_importer)
