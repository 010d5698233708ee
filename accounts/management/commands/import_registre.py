"""Import (or refresh) the registry of issued documents from a CSV export."""

from django.utils.translation import gettext_lazy as _

from accounts.registre_csv import registre_importer
from anef.csv_import import CsvImportCommand


class Command(CsvImportCommand):
    help = _(
        "Importe le registre des documents délivrés depuis un fichier CSV (UTF-8, séparateur "
        "« ; » ou « , »). Les lignes rejetées sont listées avec leur numéro et leur motif."
    )
    importer = staticmethod(registre_importer)
