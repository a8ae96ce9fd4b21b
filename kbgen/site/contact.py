"""How a reader reaches a person, as HTML: the contact line, the emergency notice, the emergency
tap target. One writer for the home pages, the 404 pages and the emergency articles; every value
comes from `extra.kbgen` (per audience) and is escaped here."""

from __future__ import annotations

from html import escape

from kbgen.site.linkify import tel_href


def contact_line(contact: dict, lead: str = "Still need help?") -> str:
    """ "Still need help? Call ..., email ... or message us in the portal (hours)." or nothing."""
    ways = []
    if contact.get("phone"):
        ways.append(f'call <a href="{tel_href(contact["phone"])}">{escape(contact["phone"])}</a>')
    if contact.get("email"):
        ways.append(f'email <a href="mailto:{escape(contact["email"])}">{escape(contact["email"])}</a>')
    if contact.get("portal_url"):
        ways.append(f'message us in <a href="{escape(contact["portal_url"])}">the portal</a>')
    if not ways:
        return ""
    hours = f" ({escape(contact['hours'])})" if contact.get("hours") else ""
    joined = ", ".join(ways[:-1]) + (" or " if len(ways) > 1 else "") + ways[-1]
    return f'<p class="kbgen-contact">{escape(lead)} {joined[0].upper()}{joined[1:]}{hours}.</p>'


def emergency_notice(phone: str) -> str:
    """The emergency box of a home or 404 page offering `phone` (the site's `emergency_line`), or
    nothing when the site offers none."""
    if not phone:
        return ""
    return (
        '<div class="admonition danger kbgen-emergency"><p class="admonition-title">Emergency?</p>'
        "<p>Fire, gas smell, flooding or no heat: call 911 if anyone is in danger, "
        f'then our 24/7 emergency line <a href="{tel_href(phone)}">{escape(phone)}</a>.</p></div>'
    )


def emergency_call(phone: str) -> str:
    """The emergency line as a large tap target, right under the answer of an emergency article."""
    return (
        '<p class="kbgen-emergency-call" data-search-exclude>'
        f'<a class="kbgen-emergency-call__line" href="{tel_href(phone)}">Call the 24/7 emergency line '
        f"<strong>{escape(phone)}</strong></a>"
        '<span>If anyone is in danger, get out and <a href="tel:911">call 911</a> first.</span></p>'
    )
