"""The colours every figure and highlight shares, so that a PERSON is the same blue everywhere."""

#: One colour per entity type: the Okabe-Ito palette, distinguishable with any colour vision.
ENTITY_COLORS: dict[str, str] = {
    "PERSON": "#0072B2",  # blue
    "ORG": "#E69F00",  # orange
    "GPE": "#009E73",  # bluish green
    "LOC": "#56B4E9",  # sky blue
    "NORP": "#CC79A7",  # reddish purple
    "MISC": "#999999",  # grey
}
#: Colours of the mention kinds that carry no entity label.
KIND_COLORS: dict[str, str] = {"keyword": "#D55E00", "term": "#332288", "entity": "#0072B2"}
#: Line colours for several terms in one chart (Okabe-Ito without yellow, then Paul Tol's).
SERIES_COLORS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#000000",
    "#332288",
    "#882255",
    "#44AA99",
)
