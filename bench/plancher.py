"""The floor: templates/base.html with an empty content block, rendered for the logged-in
applicant through the whole middleware stack and every context processor. Each page of the
bench is reported as a ratio to it."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines


@functools.cache
def layout_only():
    return engines["django"].from_string('{% extends "base.html" %}')


@login_required
def plancher(request):
    return HttpResponse(layout_only().render({}, request))
