// The Promote tab, as an editor fills it in: how long the title tag and the meta description are
// against what search engines show, and the result a search engine would list for the page.
(function () {
  "use strict";

  // About what a search result shows before it cuts a line short.
  const LIMITS = { id_seo_title: 60, id_search_description: 160 };

  function value(id) {
    const field = document.getElementById(id);
    return field ? field.value.trim() : "";
  }

  // The short answer is rich text: its field holds Draftail's data, its editor the words.
  function shortAnswer() {
    const field = document.getElementById("id_short_answer");
    const wrapper = field && field.closest("[data-field-wrapper]");
    const editor = wrapper && wrapper.querySelector("[contenteditable=true]");
    return editor ? editor.innerText.replace(/\s+/g, " ").trim() : "";
  }

  function counter(field, limit) {
    const note = document.createElement("p");
    note.className = "help-block plainly-counter";
    note.setAttribute("aria-live", "polite");
    note.id = field.id + "-count";
    field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), note.id]
      .filter(Boolean).join(" "));
    field.insertAdjacentElement("afterend", note);
    const update = () => {
      const length = field.value.trim().length;
      note.textContent = `${length} of about ${limit} characters` +
        (length > limit ? ": search engines will cut it short" : "");
      note.classList.toggle("plainly-counter--over", length > limit);
    };
    field.addEventListener("input", update);
    update();
  }

  function preview(box) {
    const title = box.querySelector("[data-preview-title]");
    const address = box.querySelector("[data-preview-address]");
    const description = box.querySelector("[data-preview-description]");
    const update = () => {
      title.textContent = value("id_seo_title") || value("id_title") || "(the page's title)";
      const base = box.dataset.parentAddress || "";
      address.textContent = base + (value("id_slug") ? value("id_slug") + "/" : "");
      description.textContent = value("id_search_description") ||
        shortAnswer() || value("id_intro") || "(the page's description)";
    };
    document.addEventListener("input", update);
    update();
  }

  function start() {
    for (const [id, limit] of Object.entries(LIMITS)) {
      const field = document.getElementById(id);
      if (field) counter(field, limit);
    }
    document.querySelectorAll("[data-search-preview]").forEach(preview);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
