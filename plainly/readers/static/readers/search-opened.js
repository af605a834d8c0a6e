// A reader opened one of a search's results: the site is told the search's words (nothing
// else), so that editors can see the searches after which readers opened nothing.
(() => {
  const script = document.currentScript;
  const results = document.querySelector(".search-results");
  if (!script || !results || !navigator.sendBeacon) return;
  let told = false;
  results.addEventListener("click", (event) => {
    if (told || !event.target.closest("a")) return;
    told = true;
    const body = new FormData();
    body.set("q", script.dataset.query);
    navigator.sendBeacon(script.dataset.url, body);
  });
})();
