from django import forms
from dsfr.forms import DsfrBaseForm


def ancre_de(field) -> str:
    """The id of the control an error-summary link must focus: a radio or checkbox group has
    no element of its own id (its fieldset is not focusable), so the link goes to its first
    option."""
    if isinstance(field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


class AnefForm(DsfrBaseForm):
    """django-dsfr's form. Required fields carry the service's « * » (« Les champs marqués
    d'un * sont obligatoires »); django-dsfr's own get_context only adds a deprecation warning
    about that choice, so it is skipped."""

    # Field name -> HTML autocomplete token (RGAA 11.13: fields about the user say their purpose).
    autocomplete: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, token in self.autocomplete.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token

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
            ancre = ancre_de(field)
            entrees += [(ancre, libelle, str(error)) for error in field.errors]
        return entrees
