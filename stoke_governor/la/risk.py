"""The LA's risk rule for a board's governance: one rule, written down, applied the same way
on the City picture page, in its report and on the command line.

Why a rule at all: Ofsted's letter to the council (27 January 2015) found "no systematic or
robust evaluation of the quality of governing bodies and no systems in place to identify
risks", and asked the LA to "adopt more systematic and robust evaluations of the quality of
governing bodies". The city's Improving Education Strategy 2025-2030 ("Development of Better
Governance") expects "the core training offered by the LA [to] be taken up by all
governors". The thresholds below turn those two findings into signals a board's own return
can show; each is a module constant so the rule and its text never disagree.

A rule flags a board for a conversation, never a judgement: every reason is one plain
sentence naming what the return says (or that there is no return).
"""

from __future__ import annotations

from typing import NamedTuple

AT_RISK, WATCH, NO_CONCERN = "at risk", "watch", "no concern"
LEVELS = (AT_RISK, WATCH, NO_CONCERN)  # most serious first

ACCOUNTABILITY = "accountability"  # the section on holding leaders to account
LEADERS = "holding leaders to account"
# The scale runs 1 'Not yet in place', 2 'Developing', 3 'Established', 4 'Strong'. A mean
# below 2.5 is nearer 'Developing' than 'Established': the board itself says the feature is
# not yet in place across the section.
WEAK_MEAN = 2.5
# Core training (the strategy expects all governors to take it up): under half the
# governors with every core module done puts the board at risk; under 80% is worth watching.
TRAINING_AT_RISK = 50
TRAINING_WATCH = 80
# Two or more empty places on one board: harder to be quorate and to share the work.
VACANCIES_AT_RISK = 2
# A return less than 60% complete says too little to rely on.
COMPLETE_WATCH = 60
TERM_DAYS = 60  # the return counts terms ending within this many days of its export

RISK_RULE = (
    f"AT RISK if any of these: no self-evaluation returned for the year, or only one the "
    "LA refused (changed after signing, not signed, damaged); accountability "
    f"(holding leaders to account) rated below {WEAK_MEAN} of 4 on average, nearer "
    f"'Developing' than 'Established'; fewer than {TRAINING_AT_RISK}% of governors have done "
    f"every core training module; {VACANCIES_AT_RISK} or more vacancies on the board; the "
    "return was changed outside the app, or two different copies of it await a person's "
    "choice.\n"
    f"WATCH if none of those but any of these: the return is under {COMPLETE_WATCH}% "
    f"complete; any other section rated below {WEAK_MEAN} of 4 on average; fewer than "
    f"{TRAINING_WATCH}% of governors have done every core module, or the return gives no "
    f"training figures; a governor's term ends within {TERM_DAYS} days while places are "
    "already empty; the board has not yet recorded agreeing its evaluation; a later copy of "
    "the return was refused, so an earlier one is used.\n"
    "NO CONCERN otherwise.\n"
    "Why: Ofsted (2015) found the LA had no systems to identify risks in governing bodies; "
    "the Improving Education Strategy 2025-2030 expects every governor to take up the LA's "
    "core training."
)


class Risk(NamedTuple):
    level: str  # one of LEVELS
    reasons: tuple[str, ...]  # most serious first; empty for 'no concern'


def _title(section_id: str, titles: dict[str, str] | None) -> str:
    title = (titles or {}).get(section_id) or section_id.replace("-", " ")
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def assess(status, titles: dict[str, str] | None = None) -> Risk:
    """The risk flag of one school's status (a `city.SchoolStatus`, or anything with its
    fields). `titles` names the framework's sections for the reasons (id → title)."""
    year = getattr(status, "year", None) or "the year"
    refusal = getattr(status, "refusal", None)
    if not status.returned:
        if refusal is not None:
            return Risk(
                AT_RISK,
                (
                    f"{refusal.headline} ({refusal.file}, {refusal.refused_on}); no other "
                    f"return for {year}",
                ),
            )
        return Risk(AT_RISK, (f"No self-evaluation returned for {year}",))
    serious, mild = signals(status, titles)
    if serious:
        return Risk(AT_RISK, tuple(serious + mild))
    if mild:
        return Risk(WATCH, tuple(mild))
    return Risk(NO_CONCERN, ())


def signals(status, titles: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """What a returned board's return shows: the reasons that put it at risk, and those
    worth watching, each most serious first."""
    serious: list[str] = []
    mild: list[str] = []
    means = status.section_means or {}
    for section_id, mean in means.items():
        if mean is None or mean >= WEAK_MEAN:
            continue
        if section_id == ACCOUNTABILITY:
            serious.append(f"Rates itself below 'Established' on {LEADERS} ({mean:.1f} of 4)")
        else:
            mild.append(
                f"Rates itself below 'Established' on {_title(section_id, titles)} "
                f"({mean:.1f} of 4)"
            )
    training = status.training_percent
    if training is not None and training < TRAINING_AT_RISK:
        serious.append(
            "None of the governors has done all the core training"
            if training == 0
            else f"Only {training:.0f}% of governors have done all the core training"
        )
    elif training is not None and training < TRAINING_WATCH:
        mild.append(f"{training:.0f}% of governors have done all the core training")
    elif training is None:
        mild.append("The return gives no figures for governors' training")
    vacancies = status.vacancies
    if vacancies is not None and vacancies >= VACANCIES_AT_RISK:
        serious.append(f"{vacancies} places on the board are empty")
    elif vacancies and status.terms_ending:
        mild.append(
            f"{_count(status.terms_ending, 'governor term ends', 'governor terms end')} within "
            f"{TERM_DAYS} days and a place is already empty"
        )
    if status.edited:
        serious.append("The return was changed outside the app, so its figures are unchecked")
    if status.conflict:
        serious.append("Two different copies of the return arrived; a person must choose one")
    if status.completeness is not None and status.completeness < COMPLETE_WATCH:
        mild.append(f"The return is only {status.completeness}% complete")
    if not status.agreed_on:
        mild.append("The board has not recorded agreeing its self-evaluation")
    refusal = getattr(status, "refusal", None)
    if refusal is not None:
        mild.append(
            f"A later copy of the return was refused: {refusal.reason} ({refusal.file}, "
            f"{refusal.refused_on}); the earlier one is used"
        )
    return serious, mild


def _count(n: int, one: str, many: str) -> str:
    return f"1 {one}" if n == 1 else f"{n} {many}"
