"""Breaks for the CIN episode rules (returns/rules/cin/referrals.py).

No break for 8815 (more than one open episode): the sector's validator never reports it (it counts open episodes
after filling their blank closure dates with 1 and asks for more than 1), so it cannot be the oracle;
test_referrals.py checks it."""

import copy

from lxml import etree

from .broken import break_cin


def put(parent, tag: str, text: str | None):
    """Set `tag` under `parent` (made if missing); None removes it."""
    node = parent.find(tag)
    if text is None:
        if node is not None:
            parent.remove(node)
        return None
    if node is None:
        node = etree.SubElement(parent, tag)
    node.text = text
    return node


def cin(child):
    return child.find("CINdetails")


def close(child, day="2026-03-01", reason="RC1"):
    put(cin(child), "CINclosureDate", day)
    put(cin(child), "ReasonForClosure", reason)


def no_further_action(child):
    """Marked no further action; its plan is taken off (the sector's check of a plan on such a referral, 8832,
    reports nothing, so a plan left on would differ)."""
    put(cin(child), "ReferralNFA", "true")
    cin(child).remove(cin(child).find("ChildProtectionPlans"))


def second_episode(child, referral: str):
    episode = copy.deepcopy(cin(child))
    for tag in ("Assessments", "Section47", "ChildProtectionPlans"):
        for node in episode.findall(tag):
            episode.remove(node)
    put(episode, "CINreferralDate", referral)
    child.append(episode)
    return episode


@break_cin("8555Q")
def _8555q(child):
    put(child.find("ChildIdentifiers"), "PersonDeathDate", "2025-07-01")


@break_cin("8565")
def _8565(child):
    # Closed before the assessment was authorised. (The sector's check stops with an error when an enquiry is
    # also dated after the closure, so the enquiry and plan are taken off.)
    for tag in ("Section47", "ChildProtectionPlans"):
        cin(child).remove(cin(child).find(tag))
    close(child, "2025-08-15")


@break_cin("8568")
def _8568(child):
    put(cin(child), "ReferralNFA", "maybe")


@break_cin("8569Q")
def _8569q(child):
    put(cin(child), "CINreferralDate", "2025-01-10")
    no_further_action(child)


@break_cin("8585Q")
def _8585q(child):
    close(child, reason="RC2")


@break_cin("8600")
def _8600(child):
    put(cin(child), "CINreferralDate", "2026-05-01")


@break_cin("8606")
def _8606(child):
    put(child.find("ChildIdentifiers"), "PersonBirthDate", "2026-12-01")


@break_cin("8610")
def _8610(child):
    put(cin(child), "PrimaryNeedCode", None)


@break_cin("8620")
def _8620(child):
    close(child, "2024-12-01")


@break_cin("8630")
def _8630(child):
    close(child, "2025-07-01")


@break_cin("8640")
def _8640(child):
    close(child, reason="RC99")


@break_cin("8650")
def _8650(child):
    put(cin(child), "PrimaryNeedCode", "N99")


@break_cin("8805")
def _8805(child):
    put(cin(child), "CINclosureDate", "2026-03-01")


@break_cin("8810")
def _8810(child):
    put(cin(child), "ReasonForClosure", "RC1")


@break_cin("8816")
def _8816(child):
    second_episode(child, "2025-10-01")


@break_cin("8820")
def _8820(child):
    second_episode(child, "2025-08-01")


@break_cin("8866")
def _8866(child):
    put(cin(child), "ReferralSource", "99")


@break_cin("2990")
def _2990(child):
    close(child, reason="RC8")


@break_cin("8825Q")
def _8825q(child):
    cin(child).remove(cin(child).find("Assessments"))
    close(child, reason="RC9")


@break_cin("8831")
def _8831(child):
    no_further_action(child)
