"""The DfE's markers for figures it does not publish, in plain English."""

# Markers the DfE publishes instead of a number, with what they mean to a governor.
MARKERS: dict[str, str] = {
    "SUPP": "suppressed to protect small groups of pupils",
    "NE": "no entries",
    "NA": "not applicable",
    "NP": "not published",
    "LOWCOV": "low coverage",
    "SP": "small percentage (0 to 0.5%)",
    "NEW": "new institution",
    "RE": "redacted",
    "x": "suppressed",
    "c": "suppressed (confidential)",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rounds to zero",
    ":": "not available",
    "-": "not available",
}
