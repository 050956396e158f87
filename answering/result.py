"""What a plan run over the table gives the composer; ``lookups`` and ``aggregates`` both fill one."""

from __future__ import annotations

from dataclasses import dataclass, field

from jimuqa.answering.types import Chart


@dataclass
class Result:
    """What the composer needs: sentences, an optional table, the rows behind the numbers."""

    lines: list[str] = field(default_factory=list)
    table: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    chart: Chart | None = None
    answered: bool = True  # False when every value asked for is not reported
