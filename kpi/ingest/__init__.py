"""KPI feed parsing and validation: pure Python, no Django import.

Public API::

    from kpi.ingest import FeedProfile, validate_feed, validate_rows

    result = validate_feed(stream, profile=FeedProfile(delimiter=";", decimal_separator=","),
                           agents={"A001": 17}, campaigns={"TRAMO1": 3},
                           today=date(2026, 11, 23), is_locked=lambda day: False)
    if result.ok:
        for fact in result.facts: ...
    else:
        for error in result.errors: error.row, error.column, error.value, error.code
"""

from .codes import METRIC_CODES, METRICS_BY_CODE, RAW_METRICS, MetricSpec, normalise_header
from .errors import MESSAGES, ErrorCollector, FeedError
from .numbers import DateFormatGuess, guess_date_format
from .profiles import CANONICAL, DIALER_LATAM, FeedProfile, ProfileError
from .readers import open_table, sniff_format
from .validate import (
    Fact,
    FactTable,
    FeedValidation,
    iter_errors_csv_rows,
    validate_feed,
    validate_rows,
    validate_table,
)

__all__ = [
    "CANONICAL",
    "DIALER_LATAM",
    "MESSAGES",
    "METRICS_BY_CODE",
    "METRIC_CODES",
    "RAW_METRICS",
    "DateFormatGuess",
    "ErrorCollector",
    "Fact",
    "FactTable",
    "FeedError",
    "FeedProfile",
    "FeedValidation",
    "MetricSpec",
    "ProfileError",
    "guess_date_format",
    "iter_errors_csv_rows",
    "normalise_header",
    "open_table",
    "sniff_format",
    "validate_feed",
    "validate_rows",
    "validate_table",
]
