import type http from 'node:http';
import { WebClient, ErrorCode, type WebAPIHTTPError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { slackFetch, slackTransport } from '../../src/platform/slackHttp.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopbackServer.js';

/** The Slack Web API client's transport: the real WebClient, a loopback server answering as Slack would. */
describe('the Slack HTTP transport', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
  const serve = async (answer: (seen: Seen, res: http.ServerResponse) => void) => {
    const seen: Seen[] = [];
    server = await startLoopbackServer(
      async (req, res) => {
        let body = '';
        for await (const chunk of req) body += chunk;
        const s = { method: req.method!, url: req.url!, headers: req.headers, body };
        seen.push(s);
        answer(s, res);
      },
      (res) => res.writeHead(500).end(),
    );
    const client = new WebClient('xoxb-transport-test', { slackApiUrl: `${server.origin}/api/`, fetch: slackFetch, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    return { seen, client };
  };
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));

  it('sends the form-encoded call with its token and returns Slack’s JSON answer', async () => {
    const { seen, client } = await serve((_, res) => json(res, 200, { ok: true, ts: '1700000000.000100', channel: 'CTEAM' }));
    const result = await client.chat.postMessage({ channel: 'CTEAM', text: 'Accident sur l’A9 & bouchons', blocks: [{ type: 'divider' }] });
    expect(result).toMatchObject({ ok: true, ts: '1700000000.000100' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/chat.postMessage' });
    expect(seen[0]!.headers.authorization).toBe('Bearer xoxb-transport-test');
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get('text')).toBe('Accident sur l’A9 & bouchons');
    expect(JSON.parse(form.get('blocks')!)).toEqual([{ type: 'divider' }]);
  });

  it('passes Slack’s errors and rate limits through as the client expects them', async () => {
    let status = 429;
    const { client } = await serve((_, res) => (status === 429 ? json(res, 429, { ok: false }, { 'retry-after': '7' }) : res.writeHead(503).end('down')));
    const limited = await client.chat.postMessage({ channel: 'CTEAM', text: 'x' }).catch((e: WebAPIRateLimitedError) => e);
    expect(limited).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    status = 503;
    const down = await client.chat.postMessage({ channel: 'CTEAM', text: 'x' }).catch((e: WebAPIHTTPError) => e);
    expect(down).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503, body: 'down' });
    await server!.close();
    server = undefined;
    const unreachable = await client.auth.test().catch((e: { code?: string }) => e);
    expect(unreachable).toMatchObject({ code: ErrorCode.RequestError });
  });

  it('answers a body-less status without a body, and leaves anything but a string body to the global fetch', async () => {
    const { seen } = await serve((_, res) => res.writeHead(204).end());
    const empty = await slackFetch(`${server!.origin}/api/none`, { method: 'POST', body: 'a=1' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const form = new FormData();
    form.append('file', new Blob(['image bytes']), 'photo.jpg');
    expect((await slackFetch(`${server!.origin}/api/files.upload`, { method: 'POST', body: form })).status).toBe(204);
    expect(seen[1]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[1]!.body).toContain('image bytes');
  });

  it('fails a call Slack never answers, after the idle timeout, instead of hanging', async () => {
    await serve(() => undefined); // reads the request, never answers
    const client = new WebClient('xoxb-transport-test', { slackApiUrl: `${server!.origin}/api/`, fetch: slackTransport(50), retryConfig: { retries: 0 } });
    const hung = await client.auth.test().catch((e: { code?: string; original?: Error }) => e);
    expect(hung).toMatchObject({ code: ErrorCode.RequestError });
    expect((hung as { original?: Error }).original?.message).toMatch(/no answer from Slack in 50 ms/);
  });
});
