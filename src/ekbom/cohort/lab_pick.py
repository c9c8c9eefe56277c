"""The result each laboratory leaf reads, picked once per index row, test and reach.

A rule reads "the latest result of test T within N days (or ever) before the index date; on
that day interpretable results first, then the lowest, the highest or the most abnormal value"
(`ekbom.engine.labs`). Done per leaf as a correlated ORDER BY ... LIMIT 1, this costs one
sort per leaf and index row; done here, it is one pass of window functions over the index rows
joined to their results, for every (test, reach) the knowledge's rules use
(`ekbom_lab_reach(test, reach)`, reach = days or -1 for no limit, loaded with the parameters).
Leaves then look their row up by equality (`ekbom.cohort.sql_predicates.SqlCompiler.lab_rows`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ekbom.cohort.backend import Connection

TIES = ("lowest", "highest", "rank")
"""How a day's interpretable results are ordered: by value up, by value down, most abnormal."""

_KEY = "person_id, index_date, test, reach"
_COLUMNS = "day, value, low, high, low_open, high_open, interpretable"


def create_lab_pick(con: Connection) -> None:
    """`ekbom_lab_pick(person_id, index_date, test, reach, tie, day, value, low, high,
    low_open, high_open, interpretable)` from `ekbom_index`, `ekbom_lab`, `ekbom_lab_reach`."""
    orders = {
        "lowest": "value ASC NULLS LAST",
        "highest": "value DESC NULLS LAST",
        "rank": "abnormal_rank ASC NULLS LAST",
    }
    ranks = ",\n".join(
        f"row_number() OVER (PARTITION BY {_KEY} ORDER BY day DESC, "
        f"interpretable DESC, {order}) AS r_{tie}"
        for tie, order in orders.items()
    )
    picks = "\nUNION ALL\n".join(
        f"SELECT {_KEY}, '{tie}' AS tie, {_COLUMNS} FROM ranked WHERE r_{tie} = 1" for tie in orders
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ekbom_lab_pick AS
        WITH joined AS (
          SELECT i.person_id, i.index_date, q.test, q.reach, l.day, l.value, l.low, l.high,
                 l.low_open, l.high_open, l.interpretable, l.abnormal_rank
          FROM ekbom_index i
          JOIN ekbom_lab l ON l.person_id = i.person_id AND l.day <= i.index_date
          JOIN ekbom_lab_reach q ON q.test = l.test
          WHERE q.reach < 0 OR l.day >= i.index_date - q.reach),
        ranked AS (SELECT joined.*, {ranks} FROM joined)
        {picks}
    """)
