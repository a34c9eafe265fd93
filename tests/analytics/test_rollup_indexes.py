"""The roll-up tables carry only the indexes their readers and writers use."""

from django.db import connection

from analytics.rollup_models import (
    Rollup,
    RollupDay,
    RollupPlatform,
    RollupPublished,
    RollupTotalDay,
)


def _single_column_indexes(model) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        info["columns"][0]
        for info in constraints.values()
        if info["index"] and not info["unique"] and len(info["columns"]) == 1
    }


def test_no_roll_up_table_keeps_an_index_per_foreign_key(db):
    # Each foreign key is the first column of a wider index (the unique constraint or
    # the "by campaign" index); an index of its own would only cost writes.
    for model in (Rollup, RollupDay, RollupTotalDay):
        assert _single_column_indexes(model) == set(), model.__name__
    for model in (RollupPlatform, RollupPublished):  # their "by campaign" index is one column
        assert _single_column_indexes(model) == {"campaign_id"}, model.__name__


def test_a_briefs_dashboard_reads_its_rows_by_campaign_scope_and_unit(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Rollup._meta.db_table)
    assert constraints["rollup_by_campaign_unit"]["columns"] == [
        "campaign_id",
        "scope",
        "satker_id",
    ]
