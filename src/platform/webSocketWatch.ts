import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/**
 * Why one WebSocket failed, in words. undici's WebSocket (the Socket Mode client's) fires `error` events
 * with an empty message and no cause, whatever happened; what did happen is published on undici's
 * diagnostics channels (undici docs, "Diagnostics Channel": `undici:request:error`,
 * `undici:request:headers`, `undici:websocket:close`). A watch listens there for one URL only.
 */
export interface WebSocketWatch {
  /** The best account of what went wrong so far, or undefined when nothing did. */
  problem(): string | undefined;
  stop(): void;
}

interface RequestMessage {
  request?: { origin?: string; path?: string };
  response?: { statusCode?: number };
  error?: { message?: string };
}

interface CloseMessage {
  websocket?: { url?: string };
  code?: number;
  reason?: string;
}

export function watchWebSocket(url: string): WebSocketWatch {
  const target = new URL(url);
  // The handshake is an HTTP request: undici reports it under the http(s) origin of the ws(s) URL.
  const origin = `${target.protocol === 'wss:' ? 'https:' : 'http:'}//${target.host}`;
  const path = `${target.pathname}${target.search}`;
  const ours = (message: RequestMessage) => message.request?.origin === origin && message.request?.path === path;
  let connectError: string | undefined;
  let status: number | undefined;
  let close: { code: number; reason: string } | undefined;

  const handlers: Record<string, (message: unknown) => void> = {
    'undici:request:error': (message) => {
      const m = message as RequestMessage;
      if (ours(m)) connectError ??= m.error?.message || 'the connection failed';
    },
    'undici:request:headers': (message) => {
      const m = message as RequestMessage;
      if (ours(m) && m.response?.statusCode !== 101) status ??= m.response?.statusCode;
    },
    'undici:websocket:close': (message) => {
      const m = message as CloseMessage;
      if (m.websocket?.url === target.href) close ??= { code: m.code ?? 1005, reason: m.reason ?? '' };
    },
  };
  for (const [name, handler] of Object.entries(handlers)) subscribe(name, handler);

  return {
    problem() {
      if (connectError) return `could not connect: ${connectError}`;
      if (status !== undefined) return `Slack answered HTTP ${status} to the WebSocket handshake`;
      if (!close) return undefined;
      // 1006 is never sent on the wire: the TCP connection ended without a closing handshake (RFC 6455, 7.4.1).
      if (close.code === 1006) return 'the connection was cut (code 1006, no closing handshake)';
      return `closed with code ${close.code}${close.reason ? ` (${close.reason})` : ''}`;
    },
    stop() {
      for (const [name, handler] of Object.entries(handlers)) unsubscribe(name, handler);
    },
  };
}
