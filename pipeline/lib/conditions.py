"""The automation conditions the automation sensor evaluates (``pipeline.defs.automation``).

- Models and publication (``BUILD_CONDITION``): eager — requested after an upstream update, with
  everything downstream of it in the same tick, so one run holds the whole chain.
- Checks (``CHECK_CONDITION``): requested when what they check was updated or is requested in
  the same tick. A Great Expectations suite of a raw table so runs once per extraction run (it
  validates the whole table), a dbt test or a mart suite with its model: the run that follows
  an extraction holds the raw suites, the models, their tests and suites, and publication.

Blocking checks gate inside that run: Dagster runs a blocking check before what depends on its
asset, and a failure skips those steps (dbt does the same for its tests inside ``dbt build``).
Nothing failed is retried on a later tick: what was skipped was handled by the tick that
requested it, and the next extraction requests the chain again, its checks first.
(``AutomationCondition.all_deps_blocking_checks_passed()`` is not used: the evaluator orders a
check at the same level as its asset's children, so in one tick a child can be evaluated before
the check it would wait for.)
"""

import dagster as dg

BUILD_CONDITION = dg.AutomationCondition.eager()

CHECK_CONDITION = (
    dg.AutomationCondition.any_deps_updated().since_last_handled()
    & ~dg.AutomationCondition.any_deps_in_progress()
    & ~dg.AutomationCondition.in_progress()
).with_label("checked table updated")
