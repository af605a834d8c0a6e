// "Was this helpful?", sent in the background: the reader stays where they were reading. The
// page is the same for everyone (caches keep it whole), so nothing here is per reader.
document.querySelectorAll("[data-helpful]").forEach((box) => {
  const ask = box.querySelector(".helpful__ask");
  const why = box.querySelector(".helpful__why");
  const status = box.querySelector(".helpful__status");

  async function send(form, helpful) {
    const body = new FormData(form);
    if (helpful) body.set("helpful", helpful);
    const response = await fetch(form.action, {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(answer.error || "Your answer could not be sent. Try again in a moment.");
    }
    return answer;
  }

  ask.addEventListener("submit", async (event) => {
    event.preventDefault();
    const helpful = event.submitter ? event.submitter.value : "yes";
    try {
      const answer = await send(ask, helpful);
      ask.hidden = true;
      if (answer.asks_why) {
        why.hidden = false;
        status.textContent = "Thanks for telling us. If you like, say what was wrong.";
        why.querySelector("input").focus();
      } else {
        status.textContent = "Thanks for telling us.";
      }
    } catch (error) {
      status.textContent = error.message;
    }
  });

  why.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await send(why);
      why.hidden = true;
      status.textContent = "Thanks: the editors read every answer.";
    } catch (error) {
      status.textContent = error.message;
    }
  });
});
