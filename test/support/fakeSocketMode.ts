/**
 * Slack's side of Socket Mode for the fake Slack: a `ws` WebSocket server of its own on a
 * loopback port, reached through the one-use URLs that `apps.connections.open` hands out.
 * `startFakeSlack` owns it and exposes it as `fake.socket`.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** What Slack sends over a Socket Mode connection: one request of the app, to acknowledge. */
export interface SocketEnvelope {
  envelope_id: string;
  type: 'events_api' | 'slash_commands' | 'interactive' | (string & {});
  payload: Record<string, any>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the app sends back: `payload` is the argument of Bolt's `ack()` (`{}` for a bare `ack()`). */
export interface SocketAck {
  envelope_id: string;
  payload: Record<string, any>;
  [key: string]: any;
}

export interface SocketSendOptions {
  /** How long to wait for the acknowledgement before failing (default 10 s): a bound, not a measure. */
  timeoutMs?: number;
  acceptsResponsePayload?: boolean;
  /** Slack's redelivery of an events_api envelope the app did not acknowledge in time. */
  retryAttempt?: number;
  retryReason?: string;
}

/**
 * Slack's side of Socket Mode: `apps.connections.open` (app-level token) hands out a one-use
 * `ws://` URL to this WebSocket server, which greets each connection with `hello` and then
 * carries envelopes; the app answers each with `{ envelope_id, payload }`.
 */
export interface FakeSocketMode {
  /** The WebSocket endpoint, without the one-use `?ticket=` that `apps.connections.open` adds. */
  url: string;
  /** Every connection the app opened, in order; `closeCode` once it is closed (1000: the app closed it normally). */
  connections: Array<{ ticket: string; open: boolean; closeCode?: number }>;
  /** Every envelope sent, in order. */
  envelopes: SocketEnvelope[];
  /** Every message the app sent on the socket (acknowledgements), in order. */
  acks: SocketAck[];
  /**
   * Sends an envelope on the newest open connection and resolves with the app's acknowledgement of it;
   * rejects at once when no connection is open, or when no acknowledgement came within the timeout.
   */
  send(type: SocketEnvelope['type'], payload: Record<string, any>, options?: SocketSendOptions): Promise<SocketAck>;
  /**
   * Asks the app to reconnect, as Slack does before recycling a connection: `{"type":"disconnect","reason"}`
   * on every open connection, with the reasons Slack documents (`refresh_requested`, `warning`,
   * `link_disabled`). `close: true` then closes those connections from Slack's side at once, leaving the app
   * no time to open the next one first.
   */
  disconnect(reason?: string, options?: { close?: boolean }): void;
  /** Cuts the newest open connection as a network failure does: no close frame, the TCP connection dropped. */
  cut(): void;
  /** The next WebSocket handshakes are refused with this HTTP status, as Slack refuses a ticket it no longer honours. */
  refuseNextHandshakes(count: number, status?: number): void;
  /** How many connections are open now. */
  openCount(): number;
  /** The most connections that were open at once. */
  maxOpen: number;
  /**
   * Every stretch of time with no connection open, once the first one had opened (`performance.now()`;
   * `to` is undefined while it lasts). Tests count them; their length is for messages, not for assertions.
   */
  gaps: Array<{ from: number; to?: number }>;
}

/** The server behind `fake.socket`, with what only the fake Slack itself needs. */
export interface FakeSocketModeServer extends FakeSocketMode {
  /** Mints a ticket and returns the one-use URL that `apps.connections.open` answers with. */
  openConnection(): string;
  /** Rejects every acknowledgement still awaited, drops every connection and stops the server. */
  close(): Promise<void>;
}

export async function startFakeSocketMode(): Promise<FakeSocketModeServer> {
  const tickets = new Set<string>();
  const refusals: number[] = [];
  const sockets: Array<{ ws: WebSocket; entry: FakeSocketMode['connections'][number] }> = [];
  const awaitingAck = new Map<string, { resolve: (ack: SocketAck) => void; reject: (error: Error) => void }>();
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    // Like Slack's, a URL from apps.connections.open is good for one connection only.
    verifyClient: (info: { req: http.IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const requested = new URL(info.req.url ?? '/', 'ws://127.0.0.1');
      const ticket = requested.searchParams.get('ticket') ?? '';
      if (requested.pathname !== '/socket' || !tickets.delete(ticket)) return done(false, 401, 'invalid ticket');
      const refusal = refusals.shift();
      if (refusal !== undefined) return done(false, refusal, 'refused by the test');
      done(true);
    },
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/socket`;
  wss.on('connection', (ws, req) => {
    const ticket = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams.get('ticket') ?? '';
    const entry: FakeSocketMode['connections'][number] = { ticket, open: true };
    socket.connections.push(entry);
    sockets.push({ ws, entry });
    opened();
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: SocketAck;
      try {
        message = JSON.parse(String(data)) as SocketAck;
      } catch {
        return; // Not JSON: nothing Slack would understand either.
      }
      socket.acks.push(message);
      const waiting = awaitingAck.get(message.envelope_id);
      if (waiting) {
        awaitingAck.delete(message.envelope_id);
        waiting.resolve(message);
      }
    });
    ws.on('close', (code) => {
      entry.open = false;
      entry.closeCode = code;
      closed();
    });
    // What Slack says first; @slack/socket-mode only needs `type`, and is "connected" once it has it.
    ws.send(JSON.stringify({
      type: 'hello',
      num_connections: sockets.filter((s) => s.entry.open).length,
      debug_info: { host: 'fake-applink', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: 'A1' },
    }));
  });

  const openNow = () => sockets.filter((s) => s.entry.open).length;
  function opened() {
    socket.maxOpen = Math.max(socket.maxOpen, openNow());
    const gap = socket.gaps.at(-1);
    if (gap && gap.to === undefined) gap.to = performance.now();
  }
  function closed() {
    if (openNow() === 0) socket.gaps.push({ from: performance.now() });
  }

  let envelopeCounter = 0;
  const socket: FakeSocketModeServer = {
    url: socketUrl,
    connections: [],
    envelopes: [],
    acks: [],
    send(type, payload, options = {}) {
      const target = [...sockets].reverse().find((s) => s.entry.open && s.ws.readyState === s.ws.OPEN);
      if (!target) return Promise.reject(new Error(`fake Slack: no Socket Mode connection is open to send a ${type} envelope`));
      const envelope: SocketEnvelope = {
        envelope_id: `${randomUUID()}-${++envelopeCounter}`,
        type,
        payload,
        accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
        ...(options.retryAttempt !== undefined ? { retry_attempt: options.retryAttempt } : {}),
        ...(options.retryReason !== undefined ? { retry_reason: options.retryReason } : {}),
      };
      const timeoutMs = options.timeoutMs ?? 10_000;
      const acknowledged = new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          awaitingAck.delete(envelope.envelope_id);
          reject(new Error(`fake Slack: no acknowledgement of ${type} envelope ${envelope.envelope_id} within ${timeoutMs} ms`));
        }, timeoutMs);
        awaitingAck.set(envelope.envelope_id, {
          resolve: (ack) => {
            clearTimeout(timer);
            resolve(ack);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
      });
      socket.envelopes.push(envelope);
      target.ws.send(JSON.stringify(envelope));
      return acknowledged;
    },
    maxOpen: 0,
    gaps: [],
    openCount: openNow,
    disconnect(reason = 'refresh_requested', options = {}) {
      for (const { ws, entry } of sockets) {
        if (!entry.open) continue;
        ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-applink' } }));
        if (options.close) ws.close(1001, 'going away');
      }
    },
    cut() {
      const target = [...sockets].reverse().find((s) => s.entry.open);
      if (!target) throw new Error('fake Slack: no Socket Mode connection is open to cut');
      target.ws.terminate();
    },
    refuseNextHandshakes(count, status = 401) {
      for (let i = 0; i < count; i++) refusals.push(status);
    },
    openConnection() {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${socketUrl}?ticket=${ticket}&app_id=A1`;
    },
    async close() {
      for (const [id, waiting] of awaitingAck) {
        awaitingAck.delete(id);
        waiting.reject(new Error(`fake Slack closed before envelope ${id} was acknowledged`));
      }
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  return socket;
}
