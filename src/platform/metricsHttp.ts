import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from './logger.js';

/** `GET /metrics`: the body and its content type, rendered at each scrape. */
export type MetricsPage = () => Promise<{ contentType: string; body: string }>;

/** Answers a scrape with the metrics, or a 500 that says nothing of the failure (it is logged). */
export function metricsHandler(metrics: MetricsPage, log: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    metrics().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (error: unknown) => {
        log.error({ err: error }, 'metrics could not be rendered');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  };
}

/**
 * Socket Mode has no HTTP server of Bolt's: GET /metrics gets one of its own on METRICS_PORT (anything
 * else is a 404). Resolves once listening; a port in use rejects with Node's error (its `port` says which).
 */
export function startMetricsServer(port: number, host: string | undefined, metrics: MetricsPage, log: Logger): Promise<Server> {
  const handler = metricsHandler(metrics, log);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) return handler(req, res);
    res.writeHead(path === '/metrics' ? 405 : 404, { 'content-type': 'text/plain' }).end(path === '/metrics' ? 'GET only\n' : 'not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
