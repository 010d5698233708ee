"""`manage.py attestations_keys`: create the development 2D-DOC key pair (authority ZZ00) at
ATTESTATIONS_CLE_PRIVEE and print its public key and publication URL."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from attestations import cles, deuxddoc


class Command(BaseCommand):
    help = "Crée la clé de développement 2D-DOC (autorité ZZ00) et affiche sa clé publique."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="remplace une clé existante (dév. uniquement)"
        )

    def handle(self, *args, force=False, **options):
        autorite = settings.ATTESTATIONS_AUTORITE
        if autorite != cles.AUTORITE_DEV:
            raise CommandError(
                f"Autorité {autorite} : sa clé est fournie par son certificat, cette commande ne "
                f"crée que la clé de développement ({cles.AUTORITE_DEV})."
            )
        chemin = Path(settings.ATTESTATIONS_CLE_PRIVEE)
        cree = cles.cle_dev_creer(chemin, ecraser=force)
        self.stdout.write(
            f"Clé {'créée' if cree else 'existante conservée'} : {chemin}"
            + ("" if cree else " (--force pour la remplacer)")
        )
        signataire = cles.signataire()
        url = reverse(
            "attestations:cle_publique",
            kwargs={"autorite": signataire.autorite, "certificat": signataire.certificat},
        )
        self.stdout.write(f"Publiée à : {settings.SITE_URL.rstrip('/')}{url}")
        self.stdout.write(deuxddoc.public_key_to_pem(signataire.cle.public_key()).decode())
