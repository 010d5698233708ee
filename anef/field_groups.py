"""The DSFR field groups of the project's forms written in Python: the label or legend with its
required star and hint, the control(s), the error messages and every attribute tying them
together (aria-describedby, aria-labelledby, the error ids). Each function writes exactly what
its template writes — the project's `templates/dsfr/form_field_snippets/` and django-dsfr's
error list — byte for byte, whitespace included: a wizard step renders one such template per
field, and through the template engine they were most of the step's time
(docs/benchmarks.md). anef.form_renderer uses them only while each template's source is the one
they were written from.
"""

from django.forms import BoundField
from dsfr.utils import dsfr_input_class_attr

from anef.widget_html import variable

REQUIRED_STAR = '<span class="fr-required-marker" aria-hidden="true"> *</span>'


def _star(field: BoundField) -> str:
    champ = field.field
    return (
        REQUIRED_STAR if champ.required or getattr(champ, "obligatoire_si_affiche", False) else ""
    )


def _hint(field: BoundField, id_: str) -> str:
    """The help text under the label: `{{ field.help_text|safe }}`, not escaped."""
    if not field.help_text:
        return ""
    return (
        f'\n      <span class="fr-hint-text" id="{variable(id_)}_helptext">'
        f"{field.help_text}</span>\n    "
    )


def _label_lines(field: BoundField, hint_id: str) -> str:
    """The label's content: the `{# djlint:off #}` line, the label and star, the hint."""
    return f"    \n    {variable(field.label)}{_star(field)}\n    {_hint(field, hint_id)}\n    \n"


def _errors(field: BoundField, opening: str) -> str:
    if not field.errors:
        return ""
    return f"\n    {opening}\n      {variable(field.errors)}\n    </div>\n  "


def input_snippet(field: BoundField) -> str:
    """templates/dsfr/form_field_snippets/input_snippet.html: text, e-mail, number, select…"""
    group = variable(getattr(field.field.widget, "group_class", "") or "fr-input-group")
    classes = group
    if field.errors:
        classes += f" {group}--error"
    if field.field.disabled:
        classes += " fr-input-group--disabled"
    for_id = variable(field.id_for_label)
    label = _label_lines(field, field.id_for_label)
    control = variable(dsfr_input_class_attr(field))
    opening = f'<div id="{variable(field.auto_id)}-desc-error">'
    return (
        f'<div class="{classes}">\n'
        f'  <label for="{for_id}" class="fr-label">\n{label}  </label>\n'
        f"  {control}\n"
        f"  {_errors(field, opening)}\n"
        "</div>"
    )


def checkbox_snippet(field: BoundField) -> str:
    """templates/dsfr/form_field_snippets/checkbox_snippet.html: one checkbox, label after."""
    classes = "fr-checkbox-group"
    if field.errors:
        classes += " fr-checkbox-group--error"
    if field.field.disabled:
        classes += " fr-input-group--disabled"
    dsfr_input_class_attr(field)
    # `|attr:"type:checkbox"` (django-widget-tweaks) sets the widget's input type.
    field.field.widget.input_type = "checkbox"
    control = variable(field)
    for_id = variable(field.id_for_label)
    label = _label_lines(field, field.auto_id)
    opening = f'<div id="{variable(field.auto_id)}-desc-error">'
    return (
        f'<div class="{classes} fr-mb-2w">\n'
        f"  {control}\n"
        f'  <label for="{for_id}" class="fr-label">\n{label}  </label>\n'
        f"  {_errors(field, opening)}\n"
        "</div>"
    )


def radioselect_snippet(field: BoundField) -> str:
    """templates/dsfr/form_field_snippets/radioselect_snippet.html: a fieldset whose legend is
    the question, one radio button per choice."""
    auto_id = variable(field.auto_id)
    errors = bool(field.errors)
    described = f" {auto_id}-desc-error" if errors else ""
    label = _label_lines(field, field.auto_id)
    dsfr_input_class_attr(field)
    inline = " fr-fieldset__element--inline" if getattr(field.field.widget, "inline", "") else ""
    options = "".join(
        f'\n      <div class="fr-fieldset__element{inline}">\n'
        f"        {variable(subwidget)}\n      </div>\n    "
        for subwidget in field.subwidgets
    )
    opening = f'<div class="fr-messages-group" id="{auto_id}-desc-error">'
    return (
        f'<fieldset class="fr-fieldset{" fr-fieldset--error" if errors else ""}"\n'
        f'          id="radio-{auto_id}"\n'
        f'          aria-labelledby="{auto_id}-legend{described}">\n'
        '  <legend class="fr-fieldset__legend fr-fieldset__legend--regular"\n'
        f'          id="{auto_id}-legend">\n{label}  </legend>\n'
        f"  \n    {options}\n  \n"
        f"  {_errors(field, opening)}\n"
        "</fieldset>"
    )


SNIPPETS = {
    "dsfr/form_field_snippets/input_snippet.html": input_snippet,
    "dsfr/form_field_snippets/checkbox_snippet.html": checkbox_snippet,
    "dsfr/form_field_snippets/radioselect_snippet.html": radioselect_snippet,
}


def error_list(errors, error_class) -> str:
    """django/forms/errors/list/default.html, which includes django-dsfr's ul.html."""
    if not errors:
        return ""
    items = "".join(
        f'\n      <li class="fr-error-text">\n        {variable(error)}\n      </li>\n    '
        for error in errors
    )
    return f'<ul class="{variable(error_class)}">\n    {items}\n  </ul>'
