/*
 * kbgen-a11y.js: keyboard and screen-reader fixes around Material.
 *
 * "Search for an answer" on the home page is a real <button data-kbgen-open-search>: Tab reaches it,
 * Enter and Space press it (a <label for="__search"> does neither). Pressing it opens Material's
 * search the way Material's own toggle does (checking #__search and announcing the change), and
 * puts the cursor in the search field. Delegated on `document`, so it works after instant navigation.
 *
 * On phones, Material opens the menu and the search from <label>s in the header, which the keyboard
 * cannot reach: they become named buttons (tabindex, role). Material itself clicks a focused label on
 * Enter; Space is added here.
 */
(() => {
  "use strict";
  const kbgen = (window.kbgen = window.kbgen || {}); // needs nothing: the namespace is kbgen-analysis.js's
  kbgen.loaded = kbgen.loaded || {};
  if (kbgen.loaded.a11y) return;
  kbgen.loaded.a11y = true;

  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-kbgen-open-search]")) return;
    const toggle = document.getElementById("__search");
    const input = document.querySelector("[data-md-component=search-query]");
    if (!toggle || !input) return;
    event.preventDefault();
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    input.focus();
  });

  const HEADER_OPENERS = { __drawer: "Open the menu", __search: "Search" };
  for (const [toggle, name] of Object.entries(HEADER_OPENERS)) {
    const opener = document.querySelector(`.md-header label.md-header__button[for="${toggle}"]`);
    if (!opener || opener.hasAttribute("role")) continue;
    opener.setAttribute("role", "button");
    opener.setAttribute("tabindex", "0");
    opener.setAttribute("aria-label", name);
    opener.addEventListener("keydown", (event) => {
      if (event.key !== " ") return;
      event.preventDefault();
      opener.click();
    });
  }
})();
