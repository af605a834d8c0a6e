// "Was this helpful?", sent in the background: the reader stays where they were reading. The
// page is the same for everyone (caches keep it whole), so nothing here is per reader.
document.querySelectorAll("[data-helpful]").forEach((box) => {
  const ask = box.querySelector(".helpful__ask");
  const why = box.querySelector(".helpful__why");
  const status = box.querySelector(".helpful__status");

  const failed = "Your answer could not be sent. Try again in a moment.";
  // The button pressed, noted as it is pressed: browsers without SubmitEvent.submitter would
  // otherwise send the form without it.
  let pressed = "yes";
  ask.querySelectorAll("button").forEach((button) => {
    button.addEventListener("click", () => { pressed = button.value; });
  });

  function tell(text) {
    status.textContent = text;
    status.focus(); // the button pressed is gone: the reader is taken to what happened
  }

  async function send(form, helpful) {
    const body = new FormData(form);
    if (helpful) body.set("helpful", helpful);
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch {
      throw new Error(failed); // offline, or the site did not answer
    }
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(answer.error || failed);
    }
    return answer;
  }

  ask.addEventListener("submit", async (event) => {
    event.preventDefault();
    const helpful = event.submitter ? event.submitter.value : pressed;
    try {
      const answer = await send(ask, helpful);
      ask.hidden = true;
      if (answer.asks_why) {
        why.hidden = false;
        status.textContent = "Thanks for telling us. If you like, say what was wrong.";
        why.querySelector('input[type="radio"]').focus();
      } else {
        tell("Thanks for telling us.");
      }
    } catch (error) {
      tell(error.message);
    }
  });

  why.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await send(why);
      why.hidden = true;
      tell("Thanks: the editors read every answer.");
    } catch (error) {
      tell(error.message);
    }
  });
});
