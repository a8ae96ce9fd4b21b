/*
 * kbgen contact clicks: a click on a phone, e-mail or portal link is a reader the help center did
 * not help on its own. Each is sent (through kbgen-beacon.js) as a `contact` beacon with the channel
 * and what led there, so the report can tell which articles and searches still send people to a CSR:
 *   no      - the reader voted No on this article (the widget's `data-kbgen-vote`);
 *   article - on an article page;
 *   miss    - elsewhere, after a search that found nothing (kbgen-beacon.js lastMiss);
 *   page    - anywhere else (home, category pages).
 * A recent miss travels with the click in every case. Before reading it, the click announces itself
 * ("kbgen:contact") so the miss logger can settle a search that is still open.
 */
(() => {
  "use strict";

  const kbgen = window.kbgen;
  if (!kbgen || !kbgen.beacon) throw new Error("kbgen-escalations.js needs kbgen-beacon.js, loaded before it");
  const beacon = kbgen.beacon;
  if (!beacon.enabled) return;
  const contact = (beacon.config && beacon.config.contact) || {};
  const digits = (text) => String(text || "").replace(/[^0-9]/g, "");

  function channelOf(link) {
    const href = link.getAttribute("href") || "";
    if (/^tel:/i.test(href)) {
      const emergency = digits(contact.emergency_phone);
      return emergency && digits(href) === emergency ? "emergency" : "phone";
    }
    if (/^mailto:/i.test(href)) return "email";
    const portal = String(contact.portal_url || "");
    return portal && link.href.startsWith(portal.replace(/\/?$/, "")) ? "portal" : "";
  }

  function originOf(query) {
    const article = document.querySelector(".md-content article");
    if (article && article.querySelector(".kbgen-filed-under")) {
      const widget = article.querySelector(".kbgen-feedback");
      return widget && widget.dataset.kbgenVote === "no" ? "no" : "article";
    }
    return query ? "miss" : "page";
  }

  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest && event.target.closest("a[href]");
      const channel = link && channelOf(link);
      if (!channel) return;
      document.dispatchEvent(new CustomEvent("kbgen:contact"));
      const query = beacon.lastMiss();
      beacon.send({ k: "contact", v: channel, f: originOf(query), q: query });
    },
    true,
  );
})();
