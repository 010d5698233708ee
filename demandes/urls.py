from django.urls import path

from demandes.views import mon_compte

app_name = "demandes"

urlpatterns = [
    path("mon-compte/", mon_compte.mon_compte, name="mon_compte"),
]
