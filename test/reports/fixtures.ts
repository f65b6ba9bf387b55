import type { NetworkName } from '../../src/networks/network.js';
import type { DeliveryFact, FollowupFact, ProposalFact, ReportFacts } from '../../src/reports/facts.js';
import type { Period } from '../../src/reports/period.js';

export const PARIS = 'Europe/Paris';
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const at = (s: string) => new Date(s);
export const plus = (d: Date | string, ms: number) => new Date(new Date(d).getTime() + ms);

export const noFacts = (): ReportFacts => ({ proposals: [], followups: [], handovers: [], shiftSummaries: [] });

/** A closed period that no word names, as tests need it. */
export function periodOf(start: string, end: string, kind: Period['kind'] = 'week'): Period {
  return { kind, start: at(start), end: at(end), toDate: false, word: kind === 'month' ? start.slice(0, 7) : 'week' };
}

let nextRef = 1;

/** A proposal made at `createdAt`, published on `networks` `after` milliseconds later (unless given otherwise). */
export function published(createdAt: string | Date, after: number, networks: NetworkName[], extra: Partial<ProposalFact> = {}): ProposalFact {
  const created = new Date(createdAt);
  const when = plus(created, after);
  return {
    ref: nextRef++,
    createdAt: created,
    firstApprovalAt: plus(created, Math.min(after, 5 * MIN)),
    state: 'published',
    stateAt: when,
    template: null,
    deliveries: networks.map((network) => delivery(network, when)),
    ...extra,
  };
}

export function delivery(network: NetworkName, publishedAt: Date | string | null, extra: Partial<DeliveryFact> = {}): DeliveryFact {
  return { network, state: 'published', publishedAt: publishedAt === null ? null : new Date(publishedAt), dryRun: false, ...extra };
}

/** A proposal that ended in `state` at `stateAt`, never published. */
export function ended(state: ProposalFact['state'], stateAt: string | Date, extra: Partial<ProposalFact> = {}): ProposalFact {
  const when = new Date(stateAt);
  return { ref: nextRef++, createdAt: plus(when, -HOUR), firstApprovalAt: null, state, stateAt: when, template: null, deliveries: [], ...extra };
}

export function followup(openedAt: string | Date, endedAt: string | Date | null, extra: Partial<FollowupFact> = {}): FollowupFact {
  return {
    id: nextRef,
    ref: nextRef++,
    openedAt: new Date(openedAt),
    endedAt: endedAt === null ? null : new Date(endedAt),
    outcome: endedAt === null ? null : 'resolved',
    reminders: 0,
    escalations: 0,
    ...extra,
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (Park–Miller), so fixtures are the same on every run. */
export function random(seed = 7): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** A plausible busy stretch: `count` proposals over the period, most published on one to three networks, follow-ups, handovers. */
export function busyFacts(period: Pick<Period, 'start' | 'end'>, count: number, seed = 7): ReportFacts {
  const rnd = random(seed);
  const span = period.end.getTime() - period.start.getTime();
  const templates = ['météo', 'trafic', 'alerte crue', null];
  const proposals: ProposalFact[] = [];
  const followups: FollowupFact[] = [];
  for (let i = 0; i < count; i++) {
    const created = plus(period.start, rnd() * span);
    const roll = rnd();
    if (roll < 0.05) {
      proposals.push(ended(roll < 0.03 ? 'rejected' : 'expired', plus(created, 20 * MIN)));
      continue;
    }
    const networks = (['x', 'mastodon', 'bluesky'] as const).filter((_, n) => n === 0 || rnd() > 0.3);
    proposals.push(published(created, (1 + rnd() * 90) * MIN, [...networks], { template: templates[Math.floor(rnd() * templates.length)] ?? null }));
    if (rnd() < 0.25) {
      const opened = plus(created, 30 * MIN);
      const open = rnd() * rnd() * 30 * HOUR;
      const closedAt = rnd() < 0.85 ? plus(opened, open) : null;
      followups.push(followup(opened, closedAt, { outcome: closedAt && rnd() < 0.3 ? 'closed' : closedAt ? 'resolved' : null, reminders: Math.floor(open / (30 * MIN)), escalations: open > 2 * HOUR ? 1 : 0 }));
    }
  }
  const handovers = [];
  const shiftSummaries = [];
  for (let t = period.start.getTime() + 6 * HOUR; t < period.end.getTime(); t += 8 * HOUR) {
    if (rnd() < 0.8) handovers.push({ at: new Date(t - 10 * MIN), acknowledgedAt: rnd() < 0.9 ? new Date(t) : null });
    else shiftSummaries.push({ boundaryAt: new Date(t), posted: true });
  }
  return { proposals, followups, handovers, shiftSummaries };
}
