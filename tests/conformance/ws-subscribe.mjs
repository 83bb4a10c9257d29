// Subscribes with the reference graphql-ws client (graphql-transport-ws protocol).
// Usage: node ws-subscribe.mjs ws://host/graphql TOKEN 'subscription {...}' COUNT
// Prints "ready" once acknowledged, then each result as a JSON line, and exits after COUNT.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, token, query, count] = process.argv.slice(2);
let received = 0;
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  on: { connected: () => setTimeout(() => console.log("ready"), 100) },
  retryAttempts: 0,
});
client.subscribe(
  { query },
  {
    next: (result) => {
      console.log(JSON.stringify(result));
      received += 1;
      if (received >= Number(count)) {
        client.dispose();
        process.exit(0);
      }
    },
    error: (error) => {
      console.error(JSON.stringify(error instanceof Error ? error.message : error));
      process.exit(1);
    },
    complete: () => process.exit(received >= Number(count) ? 0 : 1),
  },
);
