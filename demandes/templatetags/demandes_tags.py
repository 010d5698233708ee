from django import template

register = template.Library()


@register.filter
def condition_de(form, name):
    """(parent field, value) when the field shows only for that answer, else None."""
    return form.condition_de(name) if hasattr(form, "condition_de") else None
