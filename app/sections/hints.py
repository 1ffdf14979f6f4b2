"""Messages several sections show."""

NO_MENTIONS_HINT = (
    "No mentions under the current filters. Widen the dates, clear Sources or Documents, pick "
    "more Entity types or lower Minimum mentions in the sidebar."
)
