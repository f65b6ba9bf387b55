import { SocketModeReceiver, type App, type Logger as BoltLogger, type Receiver, type webApi } from '@slack/bolt';
import type { Logger } from './logger.js';
import { slackStartupFailure, StartupFailure } from './startupFailure.js';
import { watchWebSocket, type WebSocketWatch } from './webSocketWatch.js';

/**
 * Socket Mode without gaps.
 *
 * @slack/socket-mode 3.1.0 closes its socket as soon as Slack sends `disconnect` (`refresh_requested`,
 * `warning`, `link_disabled`) or the socket drops, then waits its reconnection delay (5 s and more) before
 * asking for a new URL: a /tweet typed in between fails on Slack's side. Slack allows up to 10 connections
 * per app and sends each payload to any one of them, precisely so that an app can open the next connection
 * before the old one goes (api.slack.com/apis/socket-mode, "Using multiple connections" and "Handle
 * disconnects gracefully"; `warning` comes about 10 s before the disconnect).
 *
 * So this receiver holds Bolt's own SocketModeReceivers, one per connection, each with the client's own
 * reconnection turned off, and does the reconnecting itself:
 * - on `disconnect` it keeps the connection open, opens the next one, and closes the old one only once
 *   the new one has said hello (envelopes of the old one are still acknowledged on it meanwhile);
 * - on a connection that drops, it opens the next one at once, then backs off only if that fails.
 * A wrapper rather than a fork or a subclass: Bolt builds the client inside SocketModeReceiver, and the
 * client's public events are enough to hold it.
 */
export interface SocketModeOptions {
  appToken: string;
  clientOptions: webApi.WebClientOptions;
  /** Bolt's logger, for the Socket Mode client's own lines. */
  boltLogger: BoltLogger;
  log: Logger;
  /** SLACK_API_URL, to name it when Slack cannot be reached at start. */
  apiUrl?: string;
  /** Milliseconds, for how long the bot was without a connection. */
  now?: () => number;
  /** Pauses between failed attempts to reconnect; the first attempt after a loss is immediate. */
  retryDelaysMs?: readonly number[];
}

type State = 'opening' | 'open' | 'retiring' | 'closed';

interface Connection {
  id: number;
  client: SocketModeReceiver['client'];
  state: State;
  /** Closed by us because its successor is open: its end is no loss. */
  replaced: boolean;
  watch: WebSocketWatch | null;
  /** The client's last warning (a missed ping or pong): why it closed the socket itself. */
  warning?: string;
  /** Envelopes received on it and not yet acknowledged: a replaced connection stays open for them. */
  pending: Set<string>;
  /** Set while a replaced connection waits for its pending acknowledgements. */
  settled: (() => void) | null;
}

const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/** Slack waits 3 s for an acknowledgement (api.slack.com/interactivity/slash-commands, "Responding"): no longer. */
const ACK_DEADLINE_MS = 3_000;

export class SeamlessSocketModeReceiver implements Receiver {
  private app: App | null = null;
  private readonly connections = new Set<Connection>();
  private nextId = 1;
  private stopping = false;
  private replacing = false;
  /** When the last open connection ended, while none is open again. */
  private downSince: number | null = null;
  private wake: (() => void) | null = null;
  private readonly now: () => number;

  constructor(private readonly options: SocketModeOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.stopping = false;
    try {
      await this.open();
    } catch (error) {
      throw startFailure(error, this.options.apiUrl);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    for (const c of this.connections) c.settled?.();
    await Promise.all([...this.connections].map((c) => c.client.disconnect()));
  }

  private async open(): Promise<Connection> {
    const connection: Connection = { id: this.nextId++, client: undefined!, state: 'opening', replaced: false, watch: null, pending: new Set(), settled: null };
    const receiver = new SocketModeReceiver({
      appToken: this.options.appToken,
      logger: connectionLogger(this.options.boltLogger, connection),
      autoReconnectEnabled: false,
      installerOptions: { clientOptions: this.options.clientOptions },
    });
    receiver.init(this.app!);
    connection.client = receiver.client;
    this.connections.add(connection);
    const client = receiver.client;
    // Emitted with apps.connections.open's answer, before the socket is opened: watch that very URL.
    client.on('authenticated', (answer: { url?: string }) => {
      connection.watch?.stop();
      connection.watch = answer.url ? watchWebSocket(answer.url) : null;
    });
    interceptMessages(client, connection, (reason) => this.refresh(connection, reason));
    // Emitted just before the acknowledgement is written: the socket may close once this turn is over.
    client.on('outgoing_message', (message: { envelope_id?: string }) => {
      if (message.envelope_id !== undefined && connection.pending.delete(message.envelope_id) && connection.pending.size === 0) {
        setImmediate(() => connection.settled?.());
      }
    });
    // A turn later, so that undici has published how the socket closed before the reason is put in words.
    client.on('disconnected', () => setImmediate(() => this.ended(connection)));
    try {
      await client.start();
    } catch (error) {
      connection.state = 'closed';
      this.connections.delete(connection);
      const problem = connection.watch?.problem();
      connection.watch?.stop();
      // The client rejects with nothing when the socket closes before hello: the watch knows why.
      throw error ?? new Error(problem ?? 'the connection closed before Slack said hello');
    }
    if (this.stopping) {
      await client.disconnect();
      throw new Error('stopping');
    }
    connection.state = 'open';
    this.options.log.debug({ connection: connection.id }, 'Socket Mode connection open');
    return connection;
  }

  /** Slack's `disconnect`: this connection stays open until the next one is, then closes. */
  private refresh(connection: Connection, reason: string): void {
    if (connection.state !== 'open') return;
    connection.state = 'retiring';
    if (reason === 'link_disabled') {
      this.options.log.warn({ reason }, 'Socket Mode was turned off in the app settings (link_disabled): the bot hears nothing until it is turned back on');
    }
    this.options.log.info({ reason, connection: connection.id }, `Slack asked for a new Socket Mode connection (${reason}): opening it before this one closes`);
    void this.replace(reason);
  }

  private ended(connection: Connection): void {
    if (connection.state === 'closed') return; // the client can say "disconnected" twice
    connection.state = 'closed';
    this.connections.delete(connection);
    const why = connection.warning ?? connection.watch?.problem() ?? 'closed without a reason given';
    connection.watch?.stop();
    if (this.stopping || connection.replaced) return;
    if (this.live() > 0) return;
    this.downSince = this.now();
    this.options.log.warn({ reason: why, connection: connection.id }, `Socket Mode connection lost (${why}): reconnecting at once`);
    void this.replace(why);
  }

  /** Connections that can still carry envelopes. */
  private live(): number {
    return [...this.connections].filter((c) => c.state === 'open' || c.state === 'retiring').length;
  }

  /** Opens the next connection, retrying with backoff, then closes the ones it replaces. One at a time. */
  private async replace(reason: string): Promise<void> {
    if (this.replacing) return;
    this.replacing = true;
    const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
    try {
      for (let attempt = 1; !this.stopping; attempt++) {
        let next: Connection;
        try {
          next = await this.open();
        } catch (error) {
          if (this.stopping) return;
          const delay = delays[Math.min(attempt - 1, delays.length - 1)] ?? 1_000;
          const why = describe(error);
          this.options.log.warn({ reason: why, attempt, retryInMs: delay }, `Socket Mode: no new connection (${why}); next attempt in ${seconds(delay)}`);
          await this.pause(delay);
          continue;
        }
        for (const old of this.connections) if (old !== next && old.state !== 'closed') this.retire(old);
        const wasDown = this.downSince !== null;
        const downMs = this.downSince === null ? 0 : Math.round(this.now() - this.downSince);
        this.downSince = null;
        this.options.log.info(
          { reason, downMs, attempts: attempt, connection: next.id },
          wasDown ? `Socket Mode connection back after ${seconds(downMs)} without one (${reason})` : `Socket Mode connection replaced (${reason}), never without one`,
        );
        return;
      }
    } finally {
      this.replacing = false;
    }
  }

  /**
   * Closes a connection its successor replaces, once the envelopes it is handling are acknowledged (on
   * it: an acknowledgement belongs to the connection that carried the envelope), or at Slack's deadline.
   */
  private retire(old: Connection): void {
    old.state = 'retiring';
    old.replaced = true;
    if (old.pending.size === 0) {
      void old.client.disconnect();
      return;
    }
    const timer = setTimeout(() => old.settled?.(), ACK_DEADLINE_MS);
    old.settled = () => {
      clearTimeout(timer);
      old.settled = null;
      void old.client.disconnect();
    };
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = null;
    });
  }
}

/**
 * The client closes its socket as soon as a `disconnect` message arrives (it reads every message in its
 * `ws_message` listener). That one message is taken out of its hands; every other goes to it unchanged,
 * an envelope's id noted first as pending until its acknowledgement goes out (`outgoing_message`).
 * Should a later client no longer have that listener, its own handling applies: close, then `ended`.
 */
function interceptMessages(client: SocketModeReceiver['client'], connection: Connection, onNotice: (reason: string) => void): void {
  const [stock] = client.listeners('ws_message') as Array<(data: unknown, isBinary: boolean) => void>;
  if (!stock) return;
  client.off('ws_message', stock);
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    if (!isBinary && typeof data === 'string') {
      const reason = data.includes('"disconnect"') ? disconnectReason(data) : undefined;
      if (reason !== undefined) return onNotice(reason);
      const envelope = /"envelope_id"\s*:\s*"([^"]+)"/.exec(data);
      if (envelope) connection.pending.add(envelope[1]!);
    }
    stock(data, isBinary);
  });
}

function disconnectReason(data: string): string | undefined {
  try {
    const message = JSON.parse(data) as { type?: unknown; reason?: unknown };
    return message.type === 'disconnect' ? String(message.reason ?? 'unknown') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The client's lines, through Bolt's logger, minus the ones this receiver says better: its WebSocket error
 * lines carry undici's empty message (the watch gives the reason on the "lost" line instead), and the
 * warnings of a connection being replaced (a close handshake Slack never finishes) are debug, not news.
 */
function connectionLogger(base: BoltLogger, connection: Connection): BoltLogger {
  const text = (msg: unknown[]) => msg.map(String).join(' ');
  return {
    debug: (...msg) => base.debug(...msg),
    info: (...msg) => base.info(...msg),
    warn: (...msg) => {
      if (connection.state === 'retiring' || connection.state === 'closed') return base.debug(...msg);
      connection.warning = text(msg);
      base.warn(...msg);
    },
    error: (...msg) => {
      const line = text(msg);
      if (/^WebSocket error (occurred|!)/.test(line)) return; // said, with its reason, on the "lost" line
      if (line.startsWith('Failed to retrieve a new WSS URL')) return base.debug(...msg); // said on the "no new connection" line
      base.error(...msg);
    },
    setLevel: (level) => base.setLevel(level),
    getLevel: () => base.getLevel(),
    setName: (name) => base.setName(name),
  };
}

function describe(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string }; original?: { message?: string }; message?: string } | undefined;
  if (e?.code === 'slack_webapi_platform_error') return `apps.connections.open: ${e.data?.error ?? 'error'}`;
  if (e?.code === 'slack_webapi_request_error') return `Slack unreachable: ${e.original?.message ?? e.message}`;
  return e?.message || String(error);
}

function startFailure(error: unknown, apiUrl: string | undefined): StartupFailure {
  if (typeof (error as { code?: unknown })?.code === 'string' && String((error as { code: string }).code).startsWith('slack_webapi_')) {
    return slackStartupFailure(error, {
      method: 'apps.connections.open',
      variable: 'SLACK_APP_TOKEN',
      what: 'the app-level token (Basic Information → App-Level Tokens) has the connections:write scope and Socket Mode is on',
      apiUrl,
    });
  }
  return new StartupFailure(`the Socket Mode connection to Slack failed (${describe(error)}): check that WebSocket connections to Slack are allowed (proxy, firewall)`, { cause: error });
}

function seconds(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(ms % 1_000 === 0 ? 0 : 1)} s`;
}
