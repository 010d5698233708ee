"""`manage.py create_agent --prefecture 59 --role instructeur --email e@x.fr [--nom --prenom]`:
an agent's account, and the single-use enrolment link (24 h) to hand over to them."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.models import Prefecture
from instruction import agents
from instruction.roles import ROLES


class Command(BaseCommand):
    help = _("Crée un agent de préfecture et affiche son lien d'activation (24 h, usage unique).")

    def add_arguments(self, parser):
        parser.add_argument("--prefecture", required=True, help=_("Code de la préfecture."))
        parser.add_argument("--role", required=True, choices=sorted(ROLES), help=_("Rôle."))
        parser.add_argument("--email", required=True, help=_("Adresse email (identifiant)."))
        parser.add_argument("--nom", default="")
        parser.add_argument("--prenom", default="")

    def handle(self, *args, **options):
        prefecture = Prefecture.objects.filter(code=options["prefecture"]).first()
        if prefecture is None:
            raise CommandError(
                _("Préfecture inconnue : %(code)s.") % {"code": options["prefecture"]}
            )
        try:
            validate_email(options["email"].strip())
        except ValidationError as exc:
            raise CommandError(_("Adresse email invalide.")) from exc
        try:
            agent = agents.agent_creer(
                prefecture=prefecture,
                role=ROLES[options["role"]],
                email=options["email"],
                nom=options["nom"],
                prenom=options["prenom"],
                par=None,
            )
        except agents.AgentError as refus:
            raise CommandError(str(refus)) from refus
        self.stdout.write(
            _("Agent créé : %(identifiant)s (%(role)s, %(prefecture)s).")
            % {
                "identifiant": agent.identifiant,
                "role": ROLES[options["role"]].libelle,
                "prefecture": prefecture.nom,
            }
        )
        self.stdout.write(_("Lien d'activation (valable 24 heures, utilisable une fois) :"))
        self.stdout.write(agents.lien_enrolement(agent))
