// In the page editor: while an editor types a question's title, list the published questions
// that look alike, so the same question is not answered twice.
(function () {
  "use strict";

  var title = document.getElementById("id_title");
  if (!title) { return; }
  // The page being edited (left out of the list), or the one a new page is added under: either
  // says which site's questions to look among.
  var editing = window.location.pathname.match(/\/pages\/(\d+)\/edit\//);
  var adding = window.location.pathname.match(/\/pages\/add\/\w+\/\w+\/(\d+)\//);
  var where = editing ? "&exclude=" + editing[1] : adding ? "&parent=" + adding[1] : "";
  var box = document.createElement("div");
  box.className = "help-block help-info plainly-similar";
  box.setAttribute("aria-live", "polite");
  box.hidden = true;
  title.parentNode.appendChild(box);
  var timer = null;

  function render(similar) {
    box.innerHTML = "";
    if (!similar.length) { box.hidden = true; return; }
    var intro = document.createElement("p");
    intro.textContent = "Already answered? These published questions look alike:";
    var list = document.createElement("ul");
    similar.forEach(function (question) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = question.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = question.title;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + Math.round(question.score * 100) + "% alike)"));
      list.appendChild(item);
    });
    box.appendChild(intro);
    box.appendChild(list);
    box.hidden = false;
  }

  title.addEventListener("input", function () {
    clearTimeout(timer);
    var text = title.value.trim();
    if (text.length < 8) { render([]); return; }
    timer = setTimeout(function () {
      var url = "/admin/plainly/similar-questions/?title=" + encodeURIComponent(text) + where;
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { similar: [] }; })
        .then(function (data) { render(data.similar); })
        .catch(function () { render([]); });
    }, 300);
  });
})();
