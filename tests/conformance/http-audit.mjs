// Runs graphql-http's GraphQL-over-HTTP conformance audits against a server.
// Usage: node http-audit.mjs http://127.0.0.1:8000/graphql
// Prints one JSON object per audit: {id, name, status, reason}.
import { serverAudits } from "graphql-http";

const url = process.argv[2];
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  console.log(
    JSON.stringify({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? null }),
  );
}
