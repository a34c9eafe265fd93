from django.db import migrations

# KPU's bases of voter education, as in campaigns.choices.DEFAULT_SEGMENTS at the time
# of writing (copied: a migration must not change when the code does).
SEGMENTS = [
    ("family", "Keluarga", "Family"),
    ("first_time", "Pemilih Pemula", "First-time voters"),
    ("young", "Pemilih Muda", "Young voters"),
    ("women", "Perempuan", "Women"),
    ("disability", "Penyandang Disabilitas", "People with disabilities"),
    ("special_needs", "Berkebutuhan Khusus", "Special-needs voters"),
    ("marginalised", "Marjinal", "Marginalised groups"),
    ("community", "Komunitas", "Communities"),
    ("religious", "Keagamaan", "Religious groups"),
    ("netizen", "Warganet", "Netizens"),
]


def add_default_segments(apps, schema_editor):
    VoterSegment = apps.get_model("campaigns", "VoterSegment")
    for position, (code, name_id, name_en) in enumerate(SEGMENTS):
        VoterSegment.objects.get_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(add_default_segments, migrations.RunPython.noop)]
