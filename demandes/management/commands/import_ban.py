"""Import (or complete) the reference addresses from a Base Adresse Nationale CSV extract."""

from django.utils.translation import gettext_lazy as _

from anef.csv_import import CsvImportCommand
from demandes.adresses import adresses_importer


class Command(CsvImportCommand):
    help = _(
        "Importe un extrait CSV de la Base Adresse Nationale (suggestions d'adresse ; UTF-8, "
        "séparateur « ; » ou « , »). Réimporter le même fichier ne change rien ; les lignes "
        "rejetées sont listées avec leur numéro et leur motif."
    )
    importer = staticmethod(adresses_importer)
