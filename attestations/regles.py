"""When an attestation is issued and for how long. The rule of each motif is data of the motif
catalogue (`Motif.regle_adp` in demandes/catalogue/types.py); the callers pass it here.

ADP at deposit (docs/attestations.md, « Rule: ADP at deposit », where the examples come from)
---------------------------------------------------------------------------------------------
The instructing service issues the ADP once it has looked at a request whose current document
reaches its end of validity; a BPI renewal gets it **automatically at deposit**, valid 6 months
from the deposit date. The rule applied here:

- a motif whose rule has `au_depot=AdpAuDepot.RENOUVELLEMENT` (BPI) gets the ADP at the
  deposit of any renewal, valid from the deposit date for `duree` (26/04/2022 → 25/10/2022);
- any other renewal (`AdpAuDepot.ECHEANCE`) gets it at deposit when the current titre de
  séjour ends within `SEUIL_ECHEANCE` (60 days: the "tardive" part of the deposit window, less
  than the time the prefecture needs to decide). It then runs from the day after the title's
  end (`DebutAdp.FIN_TITRE`) for 3 months (12/09/2023 → 11/12/2023), so the applicant's stay
  stays covered without a gap;
- first requests and visa holders never get one at deposit (an agent issues it later).
"""

import datetime
import enum
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

SEUIL_ECHEANCE = datetime.timedelta(days=60)


class AdpAuDepot(enum.Enum):
    """Which renewals of a motif get the ADP with the deposit confirmation."""

    # Every renewal.
    RENOUVELLEMENT = "renouvellement"
    # Renewals whose current title ends within SEUIL_ECHEANCE of the deposit.
    ECHEANCE = "echeance"
    # None: an agent issues it later.
    JAMAIS = "jamais"


class DebutAdp(enum.Enum):
    """Where the validity of an ADP issued at deposit starts."""

    # The deposit date.
    DEPOT = "depot"
    # The day after the current title ends (the deposit date if that is later).
    FIN_TITRE = "fin_titre"


@dataclass(frozen=True)
class RegleAdp:
    au_depot: AdpAuDepot
    duree: relativedelta
    debut: DebutAdp


@dataclass(frozen=True)
class Periode:
    debut: datetime.date
    fin: datetime.date


def periode(debut: datetime.date, duree: relativedelta) -> Periode:
    """`duree` from `debut` included: 6 months from 26/04/2022 end on 25/10/2022."""
    return Periode(debut, debut + duree - datetime.timedelta(days=1))


def adp_au_depot(
    *,
    regle: RegleAdp,
    renouvellement: bool,
    date_depot: datetime.date,
    fin_titre: datetime.date | None,
) -> Periode | None:
    """The ADP validity to issue with the deposit confirmation, or None (rule above)."""
    if not renouvellement or fin_titre is None or regle.au_depot is AdpAuDepot.JAMAIS:
        return None
    if regle.au_depot is AdpAuDepot.ECHEANCE and fin_titre - date_depot > SEUIL_ECHEANCE:
        return None
    if regle.debut is DebutAdp.DEPOT:
        return periode(date_depot, regle.duree)
    return periode(max(fin_titre + datetime.timedelta(days=1), date_depot), regle.duree)
