"""Site pages that belong to no domain app: home, footer pages."""

from django.shortcuts import render
from django.views.decorators.cache import cache_control


@cache_control(private=True, max_age=0)
def home(request):
    return render(request, "pages/accueil.html")


def page(template: str):
    def view(request):
        return render(request, f"pages/{template}.html")

    view.__name__ = template
    return view


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
