import phonenumbers
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm
from phonenumber_field.formfields import PhoneNumberField


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


# Fields several apps' forms share.


class DateSelectsWidget(forms.SelectDateWidget):
    """Jour / Mois / Année selects, each with its own label (as the real service shows)."""

    template_name = "includes/date_selects.html"
    group_class = "fr-fieldset"
    labels = {"day": _("Jour"), "month": _("Mois"), "year": _("Année")}

    def __init__(self, **kwargs):
        today = timezone.localdate()
        super().__init__(
            years=range(today.year + 11, today.year - 30, -1),
            empty_label=("—", "—", "—"),
            **kwargs,
        )

    # Day, month, year in every language: the service and its documents are French, and an
    # English page switching to month/day/year would invite a swapped date.
    @staticmethod
    def _parse_date_fmt():
        return iter(("day", "month", "year"))

    # Always offer the empty "—" choice, even for a required date: a pre-selected date would
    # let a careless submit send a wrong date instead of asking for one.
    @property
    def is_required(self):
        return False

    @is_required.setter
    def is_required(self, value):
        pass

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for sub in context["widget"]["subwidgets"]:
            part = sub["name"].rsplit("_", 1)[-1]
            sub["label"] = self.labels[part]
            sub["attrs"]["class"] = "fr-select"
        return context


class DateField(forms.DateField):
    template_name = "includes/date_fieldset.html"
    widget = DateSelectsWidget
    default_error_messages = {"invalid": _("Saisissez une date complète et valide.")}


class TelephonePortableField(PhoneNumberField):
    """A mobile number, French by default (06 / 07, or +33 6 / 7; other countries with their
    prefix): the applicant's SMS contact."""

    default_error_messages = {
        "invalid": _(
            "Saisissez un numéro de téléphone portable valide, par exemple 06 12 34 56 78."
        ),
        "pas_portable": _("Saisissez un numéro de téléphone portable (06 ou 07)."),
    }

    def __init__(self, *, label=None, region="FR", **kwargs):
        super().__init__(label=label or _("Téléphone portable"), region=region, **kwargs)

    def validate(self, value):
        super().validate(value)
        # An invalid number is left to the field's validators (« … valide »), which run next.
        if value in self.empty_values or not value.is_valid():
            return
        if phonenumbers.number_type(value) not in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            raise forms.ValidationError(self.error_messages["pas_portable"], code="pas_portable")
