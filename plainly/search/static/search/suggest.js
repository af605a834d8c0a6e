// Type-ahead for the header's search box and the box to ask a question, as an ARIA combobox:
// arrow keys move through the suggested questions, Enter opens the chosen one, Escape closes the
// list. Each form names where its suggestions come from (data-suggest-url).
(function () {
  "use strict";

  if (!window.fetch) { return; }
  document.querySelectorAll("form[data-suggest-url]").forEach(suggestFor);

  function suggestFor(form) {
    var input = form.querySelector("[role=combobox]");
    var list = input && document.getElementById(input.getAttribute("aria-controls"));
    var status = form.querySelector("[data-suggest-status]") || document.createElement("p");
    if (!list) { return; }
    var options = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    function close() {
      clearTimeout(timer);
      latest++;  // a reply still on its way is for words no longer asked about
      status.textContent = "";
      list.hidden = true;
      list.innerHTML = "";
      options = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function show(suggestions) {
      // A reader may have chosen from the list for fewer letters while this one was on its way:
      // the choice stays if the question is still suggested.
      var chosen = active >= 0 ? options[active].dataset.url : null;
      list.innerHTML = "";
      options = suggestions.map(function (suggestion, index) {
        var item = document.createElement("li");
        item.id = list.id + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.className = "site-search__suggestion";
        item.textContent = suggestion.title;
        item.dataset.url = suggestion.url;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the box until we leave the page
          window.location.href = suggestion.url;
        });
        list.appendChild(item);
        return item;
      });
      active = -1;
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
      status.textContent = options.length
        ? options.length + " suggested question" + (options.length === 1 ? "" : "s") + ": use the arrow keys to choose one, and Enter to open it."
        : "";
      var kept = suggestions.findIndex(function (suggestion) { return suggestion.url === chosen; });
      if (kept >= 0) { choose(kept); }
    }

    function choose(index) {
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var ticket = ++latest;
        fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) { if (ticket === latest) { show(data.suggestions); } })
          .catch(close);
      }, 150);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && options.length) {
        event.preventDefault();
        choose(active + 1);
      } else if (event.key === "ArrowUp" && options.length) {
        event.preventDefault();
        choose(active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options[active].dataset.url;
      } else if (event.key === "Escape" && options.length) {
        event.preventDefault();  // close the list, keeping the words
        close();
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
})();
