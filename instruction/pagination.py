"""A paginator that never counts a big table: it counts up to a cap, and past it asks
PostgreSQL's planner for an estimate (EXPLAIN) instead of running COUNT(*) over every row."""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Up to this many rows the count is exact (an index-only scan of one prefecture's rows).
PLAFOND = 10_000


def estimation(queryset) -> int | None:
    """The planner's row estimate for `queryset` (PostgreSQL), None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """`count` is exact up to PLAFOND rows (a count over `LIMIT PLAFOND + 1`), then the planner's
    estimate, at least PLAFOND + 1; `estime` tells the template which one it is."""

    plafond = PLAFOND

    @cached_property
    def count(self) -> int:
        # Without its ORDER BY: counting needs no sort.
        exact = self.object_list.order_by()[: self.plafond + 1].count()
        if exact <= self.plafond:
            self.estime = False
            return exact
        self.estime = True
        return max(self.plafond + 1, estimation(self.object_list) or 0)

    estime = False
