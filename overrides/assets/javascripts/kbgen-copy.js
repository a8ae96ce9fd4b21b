/* kbgen copy buttons: "Copy link" and "Copy reply" on every article, a copy-link button on every
 * heading, and any `[data-kb-copy]` button (the staff link catalog inlines this very file).
 *
 * Links are absolute, built from `site_url` in the page's kbgen-config, so what a CSR pastes works
 * for the customer wherever the CSR opened the page. The buttons are real <button>s: Tab, Enter,
 * Space and taps all work, and each says "Copied" (also to screen readers) once the text is copied.
 * The reply is "title, summary, link" on three lines: `kbgen links` writes the same text.
 */
(() => {
  "use strict";

  const FEEDBACK_MS = 2000;

  function copyWithSelection(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    area.remove();
    return copied;
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (error) {
        /* permission refused: try the selection way below */
      }
    }
    return copyWithSelection(text);
  }

  function announce(message) {
    let status = document.querySelector(".kb-copy-status");
    if (!status) {
      status = document.createElement("div");
      status.className = "kb-copy-status";
      status.setAttribute("role", "status");
      document.body.append(status);
    }
    status.textContent = message;
  }

  function showResult(button, copied) {
    const label = button.querySelector(".kb-copy__label");
    if (!button.dataset.kbLabel) button.dataset.kbLabel = label.textContent;
    label.textContent = copied ? "Copied" : "Copy failed: select the text and press Ctrl+C";
    button.classList.toggle("kb-copy--done", copied);
    announce(copied ? "Copied to the clipboard" : "Could not copy");
    clearTimeout(button.kbTimer);
    button.kbTimer = setTimeout(() => {
      label.textContent = button.dataset.kbLabel;
      button.classList.remove("kb-copy--done");
    }, FEEDBACK_MS);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-kb-copy]");
    if (!button) return;
    event.preventDefault();
    copyText(button.dataset.kbCopy).then((copied) => showResult(button, copied));
  });

  function copyButton(label, text, className) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `kb-copy ${className}`;
    button.dataset.kbCopy = text;
    const span = document.createElement("span");
    span.className = "kb-copy__label";
    span.textContent = label;
    button.append(span);
    return button;
  }

  function siteConfig() {
    const element = document.getElementById("kbgen-config");
    try {
      return element ? JSON.parse(element.textContent) : null;
    } catch (error) {
      return null;
    }
  }

  /* The page's absolute URL: its path inside the audience site, appended to site_url, so it is the
   * published address even on a preview server or a CSR's local copy. */
  function publishedUrl(siteUrl) {
    const root = new URL(siteUrl).pathname;
    const at = location.pathname.indexOf(root);
    return siteUrl + (at >= 0 ? location.pathname.slice(at + root.length) : "");
  }

  function decorateArticle() {
    const config = siteConfig();
    const article = document.querySelector(".md-content article");
    /* Articles are the pages with the plugin's "Filed under" line; home and category pages have none. */
    if (!config || !config.site_url || !article || !article.querySelector(".kb-category")) return;
    if (article.querySelector(".kb-copy-bar")) return;
    const url = publishedUrl(config.site_url);
    const title = article.querySelector("h1");
    const summary = article.querySelector(".kb-summary");
    const reply = [title.textContent.trim(), summary ? summary.textContent.trim() : "", url]
      .filter(Boolean)
      .join("\n");
    const bar = document.createElement("div");
    bar.className = "kb-copy-bar";
    bar.setAttribute("data-search-exclude", "");
    bar.append(copyButton("Copy link", url, "kb-copy--link"), copyButton("Copy reply", reply, "kb-copy--reply"));
    (summary || title).after(bar);
    for (const heading of article.querySelectorAll("h2[id], h3[id], h4[id], h5[id], h6[id]")) {
      const button = copyButton("Copy link to this section", `${url}#${heading.id}`, "kb-copy--heading");
      heading.append(button);
    }
  }

  /* Material's instant navigation swaps pages without reloading: `document$` fires for each one. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(decorateArticle);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", decorateArticle);
  } else {
    decorateArticle();
  }
})();
