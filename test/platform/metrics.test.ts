import { register as globalRegistry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/platform/metrics.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopbackServer.js';
import { ExpositionError, parseExposition, type Exposition } from '../support/prometheus.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** `GET /metrics` as the lead will serve it, read over real HTTP and through the strict parser. */
async function scrape(metrics: Metrics): Promise<{ contentType: string | null; exposition: Exposition; body: string }> {
  if (!servers[0]) {
    servers.push(
      await startLoopbackServer(
        async (_req, res) => {
          const { contentType, body } = await metrics.render();
          res.writeHead(200, { 'content-type': contentType }).end(body);
        },
        (res, error) => res.writeHead(500).end(String(error)),
      ),
    );
  }
  const response = await fetch(`${servers[0]!.origin}/metrics`);
  expect(response.status).toBe(200);
  const body = await response.text();
  return { contentType: response.headers.get('content-type'), exposition: parseExposition(body), body };
}

describe('GET /metrics', () => {
  it('is the Prometheus text format 0.0.4, every metric named comcell_*, process metrics included', async () => {
    const metrics = new Metrics({ proposalsByState: () => ({}) });
    const { contentType, exposition } = await scrape(metrics);
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const names = [...exposition.families.keys()];
    expect(names.every((name) => name.startsWith('comcell_'))).toBe(true);
    for (const name of ['comcell_process_cpu_user_seconds_total', 'comcell_process_resident_memory_bytes', 'comcell_nodejs_eventloop_lag_seconds', 'comcell_nodejs_heap_size_used_bytes']) {
      expect(names).toContain(name);
    }
    expect(exposition.families.get('comcell_deliveries_total')?.type).toBe('counter');
    expect(exposition.families.get('comcell_publication_latency_seconds')?.type).toBe('histogram');
    expect(exposition.families.get('comcell_proposals')?.help).toBe('Proposals in each state.');
  });

  it('keeps its own registry: nothing lands in prom-client’s global one', async () => {
    new Metrics({ proposalsByState: () => ({}) }, { processMetrics: false }).delivery('x', 'published');
    expect(await globalRegistry.metrics()).not.toContain('comcell_');
  });

  it('moves the counters, each series starting at 0', async () => {
    const metrics = new Metrics({ proposalsByState: () => ({}) }, { processMetrics: false });
    const before = (await scrape(metrics)).exposition;
    expect(before.value('comcell_deliveries_total', { network: 'bluesky', outcome: 'failed' })).toBe(0);
    expect(before.value('comcell_followup_reminders_total', { escalated: 'true' })).toBe(0);

    metrics.delivery('x', 'published');
    metrics.delivery('x', 'published');
    metrics.delivery('mastodon', 'dry_run');
    metrics.rateLimitWait('bluesky');
    metrics.reminderSent(false);
    metrics.reminderSent(true);
    metrics.reminderSent(false);
    metrics.networkError('mastodon', 'rate_limited');
    metrics.slackError('chat.postMessage', 'ratelimited');
    const after = (await scrape(metrics)).exposition;
    expect(after.value('comcell_deliveries_total', { network: 'x', outcome: 'published' })).toBe(2);
    expect(after.value('comcell_deliveries_total', { network: 'mastodon', outcome: 'dry_run' })).toBe(1);
    expect(after.value('comcell_deliveries_total', { network: 'x', outcome: 'failed' })).toBe(0);
    expect(after.value('comcell_rate_limit_waits_total', { network: 'bluesky' })).toBe(1);
    expect(after.value('comcell_followup_reminders_total', { escalated: 'false' })).toBe(2);
    expect(after.value('comcell_followup_reminders_total', { escalated: 'true' })).toBe(1);
    expect(after.value('comcell_network_errors_total', { network: 'mastodon', kind: 'rate_limited' })).toBe(1);
    expect(after.value('comcell_slack_api_errors_total', { method: 'chat.postMessage', error: 'ratelimited' })).toBe(1);
  });

  it('puts latencies and scheduler lag in seconds into their buckets', async () => {
    const metrics = new Metrics({ proposalsByState: () => ({}) }, { processMetrics: false });
    metrics.publicationLatency('x', 7);
    metrics.publicationLatency('x', 1_200);
    metrics.publicationLatency('x', 90_000);
    metrics.schedulerLagged(40);
    metrics.schedulerLagged(-5); // a clock step backwards: counted as on time
    const e = (await scrape(metrics)).exposition;
    const latency = (le: string) => e.value('comcell_publication_latency_seconds_bucket', { network: 'x', le });
    expect([latency('0.005'), latency('0.01'), latency('1'), latency('2.5'), latency('60'), latency('+Inf')]).toEqual([0, 1, 1, 2, 2, 3]);
    expect(e.value('comcell_publication_latency_seconds_sum', { network: 'x' })).toBeCloseTo(91.207, 6);
    expect(e.value('comcell_publication_latency_seconds_count', { network: 'mastodon' })).toBe(0);
    expect(e.value('comcell_scheduler_lag_seconds_bucket', { le: '0.005' })).toBe(1);
    expect(e.value('comcell_scheduler_lag_seconds_bucket', { le: '0.05' })).toBe(2);
    expect(e.value('comcell_scheduler_lag_seconds_count')).toBe(2);
  });

  it('reads proposals by state and waiting deliveries at each scrape', async () => {
    let counts: Record<string, number> = { pending: 3, published: 120 };
    const metrics = new Metrics({ proposalsByState: () => counts, waitingDeliveries: () => ({ x: 2 }) }, { processMetrics: false });
    let e = (await scrape(metrics)).exposition;
    expect(e.value('comcell_proposals', { state: 'pending' })).toBe(3);
    expect(e.value('comcell_proposals', { state: 'expired' })).toBe(0);
    expect(e.value('comcell_deliveries_waiting', { network: 'x' })).toBe(2);
    expect(e.value('comcell_deliveries_waiting', { network: 'bluesky' })).toBe(0);
    counts = { pending: 1, published: 122 };
    e = (await scrape(metrics)).exposition;
    expect(e.value('comcell_proposals', { state: 'pending' })).toBe(1);
    expect(e.value('comcell_proposals', { state: 'published' })).toBe(122);
  });

  it('leaves a gauge empty, and the scrape standing, when its source throws', async () => {
    const errors: unknown[] = [];
    let fail = false;
    const metrics = new Metrics(
      {
        proposalsByState: () => {
          if (fail) throw new Error('database closed');
          return { pending: 4 };
        },
        onSourceError: (error) => errors.push(error),
      },
      { processMetrics: false },
    );
    expect((await scrape(metrics)).exposition.value('comcell_proposals', { state: 'pending' })).toBe(4);
    fail = true;
    const e = (await scrape(metrics)).exposition;
    expect(e.value('comcell_proposals', { state: 'pending' })).toBeUndefined();
    expect(e.value('comcell_deliveries_total', { network: 'x', outcome: 'published' })).toBe(0);
    expect(errors).toEqual([new Error('database closed')]);
  });

  it('never carries free text in a label: unknown values read "other"', async () => {
    const metrics = new Metrics({ proposalsByState: () => ({}) }, { processMetrics: false });
    metrics.slackError('chat.scheduleMessage', 'Error: token xoxb-123 "leaked"\nin a message');
    metrics.slackError('chat.update', 'some_new_slack_error');
    metrics.networkError('x', 'boom' as never);
    metrics.delivery('threads' as never, 'published');
    const { exposition, body } = await scrape(metrics);
    expect(exposition.value('comcell_slack_api_errors_total', { method: 'other', error: 'other' })).toBe(1);
    expect(exposition.value('comcell_slack_api_errors_total', { method: 'chat.update', error: 'other' })).toBe(1);
    expect(exposition.value('comcell_network_errors_total', { network: 'x', kind: 'other' })).toBe(1);
    expect(exposition.value('comcell_deliveries_total', { network: 'other', outcome: 'published' })).toBe(1);
    expect(body).not.toContain('xoxb');
    expect(body).not.toContain('scheduleMessage');
  });
});

describe('the strict exposition parser (test support)', () => {
  const ok = [
    '# HELP requests_total Requests, with a \\\\ and a \\n in the help.',
    '# TYPE requests_total counter',
    'requests_total{method="post",path="C:\\\\DIR \\"x\\"\\n"} 1027 1395066363000',
    'requests_total{method="get",} 3',
    '',
    '# A comment that is neither HELP nor TYPE',
    '# TYPE latency_seconds histogram',
    'latency_seconds_bucket{le="0.1"} 1',
    'latency_seconds_bucket{le="1"} 3',
    'latency_seconds_bucket{le="+Inf"} 4',
    'latency_seconds_sum 2.5e0',
    'latency_seconds_count 4',
    '# TYPE rpc_seconds summary',
    'rpc_seconds{quantile="0.5"} 0.2',
    'rpc_seconds{quantile="0.9"} 0.7',
    'rpc_seconds_sum 12',
    'rpc_seconds_count 30',
    'temperature NaN',
    'weird{problem="division by zero"}   +Inf  -3982045',
    '',
  ].join('\n');

  it('reads a well-formed exposition with escapes, histograms, summaries and special values', () => {
    const e = parseExposition(ok);
    expect(e.families.get('requests_total')?.help).toBe('Requests, with a \\ and a \n in the help.');
    expect(e.value('requests_total', { method: 'post', path: 'C:\\DIR "x"\n' })).toBe(1027);
    expect(e.families.get('requests_total')?.samples[0]?.timestamp).toBe(1395066363000);
    expect(e.value('latency_seconds_count')).toBe(4);
    expect(e.value('temperature')).toBeNaN();
    expect(e.value('weird', { problem: 'division by zero' })).toBe(Infinity);
    expect(e.families.get('temperature')?.type).toBe('untyped');
  });

  it.each([
    ['no final line feed', 'a 1'],
    ['a carriage return', 'a 1\r\n'],
    ['a second TYPE', '# TYPE a counter\n# TYPE a counter\na 1\n'],
    ['a second HELP', '# HELP a x\n# HELP a y\na 1\n'],
    ['TYPE after the samples', 'a 1\n# TYPE a counter\n'],
    ['TYPE with an extra token', '# TYPE a counter extra\na 1\n'],
    ['an unknown type', '# TYPE a meter\na 1\n'],
    ['a family split in two groups', 'a{x="1"} 1\nb 2\na{x="2"} 3\n'],
    ['the same labels twice', 'a{x="1"} 1\na{x="1"} 2\n'],
    ['a label given twice', 'a{x="1",x="2"} 1\n'],
    ['a reserved label name', 'a{__name__="b"} 1\n'],
    ['a bad label name', 'a{1x="1"} 1\n'],
    ['an unknown escape', 'a{x="\\t"} 1\n'],
    ['an unknown escape in HELP', '# HELP a tab\\t\na 1\n'],
    ['an unterminated label value', 'a{x="1} 1\n'],
    ['a value that is not a float', 'a 1,5\n'],
    ['a timestamp that is not an integer', 'a 1 1.5\n'],
    ['a missing value', 'a{x="1"}\n'],
    ['a negative counter', '# TYPE a counter\na -1\n'],
    ['a histogram with a bare sample', '# TYPE h histogram\nh 1\n'],
    ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ['a histogram whose +Inf differs from _count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n'],
    ['histogram buckets out of order', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="0.5"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n'],
    ['histogram buckets not cumulative', '# TYPE h histogram\nh_bucket{le="0.5"} 2\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n'],
    ['a histogram without _sum', '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n'],
    ['a bucket without le', '# TYPE h histogram\nh_bucket 1\nh_sum 1\nh_count 1\n'],
    ['summary quantiles out of order', '# TYPE s summary\ns{quantile="0.9"} 1\ns{quantile="0.5"} 1\ns_sum 1\ns_count 1\n'],
  ])('refuses %s', (_why, text) => {
    expect(() => parseExposition(text)).toThrow(ExpositionError);
  });
});
