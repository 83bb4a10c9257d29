// A notice over the whole screen when there is nothing honest to show (an organisation this
// account may not see, an account with no organisation), with what the operator can do next.

import { byTestId } from "./dom.js";

/** actions: [{label, run}], shown as buttons (replaced on every notice, never accumulated). */
export function showNotice(title, detail, actions = []) {
  const notice = byTestId("notice");
  notice.querySelector("h2").textContent = title;
  notice.querySelector("p").textContent = detail;
  notice.querySelector(".actions").replaceChildren(...actions.map(({ label, run }) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.onclick = run;
    return button;
  }));
  notice.hidden = false;
}

export function hideNotice() {
  const notice = byTestId("notice");
  notice.hidden = true;
  notice.querySelector(".actions").replaceChildren();
}
