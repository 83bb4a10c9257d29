// PostGraphile 4.14 over the zhdj database, one Node process: a baseline for
// bench.http_throughput (bench/postgraphile_server.py starts it; `npm ci` installs it).
//
//   node server.js postgresql://user@host:5432/db 8010
//
// Options are the ones PostGraphile's docs recommend for production that bear on a read:
// no query log, no GraphiQL, no default mutations. `id` is the table's key (the Relay node id
// is `nodeId`), so rows compare with the other servers' by key. The pool matches zhdj's (10 + 10 overflow)
// and, like zhdj's connections, runs without JIT. /healthz answers once the schema is built.
// Smart tags in postgraphile.tags.json5 name what PostGraphile cannot name itself.
"use strict";

const http = require("http");
const path = require("path");
const { postgraphile } = require("postgraphile");
const { makePgSmartTagsFromFilePlugin } = require("postgraphile/plugins");

const [databaseUrl, port] = process.argv.slice(2);
const graphql = postgraphile(
  { connectionString: databaseUrl, max: 20, options: "-c jit=off" },
  "public",
  {
    appendPlugins: [makePgSmartTagsFromFilePlugin(path.join(__dirname, "postgraphile.tags.json5"))],
    disableDefaultMutations: true,
    disableQueryLog: true,
    dynamicJson: true,
    graphiql: false,
    legacyRelations: "omit",
    retryOnInitFail: false,
    setofFunctionsContainNulls: false,
  },
);

http
  .createServer((request, response) => {
    if (request.url !== "/healthz") {
      graphql(request, response);
      return;
    }
    graphql.getGraphQLSchema().then(
      () => response.writeHead(200).end("ok"),
      (error) => response.writeHead(503).end(String(error)),
    );
  })
  .listen(Number(port), "127.0.0.1");
