// Wagtail starts its date and time pickers, its inline panels and its model choosers from inline
// scripts, which the admin's Content-Security-Policy refuses. Plainly's copies of those templates
// (and plainly/admin_widgets.py, for the choosers) leave the same call in data attributes instead;
// this makes it, for the page as loaded and for every form an editor adds later (an inline
// panel's new child brings its own pickers and choosers).
(function () {
  "use strict";

  const PANELS = { InlinePanel: "InlinePanel", MultipleChooserPanel: "MultipleChooserPanel" };
  const PICKERS = new Set(["initDateChooser", "initDateTimeChooser", "initTimeChooser"]);

  function start(element) {
    if (element.dataset.plainlyStarted) return;
    element.dataset.plainlyStarted = "true";
    const name = element.dataset.plainlyStart;
    const options = JSON.parse(element.dataset.options);
    if (PANELS[name]) {
      new window[PANELS[name]](options);
    } else if (PICKERS.has(name)) {
      window[name](element.dataset.id, options);
    } else if (/^[A-Z]\w*Chooser$|^Chooser$/.test(name) && typeof window[name] === "function") {
      // A model chooser: PageChooser, ImageChooser, DocumentChooser, SnippetChooser...
      new window[name](element.dataset.id, options);
    }
  }

  function startAll(root) {
    if (root.matches && root.matches("[data-plainly-start]")) start(root);
    if (root.querySelectorAll) root.querySelectorAll("[data-plainly-start]").forEach(start);
  }

  function watch() {
    startAll(document);
    new MutationObserver((changes) => {
      for (const change of changes) change.addedNodes.forEach(startAll);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
