"""Print the state diagram of a request (Mermaid), generated from the transition table of
`demandes.etats`; with `--page`, rewrite the ```mermaid block of that Markdown page instead
(docs/instruction.md, which a test keeps equal to the table)."""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demandes.etats import diagramme_mermaid

BLOC = re.compile(r"```mermaid\n.*?```", re.DOTALL)


class Command(BaseCommand):
    help = "Affiche le diagramme des états d'une demande (Mermaid), généré depuis la table."

    def add_arguments(self, parser):
        parser.add_argument(
            "--page",
            help="Page Markdown dont le bloc ```mermaid est remplacé (ex. docs/instruction.md).",
        )

    def handle(self, *args, **options):
        diagramme = diagramme_mermaid()
        if not options["page"]:
            self.stdout.write(diagramme, ending="")
            return
        page = Path(options["page"])
        texte = page.read_text(encoding="utf-8")
        if len(BLOC.findall(texte)) != 1:
            raise CommandError(f"{page} doit contenir exactement un bloc ```mermaid.")
        page.write_text(BLOC.sub(lambda _m: f"```mermaid\n{diagramme}```", texte), encoding="utf-8")
        self.stdout.write(f"{page} : diagramme mis à jour.")
