"""A sample brief for the embedded demo, published from the centre (idempotent)."""

from datetime import timedelta

from django.utils import timezone

from satker.models import User

from . import services
from .models import Campaign, VoterSegment

DEMO_TITLE = "Ayo Cek Nama Anda di DPT"


def seed_demo_brief() -> Campaign:
    """The national sample brief, published once; later runs leave it as it is."""
    existing = Campaign.objects.filter(title=DEMO_TITLE, satker__code="00").first()
    if existing:
        return existing
    editor = User.objects.get(username="pusat.editor")
    approver = User.objects.get(username="pusat.approver")
    starts = timezone.now().replace(minute=0, second=0, microsecond=0)
    brief = services.campaign_create(
        by=editor,
        fields={
            "title": DEMO_TITLE,
            "summary": (
                "Ajak warga memeriksa namanya di Daftar Pemilih Tetap (DPT) sebelum hari "
                "pemungutan suara, lewat situs cek DPT online atau kantor KPU terdekat."
            ),
            "key_messages": [
                "Pastikan nama Anda terdaftar di DPT.",
                "Periksa secara daring atau datangi kantor KPU kabupaten/kota.",
                "Ajak keluarga dan tetangga ikut memeriksa.",
            ],
            "hashtags": ["#CekDPT", "#PemiluDamai", "#TemanPemilih"],
            "guidance": (
                "Lakukan: bahasa sederhana, sertakan teks alternatif pada gambar.\n"
                "Jangan: menyebut partai atau calon, memakai simbol partai."
            ),
            "platforms": ["instagram", "facebook", "x", "tiktok"],
            "starts_at": starts,
            "due_at": starts + timedelta(days=7),
        },
        segments=list(VoterSegment.objects.filter(code__in=["first_time", "young", "family"])),
    )
    services.campaign_publish(campaign=brief, by=approver)
    return brief
