// A graphql-transport-ws client that stays connected: it reconnects by itself with exponential
// backoff and jitter, pings and treats a socket silent for too long as dead, and asks for every
// subscription's payload afresh on each (re)connect, so the page can resume from its cursor.
// One socket, one watchdog timer and at most one retry timer exist at any time; callbacks from a
// socket that was replaced are ignored (each connection has its generation).

const PROTOCOL = "graphql-transport-ws";
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 10_000; // back within ~10 s of the server; jitter spreads many screens
const PING_EVERY_MS = 10_000;
const SILENCE_LIMIT_MS = 35_000;
const REFUSED = new Set([4401, 4403]); // the server will not take these credentials

/**
 * options: path ("/graphql"); connectionParams() → connection_init payload; prepare() → a promise settled
 * before subscribing (a rejection goes to onPrepareFailed, then a retry unless it stopped us);
 * operations() → {id: payload}; onNext(id, payload); onError(id, errors); onState(state);
 * onRefused(closeEvent).
 */
export class LiveConnection {
  #options;
  #socket = null;
  #generation = 0;
  #attempt = 0;
  #retryTimer = null;
  #watchdog = null;
  #heardAt = 0;

  constructor(options) {
    this.#options = options;
    this.state = "idle";
  }

  start() {
    this.stop();
    this.#watchdog = setInterval(() => this.#checkAlive(), PING_EVERY_MS);
    this.#connect();
  }

  /** Close for good (until start): no retry, no timers. */
  stop() {
    this.#generation += 1;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#watchdog);
    this.#retryTimer = this.#watchdog = null;
    this.#socket?.close(1000, "stopped");
    this.#socket = null;
    this.#attempt = 0;
    this.#setState("idle");
  }

  /** Close the socket as a network drop would; the connection comes back by itself. */
  drop() {
    this.#socket?.close(4000, "dropped");
  }

  /** Subscribe `id` again with a fresh payload (e.g. after the server refused a stale cursor). */
  resubscribe(id) {
    this.#send({ id, type: "subscribe", payload: this.#options.operations()[id] });
  }

  #connect() {
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    this.#setState(this.#attempt === 0 && this.state !== "reconnecting" ? "connecting" : "reconnecting");
    this.#heardAt = Date.now();
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}${this.#options.path}`, PROTOCOL);
    this.#socket = socket;
    socket.onopen = () => {
      if (current()) this.#send({ type: "connection_init", payload: this.#options.connectionParams() });
    };
    socket.onmessage = (message) => {
      if (current()) this.#receive(JSON.parse(message.data), current);
    };
    socket.onclose = (event) => {
      if (!current()) return;
      this.#socket = null;
      if (REFUSED.has(event.code)) {
        this.stop();
        this.#options.onRefused(event);
      } else {
        this.#retryLater();
      }
    };
  }

  #receive(message, current) {
    this.#heardAt = Date.now();
    switch (message.type) {
      case "connection_ack": this.#ready(current); break;
      case "next": this.#options.onNext(message.id, message.payload); break;
      case "error": this.#options.onError(message.id, message.payload); break;
      case "ping": this.#send({ type: "pong" }); break;
      default: break; // pong, complete
    }
  }

  async #ready(current) {
    try {
      await this.#options.prepare();
    } catch (error) {
      if (!current()) return;
      this.#options.onPrepareFailed(error);
      if (current()) this.#abandon();
      return;
    }
    if (!current()) return;
    this.#attempt = 0;
    for (const [id, payload] of Object.entries(this.#options.operations())) {
      this.#send({ id, type: "subscribe", payload });
    }
    this.#setState("connected");
  }

  #checkAlive() {
    if (!this.#socket) return;
    if (Date.now() - this.#heardAt > SILENCE_LIMIT_MS) {
      this.#abandon(); // half-open, or stuck connecting: nothing heard for too long
    } else {
      this.#send({ type: "ping" });
    }
  }

  /** Give up on this socket and connect again after the backoff. */
  #abandon() {
    this.#generation += 1;
    this.#socket?.close();
    this.#socket = null;
    this.#retryLater();
  }

  #retryLater() {
    clearTimeout(this.#retryTimer);
    this.#setState("reconnecting");
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 16);
    this.#retryTimer = setTimeout(() => this.#connect(), ceiling / 2 + Math.random() * (ceiling / 2));
  }

  #send(message) {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.#options.onState(state);
  }
}
