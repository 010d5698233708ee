from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models.registre import DocumentSejour


class Inscription(models.Model):
    """An account creation between the registry check and the password (the e-mailed link)."""

    document = models.ForeignKey(
        DocumentSejour,
        on_delete=models.CASCADE,
        related_name="inscriptions",
        verbose_name=_("document"),
    )
    email = models.EmailField(_("adresse email"))
    cree_le = models.DateTimeField(_("demandée le"), auto_now_add=True)
    terminee_le = models.DateTimeField(_("terminée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription en cours")
        verbose_name_plural = _("inscriptions en cours")

    def __str__(self):
        return f"Inscription {self.pk}"
