"""Messages several sections show."""

NO_MENTIONS_HINT = (
    "No mentions under the current filters. Widen the dates, clear Sources or Documents, pick "
    "more Entity types or lower Minimum mentions in the sidebar."
)

#: Shown where keyword counts and entity counts stand side by side (they count different things).
COUNTS_DIFFER = (
    "Why a name can count differently here: **keyword** counts are exact occurrences of the "
    'phrase as written ("Mark Rutte" only); **entity** counts are merged mentions of one '
    'person, body or place, with its aliases, surnames and roles ("Rutte", "the Secretary '
    'General"), so an entity usually counts more than the keyword of the same name.'
)
