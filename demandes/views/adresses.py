from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.cache import cache_control

from demandes import adresses


@login_required
@cache_control(private=True, max_age=300)
def suggestions(request):
    resultats = adresses.suggestions(request.GET.get("q", "")[:200])
    return JsonResponse(
        {
            "adresses": [
                {
                    "libelle": a.libelle,
                    "numero": a.numero,
                    "voie": a.voie,
                    "code_postal": a.code_postal,
                    "ville": a.commune,
                    "code_insee": a.code_insee,
                }
                for a in resultats
            ]
        }
    )
