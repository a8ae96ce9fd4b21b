/* kbgen copy buttons for staff pages: any `[data-kbgen-copy]` button copies its text. The staff link
 * catalog (`kbgen links --format html`, and the staff view the build writes to site/staff/) inlines
 * this file; the public help centers never load it.
 *
 * The buttons are real <button>s: Tab, Enter, Space and taps all work, and each says "Copied" (also
 * to screen readers) once the text is copied. What they copy (absolute links, the three-line reply)
 * is written into the page by `kbgen links`.
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
    let status = document.querySelector(".kbgen-copy-status");
    if (!status) {
      status = document.createElement("div");
      status.className = "kbgen-copy-status";
      status.setAttribute("role", "status");
      document.body.append(status);
    }
    status.textContent = message;
  }

  function showResult(button, copied) {
    const label = button.querySelector(".kbgen-copy__label");
    if (!button.dataset.kbgenLabel) button.dataset.kbgenLabel = label.textContent;
    label.textContent = copied ? "Copied" : "Copy failed: select the text and press Ctrl+C";
    button.classList.toggle("kbgen-copy--done", copied);
    announce(copied ? "Copied to the clipboard" : "Could not copy");
    clearTimeout(button.kbTimer);
    button.kbTimer = setTimeout(() => {
      label.textContent = button.dataset.kbgenLabel;
      button.classList.remove("kbgen-copy--done");
    }, FEEDBACK_MS);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-kbgen-copy]");
    if (!button) return;
    event.preventDefault();
    copyText(button.dataset.kbgenCopy).then((copied) => showResult(button, copied));
  });

})();
