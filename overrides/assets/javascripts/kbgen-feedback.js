/*
 * kbgen "Was this page helpful?": a Yes/No question at the end of every article.
 *
 * After No, the reader may say what went wrong (reasons, a comment of at most 500 characters) and
 * sees at once how to reach a person (the emergency line first on the resident site, then phone,
 * e-mail, portal and office hours, from kbgen-config). Votes go out through kbgen-beacon.js (so
 * nothing is sent without an endpoint or under GPC/DNT); the widget works the same either way.
 *
 * Accessible by construction: real buttons with aria-pressed, a fieldset with a legend, a labelled
 * textarea, and a status line that screen readers announce. The section's `data-kbgen-vote` holds the
 * reader's vote, which the contact-click logger (kbgen-escalations.js) reads.
 * Articles are the pages with the plugin's "Filed under" line; home and category pages have none.
 */
(() => {
  "use strict";

  const REASONS = [
    ["answer", "It did not answer my question"],
    ["outdated", "It is out of date"],
    ["unclear", "It is hard to follow"],
    ["broken", "A link or video is broken"],
    ["other", "Something else"],
  ];
  const MAX_COMMENT = 500;
  const kbgen = window.kbgen;
  if (!kbgen || !kbgen.beacon) throw new Error("kbgen-feedback.js needs kbgen-beacon.js, loaded before it");
  const beacon = kbgen.beacon;

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === true) node.setAttribute(name, "");
      else if (value !== false && value != null) node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  function telHref(phone) {
    return `tel:${phone.replace(/[^0-9+]/g, "")}`;
  }

  /* How to reach a person, from the site's contact settings; values go in as text, never as HTML. */
  function contactBlock(id) {
    const config = beacon.config || {};
    const contact = config.contact || {};
    const block = element("div", { class: "kbgen-feedback__contact", hidden: true });
    block.append(element("h3", { id: `${id}-contact` }, "Talk to a person"));
    if (config.emergency_line) {
      block.append(
        element(
          "p",
          { class: "kbgen-feedback__emergency" },
          "Emergency (fire, gas smell, flooding, no heat)? Call 911 if anyone is in danger, then our 24/7 line ",
          element("a", { href: telHref(config.emergency_line) }, config.emergency_line),
          ".",
        ),
      );
    }
    const ways = element("ul", { class: "kbgen-feedback__ways", "aria-labelledby": `${id}-contact` });
    if (contact.phone) ways.append(element("li", {}, "Call ", element("a", { href: telHref(contact.phone) }, contact.phone)));
    if (contact.email) ways.append(element("li", {}, "Email ", element("a", { href: `mailto:${contact.email}` }, contact.email)));
    if (contact.portal_url) {
      ways.append(element("li", {}, element("a", { href: contact.portal_url, rel: "noopener" }, "Send us a message in the portal")));
    }
    block.append(ways);
    if (contact.hours) block.append(element("p", { class: "kbgen-feedback__hours" }, `Office hours: ${contact.hours}.`));
    return block;
  }

  function detailsForm(id) {
    const reasons = element("fieldset", {}, element("legend", {}, "What went wrong? (optional)"));
    for (const [code, label] of REASONS) {
      reasons.append(element("label", {}, element("input", { type: "checkbox", name: "reason", value: code }), ` ${label}`));
    }
    const comment = element("textarea", {
      id: `${id}-comment`,
      name: "comment",
      rows: "3",
      maxlength: String(MAX_COMMENT),
      "aria-describedby": `${id}-comment-hint`,
    });
    return element(
      "form",
      { class: "kbgen-feedback__details", hidden: true },
      reasons,
      element("label", { for: `${id}-comment` }, "Anything else we should know? (optional)"),
      comment,
      element(
        "p",
        { id: `${id}-comment-hint`, class: "kbgen-feedback__hint" },
        `Up to ${MAX_COMMENT} characters. Please leave out names, phone numbers and unit numbers.`,
      ),
      element("button", { type: "submit", class: "md-button md-button--primary" }, "Send"),
    );
  }

  function buildWidget(id) {
    const voteButton = (vote, label) =>
      element("button", { type: "button", class: "md-button kbgen-feedback__vote", "data-kbgen-vote": vote, "aria-pressed": "false" }, label);
    const section = element(
      "section",
      { class: "kbgen-feedback", "aria-labelledby": `${id}-title`, "data-search-exclude": true },
      element("h2", { id: `${id}-title`, class: "kbgen-feedback__title" }, "Was this page helpful?"),
      element("div", { class: "kbgen-feedback__votes" }, voteButton("yes", "Yes"), voteButton("no", "No")),
      element("p", { class: "kbgen-feedback__status", role: "status", tabindex: "-1" }),
      detailsForm(id),
      contactBlock(id),
    );
    section.addEventListener("click", (event) => {
      const button = event.target.closest("[data-kbgen-vote]");
      if (button) vote(section, button.dataset.kbgenVote);
    });
    section.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      sendDetails(section);
    });
    return section;
  }

  function vote(section, value) {
    if (section.dataset.kbgenVote === value) return;
    section.dataset.kbgenVote = value;
    for (const button of section.querySelectorAll("[data-kbgen-vote]")) {
      button.setAttribute("aria-pressed", String(button.dataset.kbgenVote === value));
    }
    beacon.send({ k: value });
    const status = section.querySelector(".kbgen-feedback__status");
    const form = section.querySelector("form");
    form.hidden = value !== "no";
    section.querySelector(".kbgen-feedback__contact").hidden = value !== "no";
    status.textContent =
      value === "no"
        ? "Thanks for telling us. Say what went wrong below, or talk to a person."
        : "Thanks! Glad it helped.";
  }

  function sendDetails(section) {
    const form = section.querySelector("form");
    const reasons = [...form.querySelectorAll("input[name=reason]:checked")].map((box) => box.value);
    const comment = form.querySelector("textarea").value.trim().slice(0, MAX_COMMENT);
    if (reasons.length || comment) beacon.send({ k: "no", r: reasons.join(","), c: comment });
    form.hidden = true;
    const status = section.querySelector(".kbgen-feedback__status");
    status.textContent = "Thank you: we will use this to fix the article.";
    status.focus();
  }

  let widgets = 0;

  function addWidget() {
    const article = document.querySelector(".md-content article");
    if (!article || !article.querySelector(".kbgen-filed-under") || article.querySelector(".kbgen-feedback")) return;
    widgets += 1;
    const widget = buildWidget(`kbgen-feedback-${widgets}`);
    (article.querySelector(".kbgen-related") || article.querySelector(".kbgen-filed-under")).before(widget);
  }

  /* Material's instant navigation swaps pages without reloading: `document$` fires for each one. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(addWidget);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addWidget);
  } else {
    addWidget();
  }
})();
