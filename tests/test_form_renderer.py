"""Issue 13: the form renderer writes Django's leaf widget templates in Python, byte for byte."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.utils.safestring import mark_safe

from anef.form_renderer import FastWidgetsTemplatesSetting
from demandes import wizard
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory

GROUPES = [
    ("", "---------"),
    ("Europe", [("fr", "France"), ("be", "Belgique <&> « Wallonie »")]),
    ("ma", "Maroc"),
    (3, 1234567),
]


class Tout(forms.Form):
    texte = forms.CharField(
        widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>', "data-x": True, "off": False})
    )
    courriel = forms.EmailField()
    nombre = forms.IntegerField()
    cache = forms.CharField(widget=forms.HiddenInput)
    case = forms.BooleanField(required=False)
    jour = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    mot_de_passe = forms.CharField(widget=forms.PasswordInput(render_value=True))
    liste = forms.ChoiceField(choices=GROUPES)
    plusieurs = forms.MultipleChoiceField(choices=GROUPES)
    oui_non = forms.NullBooleanField()
    fichier = forms.FileField(required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    # django-dsfr's marker, which the project's attrs.html leaves out (RGAA 8.2).
    marque = forms.CharField(widget=forms.TextInput(attrs={"dsfr": "dsfr"}))


VALEURS = {
    "texte": 'l\'<école> & "co"',
    "courriel": "a@b.fr",
    "nombre": "12",
    "cache": mark_safe("<sûr>"),
    "case": "on",
    "jour": datetime.date(2026, 1, 2),
    "mot_de_passe": "x<y",
    "liste": "be",
    "plusieurs": ["fr", "3"],
    "oui_non": "true",
}


def rendu(form_class, renderer, **kwargs):
    form = form_class(renderer=renderer, **kwargs)
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize("kwargs", [{}, {"data": VALEURS}, {"initial": VALEURS}])
def test_every_widget_is_written_as_django_templates_write_it(kwargs):
    attendu = rendu(Tout, TemplatesSetting(), **kwargs)
    obtenu = rendu(Tout, FastWidgetsTemplatesSetting(), **kwargs)
    assert obtenu == attendu
    assert "<option" in obtenu["liste"] and "<optgroup" in obtenu["liste"]
    assert "dsfr" not in obtenu["marque"]


def test_the_production_renderer_is_the_fast_one():
    assert isinstance(get_default_renderer(), FastWidgetsTemplatesSetting)
    assert FastWidgetsTemplatesSetting().widgets_are_django_own


@pytest.mark.django_db
@pytest.mark.parametrize("donnees", [None, {}, parcours.MOTIF_ETUDIANT])
def test_a_whole_step_form_renders_the_same(donnees):
    demande = DemandeFactory()
    motif = wizard.motif_de(demande)
    etape = motif.etape("motif")

    def html(renderer):
        form = etape.form(
            donnees, initial={}, saisie=wizard.saisie_de(demande), motif=motif, demande=demande
        )
        form.renderer = renderer
        return form.render()

    assert html(FastWidgetsTemplatesSetting()) == html(TemplatesSetting())
