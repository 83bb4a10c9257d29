// GraphQL over HTTP for the screen: POST /graphql with the bearer token; errors keep their code.

/** The first error's stable `extensions.code` (UNAUTHENTICATED, NOT_FOUND, …) and field. */
export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((error) => error.message).join("; "));
    this.code = errors[0].extensions?.code ?? "INTERNAL";
    this.field = errors[0].extensions?.field ?? null;
  }
}

export async function graphql(query, variables = {}, token = null) {
  const headers = { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`HTTP ${response.status}`); // a proxy's error page, not zhdj
  }
  if (body.errors?.length) throw new GraphQLError(body.errors);
  return body.data;
}
