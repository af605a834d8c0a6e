// The discussion works without this script; with it, forms on cached pages get a fresh token
// before they are sent, replies are written in place, and times read "3 hours ago".
(function () {
  "use strict";

  var tokenUrl = "/discussion/form-token/";
  var pending = null;

  function fetchToken() {
    if (!pending) {
      pending = fetch(tokenUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("token " + response.status); }
          return response.json();
        })
        .catch(function (error) { pending = null; throw error; });
    }
    return pending;
  }

  function fill(form, values) {
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (csrf && !csrf.value) { csrf.value = values.csrf; }
    var started = form.querySelector("input[name=started]");
    // The time a reader starts writing, not the time a cached copy of the page was made.
    if (started && !form.dataset.startedFilled) {
      started.value = values.started;
      form.dataset.startedFilled = "1";
    }
  }

  document.querySelectorAll("form[data-needs-token]").forEach(function (form) {
    // Only a field or button asks for the token, not the form's links (Sign in, Register):
    // a token fetched as the reader leaves would set a CSRF cookie that could land after the
    // next page's own, and that page's form would then be refused.
    form.addEventListener("focusin", function (event) {
      if (!event.target.matches("input, textarea, select, button")) { return; }
      fetchToken().then(function (values) { fill(form, values); }).catch(function () {});
    });
    form.addEventListener("submit", function (event) {
      var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (csrf && csrf.value) { return; }
      event.preventDefault();
      // Without a token the server shows the form again, so a failed fetch loses nothing.
      fetchToken().then(function (values) { fill(form, values); })
        .catch(function () {})
        .then(function () { HTMLFormElement.prototype.submit.call(form); });
    });
  });

  var form = document.getElementById("comment-form");
  if (form) {
    var home = form.parentNode;
    var marker = document.createComment("comment form");
    home.insertBefore(marker, form);
    var parentInput = form.querySelector("input[name=parent]");
    var replying = form.querySelector(".comment-form__replying");
    var heading = form.querySelector(".comment-form__heading");

    document.querySelectorAll("a[data-reply-to]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var comment = document.getElementById("comment-" + link.dataset.replyTo);
        comment.parentNode.insertBefore(form, comment.nextSibling);
        parentInput.value = link.dataset.replyTo;
        replying.hidden = false;
        // The sentence's own full stop ends a name that ends in one ("Sora K.").
        replying.querySelector("[data-reply-name]").textContent = link.dataset.replyName.replace(/\.$/, "");
        heading.textContent = "Your reply";
        form.querySelector("textarea").focus();
      });
    });

    form.querySelector("[data-cancel-reply]").addEventListener("click", function () {
      home.insertBefore(form, marker.nextSibling);
      parentInput.value = "";
      replying.hidden = true;
      heading.textContent = "Add a comment";
    });
  }

  var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60]];
  var format = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat("en", { numeric: "auto" }) : null;
  // The page may have come from a cache, so the server leaves "how long ago" to this script:
  // it is said as of now, not as of when the page was made.
  document.querySelectorAll("[data-since]").forEach(function (element) {
    if (!format) { return; }
    var seconds = (new Date(element.dataset.since) - Date.now()) / 1000;
    var relative = "just now";
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1]) {
        relative = format.format(Math.round(seconds / units[i][1]), units[i][0]);
        break;
      }
    }
    element.textContent = relative + " · ";
  });
})();
