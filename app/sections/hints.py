"""Messages several sections show."""

NO_MENTIONS_HINT = (
    "No mentions under the current filters. Widen the dates, clear Sources or Documents, pick "
    "more Entity types or lower Minimum mentions in the sidebar."
)

#: Shown where keyword counts and entity counts stand side by side (they count different things).
COUNTS_DIFFER = (
    "Why a name can count differently here: an **entity** count is every merged mention of one "
    'person, body or place in the selection, with its aliases, surnames and roles ("Rutte", '
    '"the Secretary General"); a **keyword** count (Keywords tab) is only the phrase as written '
    '("Mark Rutte"), and only in the articles where it is one of that article\'s own top '
    "keywords. So an entity usually counts more than the keyword of the same name."
)
