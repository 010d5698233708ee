from django import forms
from dsfr.forms import DsfrBaseForm


class AnefForm(DsfrBaseForm):
    """django-dsfr's form. Required fields carry the « * » of the seeds (« Les champs marqués
    d'un * sont obligatoires »); django-dsfr's own get_context only adds a deprecation warning
    about that choice, so it is skipped."""

    def get_context(self) -> dict:
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = False
        return context

    def bloc_de(self, name: str) -> str | None:
        """The block (section) holding a field, named in the error summary; none by default."""
        return None

    def resume_erreurs(self) -> list[tuple[str, str, str]]:
        """The error summary's entries: (anchor, « Block — Label », message). A label ending
        with « : » (a question leading to its options) loses it, so no entry reads « : : »."""
        entrees = []
        for field in self:
            if not field.errors:
                continue
            libelle = str(field.label or "").strip().rstrip(":").strip()
            bloc = self.bloc_de(field.name)
            if bloc:
                libelle = f"{bloc} — {libelle}"
            ancre = field.id_for_label or field.auto_id
            entrees += [(ancre, libelle, str(error)) for error in field.errors]
        return entrees
