/**
 * The HTTP plumbing shared by the fakes: a server on 127.0.0.1 with a random port
 * whose close() never hangs, even while a client keeps a connection open (keep-alive
 * pools, or a fault that deliberately never answers).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoopbackServer {
  origin: string;
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<unknown>;

/** `onError` answers when the handler throws (a malformed body): a fake must not crash the test run. */
export async function startLoopbackServer(
  handle: Handler,
  onError: (res: http.ServerResponse, error: unknown) => void,
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) onError(res, error);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close() {
      // server.close() alone waits for every open connection to end.
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON or form bodies as objects; anything else (multipart uploads) only by its size. */
export function parseBody(raw: Buffer, contentType: string | undefined): Record<string, any> | undefined {
  if (raw.length === 0) return undefined;
  if (contentType?.startsWith('application/json')) return JSON.parse(raw.toString('utf8')) as Record<string, any>;
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  return { bytes: raw.length };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
