from django.db import models
from django.utils.translation import gettext_lazy as _


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Language(models.TextChoices):
    """Indonesian, and the regional languages units most often post in."""

    INDONESIAN = "id", "Bahasa Indonesia"
    ACEHNESE = "ace", "Bahasa Aceh"
    BALINESE = "ban", "Bahasa Bali"
    BANJARESE = "bjn", "Bahasa Banjar"
    BATAK = "btk", "Bahasa Batak"
    BUGINESE = "bug", "Bahasa Bugis"
    JAVANESE = "jv", "Bahasa Jawa"
    MADURESE = "mad", "Bahasa Madura"
    MAKASSARESE = "mak", "Bahasa Makassar"
    MINANGKABAU = "min", "Bahasa Minangkabau"
    SASAK = "sas", "Bahasa Sasak"
    SUNDANESE = "su", "Bahasa Sunda"
    PAPUAN_MALAY = "pmy", "Bahasa Melayu Papua"
    OTHER = "other", _("Another regional language")


class TermKind(models.TextChoices):
    PARTY = "party", _("Party name")
    CANDIDATE = "candidate", _("Candidate name")
    PARTISAN = "partisan", _("Partisan term")
