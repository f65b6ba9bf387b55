/**
 * The load generator's client: Slack-shaped, signed requests to `POST /slack/events` over a keep-alive
 * node:http agent. The same client (same code, same agent settings) drives the bot and bare Bolt.
 */
import http from 'node:http';
import { signSlackRequest } from '../../test/support/slackRequests.js';

export interface Answer {
  status: number;
  body: string;
  /** performance.now() when the request was started and when its response had fully arrived. */
  start: number;
  end: number;
}

const FORM = 'application/x-www-form-urlencoded';

export class SlackClient {
  private readonly agent: http.Agent;
  private counter = 0;

  constructor(
    private readonly port: number,
    private readonly secret: string,
    private readonly options: { channel: string; responseBase: string; maxSockets?: number },
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  }

  close(): void {
    this.agent.destroy();
  }

  /** Sends one signed body; resolves with the status and the whole response (the acknowledgement). */
  send(body: string, contentType: string): Promise<Answer> {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(this.secret, timestamp, body),
    };
    const start = performance.now();
    return new Promise<Answer>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: this.port, path: '/slack/events', method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), start, end: performance.now() }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A slash command, byte for byte as Slack sends it. */
  command(userId: string, name: string, text: string): Promise<Answer> {
    const n = ++this.counter;
    const body = new URLSearchParams({
      token: 'legacy-verification-token', team_id: 'T1', team_domain: 'comcell-bench',
      channel_id: this.options.channel, channel_name: 'cellule-com', user_id: userId, user_name: userId.toLowerCase(),
      command: name, text, api_app_id: 'A1', is_enterprise_install: 'false',
      response_url: `${this.options.responseBase}/response/bench${n}`, trigger_id: `${n}.${Date.now()}.bench`,
    }).toString();
    return this.send(body, FORM);
  }

  /** An Events API callback around `inner`. */
  event(inner: Record<string, unknown>, eventId = `EvB${(++this.counter).toString().padStart(9, '0')}`): Promise<Answer> {
    const body = JSON.stringify({
      token: 'legacy-verification-token', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: eventId,
      event_time: Math.floor(Date.now() / 1000), event: inner,
      authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
    return this.send(body, 'application/json');
  }

  reactionAdded(userId: string, emoji: string, ts: string): Promise<Answer> {
    return this.event({
      type: 'reaction_added', user: userId, reaction: emoji, item: { type: 'message', channel: this.options.channel, ts },
      item_user: 'UBOT', event_ts: this.eventTs(),
    });
  }

  appHomeOpened(userId: string): Promise<Answer> {
    return this.event({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home', event_ts: this.eventTs() });
  }

  private eventTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.counter).padStart(6, '0')}`;
  }
}

/**
 * Runs `total` calls of `one` with `concurrency` of them in flight at any time. Resolves with each
 * answer and the wall time from the first start to the last end.
 */
export async function runConcurrently(total: number, concurrency: number, one: (i: number) => Promise<Answer>): Promise<{ answers: Answer[]; wallMs: number; errors: string[] }> {
  const answers: Answer[] = [];
  const errors: string[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      try {
        const answer = await one(i);
        if (answer.status !== 200) errors.push(`HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
        else answers.push(answer);
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { answers, wallMs: performance.now() - t0, errors };
}
