"""The ingest reads most items through a cheap path (analytics.ingest._PlainReader) and
the rest through the careful one that names each problem (``_parse``). The cheap path
must accept only items that the careful one reads to the same values."""

import zoneinfo
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import ingest
from analytics.models import FIGURES

ZONE = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime(2024, 2, 14, 9, 30, tzinfo=UTC)

moments = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2024, 2, 15), timezones=st.just(None)
)
offsets = st.sampled_from(["", "Z", "+07:00", "-03:30", "+0700", "+07"])
separators = st.sampled_from(["T", " ", "t", "_"])
pads = st.sampled_from(["", " ", "\t", "\u00a0"])


@st.composite
def moment_texts(draw) -> str:
    moment = draw(moments)
    text = moment.isoformat(
        sep=draw(separators), timespec=draw(st.sampled_from(["minutes", "seconds", "microseconds"]))
    )
    return draw(pads) + text + draw(offsets) + draw(pads)


@st.composite
def number_texts(draw) -> str:
    digits = draw(st.from_regex(r"\A[0-9]{0,20}\Z"))
    return draw(pads) + draw(st.sampled_from(["", "+", "-"])) + digits + draw(pads)


weird = st.sampled_from(
    ["", " ", "²", "١٢", "1_000", "1.0", "1e3", "0x10", "12a", None, True, 1.5, 2.0, [3]]
)
MISSING = object()

# Items as clients send them: CSV text or JSON numbers, a field or two then spoilt.
good_posts = st.one_of(st.integers(min_value=1, max_value=10**6), st.from_regex(r"\A[0-9]{1,18}\Z"))
good_moments = st.one_of(
    st.tuples(moments, st.sampled_from(["T", " "]), st.sampled_from(["", "Z", "+07:00"])).map(
        lambda parts: parts[0].isoformat(sep=parts[1]) + parts[2]
    ),
    moments.map(lambda moment: moment.replace(tzinfo=UTC)),
)
good_figures = st.one_of(
    st.tuples(*[st.integers(min_value=0, max_value=10**12)] * len(FIGURES)),
    st.tuples(*[st.from_regex(r"\A[0-9]{1,18}\Z")] * len(FIGURES)),
)
any_value = st.one_of(
    st.integers(min_value=-5, max_value=2**64),
    number_texts(),
    moment_texts(),
    moments,
    weird,
    st.sampled_from(["https://x.com/p/1", " https://x.com/p/1/ ", "ftp://x", MISSING]),
)


@st.composite
def items(draw) -> dict:
    item = {"post": draw(good_posts), "captured_at": draw(good_moments)}
    item.update(zip(FIGURES, draw(good_figures), strict=True))
    for name in draw(st.lists(st.sampled_from(ingest.FIELDS), max_size=2, unique=True)):
        item[name] = draw(any_value)
        if item[name] is MISSING:
            del item[name]
    return item


def _careful(raw) -> tuple[tuple | None, list]:
    errors = []
    read = ingest._parse(0, raw, ZONE, NOW, lambda *args, **extra: errors.append(args))
    return read, errors


@settings(max_examples=600, deadline=None)
@given(items())
def test_the_cheap_reading_agrees_with_the_careful_one(raw):
    plain = ingest._PlainReader(ZONE, NOW + ingest.CLOCK_SKEW).read(raw)
    careful, errors = _careful(raw)
    if plain is None:
        return  # read the careful way, as is
    assert not errors, (raw, errors)
    ref, moment, numbers = plain
    assert ref == careful[0]
    assert moment == careful[1] and moment.utcoffset() == careful[1].utcoffset()
    assert tuple(int(number) for number in numbers) == careful[2]


def test_plain_items_take_the_cheap_path():
    moment = timezone.now() - timedelta(hours=1)
    csv_row = {"post": "12", "captured_at": "2024-02-14 09:30", **dict.fromkeys(FIGURES, "7")}
    api_item = {"post": 12, "captured_at": moment.isoformat(), **dict.fromkeys(FIGURES, 7)}
    reader = ingest._PlainReader(ZONE, NOW + ingest.CLOCK_SKEW)
    assert reader.read(csv_row) == (12, datetime(2024, 2, 14, 9, 30, tzinfo=ZONE), ("7",) * 6)
    assert ingest._PlainReader(ZONE, timezone.now()).read(api_item)[2] == (7,) * 6
