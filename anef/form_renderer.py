"""The form renderer: Django's TemplatesSetting, with the leaf widget templates rendered in
Python.

A step form renders a few hundred tiny templates (`select_option.html` and `attrs.html` once
per option of every list, `input.html` per field): through the template
engine each costs a context push, an include lookup and a node walk, and together they made
most of a wizard step's time (docs/benchmarks.md). The functions below write exactly what
Django's own templates write, byte for byte. They only stand in for a template that still
resolves to Django's file — or, for `attrs.html`, to the project's own copy, which is Django's
without django-dsfr's invalid `dsfr` marker (RGAA 8.2) and is written here the same way: any
other override of one of these names (django-dsfr overrides the radio and checkbox options, left
to their templates) turns the shortcut off.
"""

from pathlib import Path

import django
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString

DJANGO_WIDGETS = Path(django.__file__).resolve().parent / "forms" / "templates"
WIDGETS = "django/forms/widgets/"
# Django's templates that are nothing but `{% include "django/forms/widgets/input.html" %}`.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox color date datetime email file hidden number password search tel text "
        "time url input"
    ).split()
}
OPTION_OF_SELECT = f"{WIDGETS}select_option.html"
SELECT = f"{WIDGETS}select.html"
ATTRS = f"{WIDGETS}attrs.html"
PROJECT_ATTRS = Path(__file__).resolve().parent.parent / "templates" / ATTRS
# django-dsfr marks radio and checkbox groups with attrs["dsfr"] for its option templates; it is
# not an HTML attribute, and the project's attrs.html leaves it out.
NOT_HTML = {"dsfr"}


def variable(value) -> str:
    """`{{ value }}` with autoescape on (no dates here: widget names, ids and labels)."""
    return conditional_escape(localize(value))


def stringformat(value) -> str:
    """`{{ value|stringformat:'s' }}`: `%s`, kept as it is when it was marked safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else escape(text)


def attrs(widget: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in widget["attrs"].items():
        if value is False or name in NOT_HTML:
            continue
        parts.append(f" {variable(name)}")
        if value is not True:
            parts.append(f'="{stringformat(value)}"')
    return "".join(parts)


def input_tag(widget: dict) -> str:
    """django/forms/widgets/input.html."""
    value = widget["value"]
    shown = "" if value is None else f' value="{stringformat(value)}"'
    return (
        f'<input type="{variable(widget["type"])}" name="{variable(widget["name"])}"'
        f"{shown}{attrs(widget)}>"
    )


def select_option(option: dict) -> str:
    """django/forms/widgets/select_option.html, with the file's final newline (the renderer
    strips only the outer template's)."""
    return (
        f'<option value="{stringformat(option["value"])}"{attrs(option)}>'
        f"{variable(option['label'])}</option>\n"
    )


def select(widget: dict) -> str | None:
    """django/forms/widgets/select.html; None when an option has a template of its own."""
    parts = [f'<select name="{variable(widget["name"])}"{attrs(widget)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{variable(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION_OF_SELECT:
                return None
            parts.append(f"\n  {select_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def leaf(template_name: str, widget: dict) -> str | None:
    if template_name in INPUTS:
        return input_tag(widget)
    if template_name == SELECT:
        return select(widget)
    return None


class FastWidgetsTemplatesSetting(TemplatesSetting):
    """TemplatesSetting (FORM_RENDERER) with Django's leaf widget templates in Python."""

    @cached_property
    def widgets_are_django_own(self) -> bool:
        """Whether the engine resolves every template written here to Django's file."""
        names = INPUTS | {SELECT, OPTION_OF_SELECT, ATTRS}
        origins = {name: Path(self.get_template(name).origin.name).resolve() for name in names}
        return all(
            origin.is_relative_to(DJANGO_WIDGETS) or (name == ATTRS and origin == PROJECT_ATTRS)
            for name, origin in origins.items()
        )

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if request is None else None
        if (
            isinstance(widget, dict)
            and template_name.startswith(WIDGETS)
            and self.widgets_are_django_own
        ):
            html = leaf(template_name, widget)
            if html is not None:
                return SafeString(html)
        return super().render(template_name, context, request)
