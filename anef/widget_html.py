"""Django's leaf widget templates written in Python, byte for byte: `input.html` (and the
templates that only include it), `select.html` with its options, `attrs.html` (the project's
copy, without django-dsfr's `dsfr` marker), and django-dsfr's `radio_option.html`. A step form
renders a few hundred of these tiny templates (one per option of every list, one per radio
button): through the template engine each costs a context push, an include lookup and a node
walk (docs/benchmarks.md). anef.form_renderer uses them only while each template's source is
the one they were written from.
"""

import html
from collections.abc import Mapping

from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

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
RADIO_OPTION = f"{WIDGETS}radio_option.html"
# django-dsfr marks radio and checkbox groups with attrs["dsfr"] for its option templates; it is
# not an HTML attribute, and the project's attrs.html leaves it out.
NOT_HTML = {"dsfr"}


def variable(value) -> str:
    """`{{ value }}` with autoescape on (no dates here: widget names, ids and labels)."""
    if type(value) is str:
        # Django's escape() is html.escape() behind a lazy-argument check and a SafeString:
        # the same text, for the few hundred plain strings of a step.
        return html.escape(value)
    return conditional_escape(localize(value))


def stringformat(value) -> str:
    """`{{ value|stringformat:'s' }}`: `%s`, kept as it is when it was marked safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else html.escape(text)


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


def radio_option(widget: dict) -> str | None:
    """django-dsfr's django/forms/widgets/radio_option.html: the radio button, then its label.
    Its include of input.html keeps that file's final newline. None for a label that is not
    text (django-dsfr's rich label: a mapping with a label and a help text)."""
    label = widget["label"]
    if not isinstance(label, str | Promise) or isinstance(label, Mapping):
        return None
    wrapped = ""
    if widget.get("wrap_label"):
        id_ = widget["attrs"].get("id")
        for_id = f'for="{variable(id_)}"' if id_ else ""
        wrapped = (
            f'\n    <label class="fr-label"\n           {for_id}>\n      '
            f"\n        {variable(label)}\n      \n    </label>\n  "
        )
    return f'<div class="fr-radio-group">\n  {input_tag(widget)}\n\n  {wrapped}\n</div>'


def leaf(template_name: str, widget: dict) -> str | None:
    if template_name in INPUTS:
        return input_tag(widget)
    if template_name == SELECT:
        return select(widget)
    if template_name == RADIO_OPTION:
        return radio_option(widget)
    return None
