"""The form renderer: Django's TemplatesSetting, with the templates a form renders for each
field, each option and each radio button written in Python (anef.widget_html: Django's leaf
widgets and django-dsfr's radio option; anef.field_groups: the DSFR field groups and error
lists). Through the template engine those few hundred tiny templates were most of a wizard
step's time (docs/benchmarks.md).

Each Python writing stands in for a template only while the engine finds that template with
the very source it was written from (SOURCES: the first 16 hex digits of the sha-256 of its
source): an edited template, a new override or another version of Django or django-dsfr turns
that shortcut off, the template renders as usual, and tests/test_form_renderer.py fails until
the writing and its digest are brought up to date.
"""

import hashlib

from django.forms import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from anef import field_groups, widget_html
from anef.widget_html import ATTRS, INPUTS, OPTION_OF_SELECT, RADIO_OPTION, SELECT

INPUT = "django/forms/widgets/input.html"
ERROR_LIST = "django/forms/errors/list/default.html"
ERROR_LIST_UL = "django/forms/errors/list/ul.html"
INCLUDES_INPUT = "7d7a5bc4ccc075bb"  # `{% include "django/forms/widgets/input.html" %}`

# The source each writing was made from: Django's widgets and error list, the project's
# attrs.html and field snippets (templates/), django-dsfr's radio option and error list items.
SOURCES = {
    **{name: INCLUDES_INPUT for name in INPUTS - {INPUT}},
    INPUT: "770cf3acba1c18b6",
    ATTRS: "2d0e9500808b27df",
    SELECT: "ed4d11ce3784486f",
    OPTION_OF_SELECT: "37fa6c7742580aa3",
    RADIO_OPTION: "53ddc35ed88addc7",
    ERROR_LIST: "2a6c759f0af3438f",
    ERROR_LIST_UL: "544aed696bc692b2",
    "dsfr/form_field_snippets/input_snippet.html": "4a3d6d462f59a64a",
    "dsfr/form_field_snippets/checkbox_snippet.html": "74da4510185fb1b1",
    "dsfr/form_field_snippets/radioselect_snippet.html": "6c1f98d55f8d13bf",
}
# Each template written in Python, with every template its writing stands in for (its
# includes); a field group's control and errors go through the renderer again on their own.
STANDS_IN_FOR = {
    **{name: {name, INPUT, ATTRS} for name in INPUTS},
    SELECT: {SELECT, OPTION_OF_SELECT, ATTRS},
    RADIO_OPTION: {RADIO_OPTION, INPUT, ATTRS},
    ERROR_LIST: {ERROR_LIST, ERROR_LIST_UL},
    ERROR_LIST_UL: {ERROR_LIST_UL},
    **{name: {name} for name in field_groups.SNIPPETS},
}


def digest(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _write(template_name: str, context) -> str | None:
    if template_name in field_groups.SNIPPETS:
        field = context.get("field")
        if isinstance(field, BoundField):
            return field_groups.SNIPPETS[template_name](field)
        return None
    if template_name in (ERROR_LIST, ERROR_LIST_UL):
        if "errors" in context and "error_class" in context:
            return field_groups.error_list(context["errors"], context["error_class"])
        return None
    widget = context.get("widget")
    return widget_html.leaf(template_name, widget) if isinstance(widget, dict) else None


class FastWidgetsTemplatesSetting(TemplatesSetting):
    """TemplatesSetting (FORM_RENDERER) with the form templates of SOURCES in Python."""

    def source_digests(self) -> dict[str, str]:
        return {name: digest(self.get_template(name).template.source) for name in SOURCES}

    @cached_property
    def written_in_python(self) -> frozenset[str]:
        """The templates this renderer writes itself: those whose sources are unchanged."""
        found = self.source_digests()
        same = {name for name, expected in SOURCES.items() if found[name] == expected}
        return frozenset(name for name, needs in STANDS_IN_FOR.items() if needs <= same)

    def render(self, template_name, context, request=None):
        if request is None and template_name in self.written_in_python:
            html = _write(template_name, context)
            if html is not None:
                return SafeString(html)
        return super().render(template_name, context, request)
