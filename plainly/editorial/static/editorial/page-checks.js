// In the page editor: the fact checks of the page as last saved (stale facts it shows, figures
// contradicting a fact, figures no fact backs), each with a link to mend it, above the form.
(function () {
  "use strict";

  const editing = window.location.pathname.match(/\/pages\/(\d+)\/edit\//);
  const title = document.getElementById("id_title");
  if (!editing || !title) return;

  const KINDS = { stale: "Stale fact", contradiction: "Contradiction", unsourced: "Unsourced figure" };

  function item(finding) {
    const entry = document.createElement("li");
    const kind = document.createElement("strong");
    kind.textContent = `${KINDS[finding.kind] || finding.kind}: `;
    entry.append(kind, `${finding.subject} (${finding.figure}). ${finding.reason} `);
    if (finding.sentence) {
      const said = document.createElement("q");
      said.textContent = finding.sentence;
      entry.append(said, " ");
    }
    const fix = document.createElement("a");
    fix.href = finding.fix_url;
    fix.target = "_blank";
    fix.rel = "noopener";
    fix.textContent = finding.fix_label;
    entry.append(fix);
    return entry;
  }

  function show(findings) {
    if (!findings.length) return;
    const box = document.createElement("section");
    box.className = "help-block help-warning plainly-page-checks";
    box.setAttribute("aria-label", "Fact checks");
    const heading = document.createElement("p");
    heading.textContent = `Fact checks of the last saved version: ${findings.length} to look at before publishing.`;
    const list = document.createElement("ul");
    findings.forEach((finding) => list.append(item(finding)));
    box.append(heading, list);
    const form = title.closest("form");
    form.insertBefore(box, form.firstElementChild);
  }

  fetch(`/admin/plainly/page-checks/${editing[1]}/`, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : { findings: [] }))
    .then((data) => show(data.findings))
    .catch(() => {});
})();
