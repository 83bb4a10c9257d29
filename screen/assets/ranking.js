// The evaluation ranking panel 考核排行: the year's best results in the screen's subtree with
// their stars, read over HTTP on every (re)connect and again when an upper organisation
// publishes its children's stars (EVALUATION_PUBLISHED). Who reads no evaluation sees a note.

import { GraphQLError } from "./api.js";
import { byTestId, setText } from "./dom.js";

const SHOWN = 5;
const RANKING = `query ($org: ID, $first: Int) { evaluationResults(under: $org, first: $first) {
  nodes { total stars organization { name } } } }`;

function line(node, place) {
  const row = document.createElement("li");
  const name = document.createElement("span");
  name.textContent = `${place}. ${node.organization?.name ?? "—"}`;
  const score = document.createElement("b");
  score.textContent = `${node.total.toFixed(1)} ${"★".repeat(node.stars)}`;
  row.append(name, score);
  return row;
}

export async function rank(ask, org) {
  const panel = byTestId("ranking");
  try {
    const { evaluationResults } = await ask(RANKING, { org, first: SHOWN });
    byTestId("ranking-list").replaceChildren(...evaluationResults.nodes.map((node, n) => line(node, n + 1)));
    panel.dataset.state = "live";
  } catch (error) {
    if (!(error instanceof GraphQLError && error.code === "FORBIDDEN")) return; // retried on reconnect
    panel.dataset.state = "refused";
    setText(byTestId("ranking-note"), "本账号无权查看考核结果");
  }
}
