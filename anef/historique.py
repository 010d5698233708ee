"""Audit history of the rows agents and administrators change in the back office."""

from simple_history.models import HistoricalRecords


class Historique(HistoricalRecords):
    """simple-history's records, minus the saves that only touch excluded fields (a login's
    `last_login`), which would bury the agents' changes under one row per sign-in."""

    def post_save(self, instance, created, using=None, **kwargs):
        champs = kwargs.get("update_fields")
        if champs and set(champs) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)
