from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models.user import User, UserManager


class AgentManager(UserManager):
    use_in_migrations = False

    def get_queryset(self):
        return super().get_queryset().filter(is_staff=True, is_superuser=False)


class Agent(User):
    """The agents of a prefecture as an administrateur local manages them (`instruction.agents`):
    the same rows as `User`, under their own back-office page and permission
    (`accounts.gerer_agents`)."""

    objects = AgentManager()

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = _("agent")
        verbose_name_plural = _("agents de la préfecture")


class NatureActeAgent(models.TextChoices):
    CREATION = "creation", _("Création du compte")
    DESACTIVATION = "desactivation", _("Désactivation du compte")
    REINITIALISATION_SECOND_FACTEUR = (
        "reinitialisation_second_facteur",
        _("Réinitialisation du second facteur"),
    )


class ActeAgent(models.Model):
    """What was done to an agent's account, and by whom: the audit of agent management (the
    account's fields are in its simple-history too; a second-factor reset changes no field)."""

    agent = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="actes_subis", verbose_name=_("agent")
    )
    nature = models.CharField(_("acte"), max_length=40, choices=NatureActeAgent.choices)
    # None: done from the command line (`manage.py create_agent`).
    par = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    le = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("acte de gestion d'un agent")
        verbose_name_plural = _("actes de gestion des agents")
        ordering = ["-le", "-pk"]

    def __str__(self):
        return f"{self.get_nature_display()} — {self.agent}"
