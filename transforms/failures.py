"""Stage helpers for the dead letter: Beam's exception-handling output -> Rejected rows.

``ParDo(fn).with_exception_handling()`` yields ``(element, (exc_type, repr, traceback))`` for an
element whose processing raised (or timed out, or crashed an isolated worker process). These
become ``Rejected`` rows naming the stage, the input and the error.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.records import Document, Rejected, reject

__all__ = ["AdaptFailures", "failure_to_rejected"]


def failure_to_rejected(bad, stage: str) -> Rejected:
    """(element, (exc_type, exc_repr, traceback_lines)) -> Rejected with reason = exception type."""
    element, (exc_type, exc_repr, _tb) = bad
    name = getattr(exc_type, "__name__", str(exc_type))
    reason = "timeout" if name == "TimeoutError" else f"error:{name}"
    if isinstance(element, Document):
        return reject(element, stage, reason, exc_repr)
    return reject(repr(element)[:500], stage, reason, exc_repr)


class AdaptFailures(beam.PTransform):
    """PCollection[(element, error_info)] -> PCollection[Rejected], counted per stage."""

    def __init__(self, stage: str, to_rejected=failure_to_rejected):
        """``to_rejected(bad, stage) -> Rejected`` builds the row (stages keyed other than by Document
        pass their own, e.g. fetch keys rows by URL)."""
        super().__init__()
        self._stage = stage
        self._to_rejected = to_rejected

    def expand(self, bad):
        stage, to_rejected = self._stage, self._to_rejected
        counter = Metrics.counter(f"news.{stage}", "failed")

        def adapt(item):
            counter.inc()
            return to_rejected(item, stage)

        return bad | "ToRejected" >> beam.Map(adapt).with_output_types(Rejected)
