"""Drop the roll-up tables' single-column foreign-key indexes.

Each is covered by an index that starts with the same column (the unique
constraints start with the unit, the "by campaign" indexes with the campaign), and
was only ever written. Dropped by name, so the foreign keys are not re-validated
over millions of existing rows (Django's AlterField would drop and re-add them).
"""

import django.db.models.deletion
from django.db import migrations, models


# (table, column, index name): the names Django gave them in 0001-0005.
INDEXES = [
    ("analytics_rollup", "campaign_id", "analytics_rollup_campaign_id_065234a3"),
    ("analytics_rollup", "satker_id", "analytics_rollup_satker_id_2984ab5b"),
    ("analytics_rollupday", "campaign_id", "analytics_rollupday_campaign_id_deef7393"),
    ("analytics_rollupday", "satker_id", "analytics_rollupday_satker_id_5124e327"),
    ("analytics_rollupplatform", "campaign_id", "analytics_rollupplatform_campaign_id_a58d115d"),
    ("analytics_rollupplatform", "satker_id", "analytics_rollupplatform_satker_id_24fe16d4"),
    ("analytics_rolluppublished", "campaign_id", "analytics_rolluppublished_campaign_id_a46f3702"),
    ("analytics_rolluppublished", "satker_id", "analytics_rolluppublished_satker_id_b1424cfe"),
    ("analytics_rolluptotalday", "satker_id", "analytics_rolluptotalday_satker_id_99746797"),
]

TARGETS = {"campaign_id": "campaigns.campaign", "satker_id": "satker.satker"}


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0007_snapshot_one_index_by_post"),
        ("campaigns", "0002_default_segments"),
        ("satker", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")',
                )
                for table, column, name in INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name=table.removeprefix("analytics_"),
                    name=column.removesuffix("_id"),
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=TARGETS[column],
                    ),
                )
                for table, column, _name in INDEXES
            ],
        ),
    ]
