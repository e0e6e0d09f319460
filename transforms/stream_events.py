"""Stage (streaming): give each arriving article an ``event_id``, with Beam state and timers.

The batch stage (transforms/events.py) sees a whole run and clusters it by average link. A
stream never ends, so this stage decides as articles arrive, one at a time, with the same
similarity (``events.pair_similarity``: cosine in one language, names/countries/numbers across
languages) and the same average-link rule applied to one article:

**an arriving article joins the live event whose live articles it is closest to on average**
(the mean similarity to every live article of that event, 0 for one further than
``window_hours`` from it in published time; an undated one's time is its fetch time, an upper
bound, as in batch: ``events.gap_seconds``), when that mean is >= ``threshold``; otherwise it founds a new
event, whose id derives from its own id (``events.event_id_for``, as in batch). An article of a
later output window thus joins an event an earlier window opened, as long as that event's
articles are live. Events already formed never merge (as batch keeps earlier runs' events apart).

Live articles: the ones that arrived (event time: the poll or folder match that found them)
within the last ``window_hours``. State is one bag of live articles (id, time, vector, event id,
language, publisher), and a WATERMARK timer at (oldest arrival + window) drops the expired ones
and re-arms itself for the next oldest (counter ``news.stream_events/expired``): memory is
bounded by what arrived in the window (about 1 KB an article: its 64 terms and weights).

A near-duplicate (from DropStreamDuplicates) takes the event of the article it duplicates when
that article is live, else "" (counted as ``duplicate_of_unknown``: its survivor expired, or
came from the dedup index, or had not been processed yet).

The state has a single key: one worker decides every article, in arrival order as the runner
delivers it (the result depends on that order only through ties between events, like stream
dedup's first-arrival rule). Cost per article: one pass over the live articles sharing one of its
block keys (``events.block_keys``).
"""

from __future__ import annotations

from typing import Any, Sequence, Tuple

import apache_beam as beam
from apache_beam.coders import PickleCoder, VarIntCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.timestamp import Timestamp

from transforms.events import (
    EventSettings,
    Member,
    apart,
    article_terms,
    block_keys,
    event_id_for,
    event_time,
    pair_similarity,
    parse_settings,
    publisher_of,
)
from transforms.records import Document, Duplicate

__all__ = ["AssignStreamEvents", "join_event", "live_entries"]

NAMESPACE = "news.stream_events"
MICROS = 1_000_000


# ---- pure layer -------------------------------------------------------------------------------


def join_event(live: Sequence[Member], member: Member, settings: EventSettings) -> tuple[str, float]:
    """The event an arriving article joins among the live articles: (event_id, mean similarity).

    Candidates are the events of live articles sharing a block key with it; each is scored by
    the mean ``pair_similarity`` of the article to all of that event's live articles (0 for a
    pair ``events.apart``). The best mean >= ``threshold`` wins (ties: the smaller
    event id); else the article founds ``event_id_for(member.id)`` with score 0. An article
    already live (the same id again) keeps its event.
    """
    window = settings.window_hours * 3600.0
    keys = set(block_keys(member.vec, settings.block_terms))
    candidates = set()
    for other in live:
        if other.id == member.id:
            return other.event_id, 1.0
        if keys & set(block_keys(other.vec, settings.block_terms)):
            candidates.add(other.event_id)
    best, best_score = "", 0.0
    for event_id in sorted(candidates):
        sims = [
            0.0 if apart(member, other, window) else pair_similarity(member, other, settings)
            for other in live
            if other.event_id == event_id
        ]
        score = sum(sims) / len(sims)
        if score >= settings.threshold and score > best_score:
            best, best_score = event_id, score
    return (best, best_score) if best else (event_id_for(member.id), 0.0)


def live_entries(entries: Sequence[tuple], now_micros: int, window_micros: int) -> tuple[list, int]:
    """Entries ``(arrival micros, Member)`` still live at ``now_micros``; and how many expired."""
    live = [e for e in entries if e[0] + window_micros > now_micros]
    return live, len(entries) - len(live)


# ---- Beam layer -------------------------------------------------------------------------------


def _micros(ts) -> int:
    return int(Timestamp.of(ts).micros)


class _StreamEventsFn(beam.DoFn):
    """("all", ("doc", Document) | ("dup", Duplicate)) -> Document with ``event_id``; tagged
    ``duplicates``: Duplicate with its survivor's ``event_id``."""

    ENTRIES = BagStateSpec("entries", PickleCoder())  # (arrival micros, Member)
    EXPIRY_AT = ReadModifyWriteStateSpec("expiry_at", VarIntCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, settings: EventSettings):
        self._s = settings
        self._window_micros = int(settings.window_hours * 3600 * MICROS)

    def setup(self):
        self._events = Metrics.counter(NAMESPACE, "events")
        self._joined = Metrics.counter(NAMESPACE, "joined_live_event")
        self._expired = Metrics.counter(NAMESPACE, "expired")
        self._unknown = Metrics.counter(NAMESPACE, "duplicate_of_unknown")

    def process(
        self,
        keyed,
        ts=beam.DoFn.TimestampParam,
        entries=beam.DoFn.StateParam(ENTRIES),
        expiry_at=beam.DoFn.StateParam(EXPIRY_AT),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        _key, (kind, record) = keyed
        now = _micros(ts)
        live, _ = live_entries(list(entries.read()), now, self._window_micros)
        members = [m for _, m in live]
        if kind == "dup":
            event_id = next((m.event_id for m in members if m.id == record.duplicate_of), "")
            if not event_id:
                self._unknown.inc()
            yield beam.pvalue.TaggedOutput("duplicates", record._replace(event_id=event_id))
            return
        doc: Document = record
        # Its time: published, else when it was fetched (else when the stream found it), an upper
        # bound on when it came out (as in batch, events.gap_seconds).
        when = event_time(doc.published, float("nan"))
        dated = when == when
        member = Member(
            doc.id, when if dated else event_time(doc.fetched_at, now / MICROS),
            article_terms(doc.title, doc.text, doc.language, self._s, when if dated else None),
            "", True, doc.title, publisher_of(doc), doc.language or "und", dated,
        )
        event_id, _score = join_event(members, member, self._s)
        if any(m.event_id == event_id for m in members):
            self._joined.inc()
        else:
            self._events.inc()
        if not any(m.id == doc.id for m in members):
            entries.add((now, member._replace(event_id=event_id)))
            due = now + self._window_micros
            current = expiry_at.read()
            if current is None or due < current:
                expiry.set(Timestamp(micros=due))
                expiry_at.write(due)
        yield doc._replace(event_id=event_id)

    @on_timer(EXPIRY)
    def on_expiry(
        self,
        fired=beam.DoFn.TimestampParam,
        entries=beam.DoFn.StateParam(ENTRIES),
        expiry_at=beam.DoFn.StateParam(EXPIRY_AT),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        live, expired = live_entries(list(entries.read()), _micros(fired), self._window_micros)
        self._expired.inc(expired)
        entries.clear()
        if not live:
            expiry_at.clear()
            return
        for entry in live:
            entries.add(entry)
        due = min(e[0] for e in live) + self._window_micros
        expiry.set(Timestamp(micros=due))
        expiry_at.write(due)


class AssignStreamEvents(beam.PTransform):
    """(PCollection[Document] kept, PCollection[Duplicate]) (unbounded) ->
    (PCollection[Document] with ``event_id``, PCollection[Duplicate] with their survivor's ``event_id``).

    Runs in the global window (events span output windows); outputs keep the inputs' event
    timestamps, so the windowed writer puts each row in its own window. ``events_config``: the
    ``events`` config section (ConfigError when invalid).
    """

    def __init__(self, events_config: dict):
        super().__init__()
        self._settings = parse_settings(events_config)

    def expand(self, pcolls):
        kept, duplicates = pcolls
        tagged = (
            (
                kept | "TagDocs" >> beam.Map(lambda d: ("all", ("doc", d))).with_output_types(Tuple[str, Any]),
                duplicates | "TagDups" >> beam.Map(lambda d: ("all", ("dup", d))).with_output_types(Tuple[str, Any]),
            )
            | "Together" >> beam.Flatten().with_output_types(Tuple[str, Any])
            | "GlobalWindow" >> beam.WindowInto(GlobalWindows())
        )
        out = tagged | "Assign" >> beam.ParDo(_StreamEventsFn(self._settings)).with_outputs("duplicates", main="docs")
        return out.docs, out.duplicates
