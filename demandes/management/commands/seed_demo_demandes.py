"""Demo data for filing a request on the embedded default: e-photo codes and a few reference
addresses. Idempotent; run by `make run` after `seed_demo`."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demandes.adresses import normaliser
from demandes.models import Adresse
from justificatifs.models import EPhoto

ADRESSES = [
    ("18", "Rue de la Monnaie", "59000", "59350", "Lille"),
    ("1", "Place du Théâtre", "59000", "59350", "Lille"),
    ("12", "Rue Nationale", "59200", "59512", "Tourcoing"),
    ("18", "Rue des Pyrénées", "75020", "75120", "Paris"),
    ("5", "Avenue Jean Jaurès", "69007", "69387", "Lyon"),
    ("24", "Cours Victor Hugo", "33000", "33063", "Bordeaux"),
    ("3", "Rue de la République", "13001", "13201", "Marseille"),
    ("7", "Place du Capitole", "31000", "31555", "Toulouse"),
    ("9", "Rue de Boigne", "73000", "73065", "Chambéry"),
    ("40", "Avenue Jean Lolive", "93500", "93055", "Pantin"),
]
EPHOTOS = [f"DEMO{n:02d}PHOTO2026ANEF000" for n in range(1, 11)]


class Command(BaseCommand):
    help = "Crée les e-photos et adresses de démonstration du dépôt de demande."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true")

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.ANEF_DEMO or options["allow_production"]):
            raise CommandError(
                "seed_demo_demandes ne s'exécute qu'en démonstration (ANEF_DEMO=true) "
                "ou en mode DEBUG."
            )
        for numero, voie, code_postal, code_insee, commune in ADRESSES:
            adresse = Adresse(
                numero=numero,
                voie=voie,
                code_postal=code_postal,
                code_insee=code_insee,
                commune=commune,
            )
            Adresse.objects.get_or_create(
                recherche=normaliser(adresse.libelle),
                defaults={
                    "numero": numero,
                    "voie": voie,
                    "code_postal": code_postal,
                    "code_insee": code_insee,
                    "commune": commune,
                },
            )
        prise = timezone.localdate() - datetime.timedelta(days=7)
        utilisees = set()
        for code in EPHOTOS:
            ephoto, _created = EPhoto.objects.get_or_create(code=code, defaults={"prise_le": prise})
            if ephoto.demande_id is not None:
                utilisees.add(code)
            elif ephoto.prise_le != prise:
                EPhoto.objects.filter(pk=ephoto.pk).update(prise_le=prise)
        self.stdout.write("\nDépôt de demande (démonstration) :")
        self.stdout.write("  Numéros ephoto (chacun sert à une seule demande) :")
        for code in EPHOTOS:
            etat = "déjà utilisé par une demande" if code in utilisees else "libre"
            self.stdout.write(f"    {code}  {etat}")
        self.stdout.write(
            "  Adresses suggérées à l'étape 1 : tapez par exemple « 18 rue de la » "
            "(Lille, Paris, Lyon, Bordeaux, Marseille, Toulouse, Chambéry, Pantin)."
        )
