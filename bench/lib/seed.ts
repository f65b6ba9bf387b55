/**
 * A year of a busy cell in one SQLite file, for the scale measures: the schema comes from the real
 * migrations (`openDatabase`), the rows from bulk inserts in one transaction with prepared statements,
 * shaped as today's code writes them (deliveries per network, audit lines with their network, the
 * outbox of every message shown, the inbox of recent Slack events). No ANALYZE is run: the bot never
 * runs it, so the query planner works as it would in production.
 *
 * Shape (defaults): 100,000 proposals over the past year (mostly published on X, with post ids), the
 * last 300 of them in the last 8 hours (a busy shift), a dozen still pending and 3 scheduled; 40,000
 * follow-ups of which 10,000 are open and due around now (30 % overdue); exactly 1,000,000 audit rows
 * in time order; a handover every 8 hours for a year (the latest one 8 hours ago); the scheduler's
 * pending reminder jobs (none due during the bench) and the history of done ones.
 */
import { statSync } from 'node:fs';
import { openDatabase } from '../../src/platform/database.js';

export interface SeedOptions {
  proposals?: number;
  auditRows?: number;
  openFollowups?: number;
  doneFollowups?: number;
  /** Proposals created in the last 8 hours. */
  busyShift?: number;
  now?: number;
}

export interface SeedInfo {
  now: number;
  shiftStart: number;
  counts: Record<string, number>;
  /** Pending or scheduled proposals with their message ts and approvers (the bot re-reads their reactions at start-up). */
  open: Array<{ ref: number; ts: string; text: string; approvers: string[] }>;
  /** Open follow-ups already overdue, with their reminder job keys (for the scheduler measure). */
  overdue: Array<{ id: number; ref: number; key: string; remindersSent: number }>;
  /** The latest handover's message: a new handover updates it (superseded), so it must exist on Slack. */
  lastHandover: { id: number; ts: string; text: string };
  seedMs: number;
  fileMiB: number;
}

export const SEED_CHANNEL = 'CTEAM';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MEMBERS = ['UAUTHOR', 'UALICE', 'UBOB', 'UCAROL'];
const BOT = 'comcell';

const PLACES = ['l\u2019A9 à hauteur de Montpellier', 'la RN113 près de Lunel', 'l\u2019A75 au nord de Lodève', 'la D986 à Ganges', 'le centre de Béziers', 'la rocade de Sète'];
const TEMPLATES = [
  (p: string) => `\u26a0\ufe0f Accident sur ${p}. Circulation fortement ralentie, évitez le secteur. Les secours sont sur place. Point de situation à suivre.`,
  (p: string) => `Appel à témoins : un véhicule a pris la fuite après une collision sur ${p} hier soir. Toute information au 17. Merci pour vos partages.`,
  (p: string) => `\u2705 Intervention terminée sur ${p}. La circulation est rétablie dans les deux sens. Merci de votre patience.`,
  (p: string) => `Opération de contrôle routier ce week-end sur ${p} : vitesse, alcool, stupéfiants. Levez le pied ! https://www.example.gouv.fr/securite-routiere`,
  (p: string) => `Prévention cambriolages : fermez vos portes et fenêtres même pour une courte absence. Signalez tout comportement suspect près de ${p}.`,
];
const textFor = (i: number) => `${TEMPLATES[i % TEMPLATES.length]!(PLACES[(i * 7) % PLACES.length]!)} (${i + 1})`;

/** A cheap deterministic pseudo-random number in [0, 1) for row i and a salt. */
function rand(i: number, salt: number): number {
  let x = (i + 1) * 374761393 + salt * 668265263;
  x = (x ^ (x >>> 13)) * 1274126177;
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}

type AuditRow = [at: number, actor: string, subject: string, ref: number | null, action: string, network: string | null, text: string | null, detail: string | null];

/** Outbox keys as the code names them (src/proposals/ids.ts, src/followups/ids.ts, src/handovers/decide.ts). */
const proposalKey = (ref: number, version: number) => `proposal:${ref}:v${version}`;
const replyKey = (ref: number, version: number, what: string, at: number) => `${proposalKey(ref, version)}:${what}:${at}:1`;

export function seedScaleDatabase(path: string, options: SeedOptions = {}): SeedInfo {
  const t0 = performance.now();
  const N = options.proposals ?? 100_000;
  const AUDIT = options.auditRows ?? 1_000_000;
  const OPEN_F = options.openFollowups ?? 10_000;
  const DONE_F = options.doneFollowups ?? 30_000;
  const BUSY = options.busyShift ?? 300;
  const now = options.now ?? Date.now();
  const shiftStart = now - 8 * HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();

  const db = openDatabase(path);
  db.pragma('cache_size = -200000');
  const ins = {
    proposal: db.prepare(
      `INSERT INTO proposals (ref, author_id, state, current_version, approved_at, rejected_by, created_at, updated_at, published_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    version: db.prepare(
      `INSERT INTO proposal_versions (ref, version, text, weighted_length, followup_seconds, publish_at, reply_to_ref, networks, channel_id, message_ts, replaced_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, '["x"]', ?, ?, ?, ?)`,
    ),
    approval: db.prepare(`INSERT INTO approvals (ref, version, user_id, approved_at) VALUES (?, ?, ?, ?)`),
    image: db.prepare(`INSERT INTO proposal_images (ref, version, position, file_id, name, mimetype, size, alt_text) VALUES (?, ?, 1, ?, 'photo.jpg', 'image/jpeg', 123456, 'Photo du lieu de l''accident')`),
    delivery: db.prepare(
      `INSERT INTO deliveries (ref, version, network, state, dry_run, lost_answers, owner, failure_code, failure_detail, queued_at, published_at, updated_at)
       VALUES (?, ?, 'x', ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    part: db.prepare(`INSERT INTO delivery_parts (delivery_id, part, key, attempted_at, remote_id, url, posted_at) VALUES (?, 1, ?, ?, ?, ?, ?)`),
    followup: db.prepare(
      `INSERT INTO followups (id, ref, state, due_at, reminders_sent, unanswered, opened_by, opened_at, resolved_at, resolved_by, closing_ref, reason, last_action)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    job: db.prepare(
      `INSERT INTO scheduled_jobs (key, kind, due_at, payload, state, version, fired_count, last_fired_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    audit: db.prepare(`INSERT INTO audit_log (at, actor, subject, ref, action, network, text, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    handover: db.prepare(
      `INSERT INTO handovers (from_user, to_user, notes, at, period_start, summary, channel_id, message_ts, permalink, acknowledged_by, acknowledged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    duty: db.prepare(`INSERT INTO duty (user_id, since, source, handover_id) VALUES (?, ?, 'handover', ?)`),
    // Every message Slack showed: done, with its ts and as many revisions as updates it had.
    shown: db.prepare(
      `INSERT INTO outbox (key, kind, target, thread_key, broadcast, render, data, revision, shown_revision, ts, state, created_at, updated_at)
       VALUES (?, 'message', ?, ?, ?, ?, ?, ?, ?, ?, 'done', ?, ?)`,
    ),
    event: db.prepare(`INSERT INTO inbox (key, kind, payload, state, received_at, done_at) VALUES (?, 'reaction', ?, 'done', ?, ?)`),
  };

  const audit: AuditRow[] = [];
  const open: SeedInfo['open'] = [];
  const overdue: SeedInfo['overdue'] = [];
  let lastHandover: SeedInfo['lastHandover'] = { id: 0, ts: '', text: '' };
  let tsCounter = 0;
  const nextTs = () => `${1_600_000_000 + ++tsCounter}.000100`;
  /** A message shown in the channel (thread: the key of its parent, a reply in its thread). */
  const shown = (key: string, render: string, data: Record<string, unknown>, at: number, revisions = 1, thread: string | null = null, broadcast = false) => {
    const ts = nextTs();
    ins.shown.run(key, SEED_CHANNEL, thread, broadcast ? 1 : 0, render, JSON.stringify(data), revisions, revisions, ts, iso(at), iso(at));
    return ts;
  };

  db.transaction(() => {
    // --- proposals, versions, approvals, images, deliveries on X, their messages ---------------------------
    const OPEN_TAIL = 15; // the last ones: 12 pending, 3 scheduled
    const older = N - BUSY - OPEN_TAIL;
    const created: number[] = new Array(N);
    for (let i = 0; i < N; i++) {
      if (i < older) created[i] = now - 365 * DAY + Math.floor((i / older) * (365 * DAY - 8 * HOUR));
      else if (i < N - OPEN_TAIL) created[i] = shiftStart + Math.floor(((i - older) / BUSY) * 7 * HOUR);
      else created[i] = now - HOUR + (i - (N - OPEN_TAIL)) * 60_000;
    }
    const published: number[] = []; // refs of published proposals that asked for a follow-up
    const versionOf = new Map<number, number>(); // ref → current version, for the threads of later messages
    let lastPublishedRef: number | null = null;
    for (let i = 0; i < N; i++) {
      const ref = i + 1;
      const at = created[i]!;
      const author = MEMBERS[i % MEMBERS.length]!;
      const reviewer = MEMBERS[(i + 1) % MEMBERS.length]!;
      const text = textFor(i);
      const weighted = text.length + 2;
      const r = rand(i, 1);
      const tail = i >= N - OPEN_TAIL;
      const state = tail ? (i >= N - 3 ? 'scheduled' : 'pending') : r < 0.93 ? 'published' : r < 0.97 ? 'rejected' : r < 0.99 ? 'failed' : 'expired';
      const finalState = !tail && i % 20_000 === 7 ? 'uncertain' : state;
      const delivered = finalState === 'published' || finalState === 'failed' || finalState === 'uncertain';
      const followupSeconds = rand(i, 2) < 0.5 ? 3600 * (1 + Math.floor(rand(i, 3) * 6)) : null;
      const replyTo = lastPublishedRef !== null && rand(i, 4) < 0.1 ? lastPublishedRef : null;
      const edited = !tail && rand(i, 5) < 0.05;
      const version = edited ? 2 : 1;
      versionOf.set(ref, version);
      const approvedAt = at + 3 * 60_000;
      const publishedAt = approvedAt + 1_000;
      const publishAt = finalState === 'scheduled' ? iso(now + 2 * HOUR + (i % 3) * HOUR) : null;
      const tweetId = finalState === 'published' ? String(1_900_000_000_000_000_000n + BigInt(ref)) : null;
      ins.proposal.run(
        ref, author, finalState, version,
        ['published', 'failed', 'uncertain', 'scheduled', 'expired'].includes(finalState) ? iso(approvedAt) : null,
        finalState === 'rejected' ? reviewer : null,
        iso(at), iso(delivered ? publishedAt : approvedAt), finalState === 'published' ? iso(publishedAt) : null,
      );
      if (edited) {
        // The first version's message, replaced: it says so (one update).
        const ts1 = shown(proposalKey(ref, 1), 'proposal', { ref, version: 1 }, at, 2);
        ins.version.run(ref, 1, `${text} [v1]`, weighted, followupSeconds, null, replyTo, SEED_CHANNEL, ts1, iso(at + 60_000), iso(at));
      }
      const versionAt = at + (edited ? 60_000 : 0);
      // Updates of the message: one at approval, one at the outcome of the delivery.
      const revisions = finalState === 'pending' ? 1 : delivered ? 3 : 2;
      const ts = shown(proposalKey(ref, version), 'proposal', { ref, version }, versionAt, revisions);
      ins.version.run(ref, version, text, weighted, followupSeconds, publishAt, replyTo, SEED_CHANNEL, ts, null, iso(versionAt));
      if (i % 100 === 3) ins.image.run(ref, version, `F${ref}`);
      if (tail) open.push({ ref, ts, text, approvers: finalState === 'scheduled' ? [reviewer] : [] });

      audit.push([at, author, 'proposal', ref, 'proposed', null, text, JSON.stringify({ version: 1, followupSeconds, publishAt, replyToRef: replyTo, networks: ['x'] })]);
      if (edited) audit.push([at + 60_000, author, 'proposal', ref, 'edited', null, text, JSON.stringify({ version: 2, previousText: `${text} [v1]`, followupSeconds, publishAt, replyToRef: replyTo })]);
      const thread = proposalKey(ref, version);
      const reply = (what: string, when: number, network: string | null) =>
        shown(replyKey(ref, version, what, when), 'proposal_reply', { ref, version, what, ...(network ? { network } : {}) }, when, 1, thread, what === 'failed' || what === 'uncertain');
      if (finalState === 'rejected') {
        audit.push([approvedAt, reviewer, 'proposal', ref, 'rejected', null, text, JSON.stringify({ from: 'pending', version })]);
        reply('rejected', approvedAt, null);
        continue;
      }
      if (finalState === 'pending') continue;
      ins.approval.run(ref, version, reviewer, iso(approvedAt));
      audit.push([approvedAt, reviewer, 'proposal', ref, 'approved', null, text, JSON.stringify({ version })]);
      if (finalState === 'scheduled' || finalState === 'expired') {
        audit.push([approvedAt, reviewer, 'proposal', ref, finalState, null, text, JSON.stringify({ from: 'pending', version })]);
        reply(finalState, approvedAt, null);
        continue;
      }
      // Approved: the proposal is publishing (its own line), then the X delivery's outcome (a line with its network).
      audit.push([approvedAt, reviewer, 'proposal', ref, 'publishing', null, text, JSON.stringify({ from: 'pending', version })]);
      const failure =
        finalState === 'failed'
          ? { code: 'duplicate', detail: 'You are not allowed to create a Tweet with duplicate content.' }
          : finalState === 'uncertain'
            ? { code: 'unknown', detail: 'socket hang up' }
            : null;
      const deliveryId = Number(
        ins.delivery.run(
          ref, version, finalState, finalState === 'uncertain' ? 3 : 0, 'seed-run', failure?.code ?? null, failure?.detail ?? null,
          iso(approvedAt), finalState === 'published' ? iso(publishedAt) : null, iso(publishedAt),
        ).lastInsertRowid,
      );
      // X takes no key of ours; the form is migration 006's for the deliveries it made from the history.
      ins.part.run(deliveryId, `x-${ref}-${version}`, iso(approvedAt), tweetId, tweetId ? `https://x.com/GendarmerieTest/status/${tweetId}` : null, tweetId ? iso(publishedAt) : null);
      if (finalState === 'published') {
        audit.push([publishedAt, BOT, 'proposal', ref, 'published', 'x', text, JSON.stringify({ from: 'publishing', version, remoteId: tweetId })]);
        lastPublishedRef = ref;
        if (followupSeconds) published.push(ref);
      } else {
        const extra = finalState === 'failed' ? { status: 403 } : {};
        audit.push([publishedAt, BOT, 'proposal', ref, finalState, 'x', text, JSON.stringify({ from: 'publishing', version, failure: failure!.code, reason: failure!.detail, ...extra })]);
      }
      reply(finalState, publishedAt, 'x');
    }
    for (const p of open.slice(-3)) {
      ins.job.run(`publish:${p.ref}`, 'proposal_publish_at', iso(now + 2 * HOUR), JSON.stringify({ ref: p.ref }), 'pending', 1, 0, null, iso(now - HOUR));
    }

    // --- follow-ups: the open ones spread over the year's proposals, the done ones on the others ------------
    const openCount = Math.min(OPEN_F, Math.floor(published.length / 2));
    const doneCount = Math.min(DONE_F, published.length - openCount);
    const step = published.length / (openCount + doneCount);
    const ratio = Math.max(1, Math.floor((openCount + doneCount) / Math.max(1, openCount)));
    let id = 0;
    let opened = 0;
    const followupAudit: AuditRow[] = [];
    /** The reminders of follow-up `fid`, shown in its proposal's thread and in the channel. */
    const reminders = (fid: number, ref: number, count: number, first: number, mentioned: string) => {
      for (let n = 1; n <= count; n++) {
        const at = Math.min(first + (n - 1) * 30 * 60_000, now - 20 * 60_000);
        // An earlier reminder loses its buttons when the next one is shown (one update).
        shown(`followup:${fid}:reminder:${n}`, 'reminder', { followup: fid, ref, number: n, mentioned, escalated: n > 3 }, at, n < count ? 2 : 1, proposalKey(ref, versionOf.get(ref)!), true);
        followupAudit.push([at, BOT, 'followup', ref, 'reminder_sent', null, textFor(ref - 1), JSON.stringify({ followup: fid, reminder: n, mentioned, escalated: n > 3 })]);
      }
    };
    for (let k = 0; k < openCount + doneCount; k++) {
      const ref = published[Math.floor(k * step)]!;
      const i = ref - 1;
      const openedAt = created[i]! + 3 * 60_000 + 1_000;
      const author = MEMBERS[i % MEMBERS.length]!;
      const text = textFor(i);
      id += 1;
      const isOpen = k % ratio === 0 && opened < openCount;
      if (isOpen) {
        opened += 1;
        // Due around now: 30 % overdue (within the last 12 h), the others within the next 24 h.
        const isOverdue = rand(k, 6) < 0.3;
        const due = isOverdue ? now - Math.floor(rand(k, 7) * 12 * HOUR) - 60_000 : now + 15 * 60_000 + Math.floor(rand(k, 7) * 24 * HOUR);
        const sent = isOverdue ? 1 + Math.floor(rand(k, 8) * 3) : 0;
        ins.followup.run(id, ref, 'open', iso(due), sent, sent, author, iso(openedAt), null, null, null, null, null);
        // The next reminder: never during the bench (at least 15 minutes away). Keyed by proposal (migration 006).
        const jobDue = isOverdue ? now + 15 * 60_000 + Math.floor(rand(k, 9) * 30 * 60_000) : due;
        ins.job.run(`followup:ref:${ref}`, 'followup_reminder', iso(jobDue), JSON.stringify({ ref }), 'pending', 1 + sent, sent, sent ? iso(now - 20 * 60_000) : null, iso(now - 20 * 60_000));
        followupAudit.push([openedAt, author, 'followup', ref, 'followup_opened', null, text, JSON.stringify({ followup: id, dueAt: iso(due) })]);
        reminders(id, ref, sent, due, author);
        if (isOverdue) overdue.push({ id, ref, key: `followup:ref:${ref}`, remindersSent: sent });
      } else {
        const due = openedAt + 2 * HOUR;
        const resolvedAt = Math.min(due + Math.floor(rand(k, 10) * 6 * HOUR), now - 9 * HOUR);
        // Resolved by a closing post (a later published proposal), or closed by hand.
        const resolved = rand(k, 11) < 0.7;
        const closingRef = resolved ? published[Math.min(published.length - 1, Math.floor(k * step) + 1)]! : null;
        const action = resolved ? { what: 'resolved', by: author, at: iso(resolvedAt), closingRef } : { what: 'closed', by: author, at: iso(resolvedAt) };
        ins.followup.run(id, ref, resolved ? 'resolved' : 'closed', iso(due), 2, 0, author, iso(openedAt), iso(resolvedAt), author, closingRef, resolved ? null : 'RAS', JSON.stringify(action));
        ins.job.run(`followup:ref:${ref}`, 'followup_reminder', iso(resolvedAt), JSON.stringify({ ref }), 'done', 3, 2, iso(resolvedAt), iso(resolvedAt));
        followupAudit.push([openedAt, author, 'followup', ref, 'followup_opened', null, text, JSON.stringify({ followup: id, dueAt: iso(due) })]);
        reminders(id, ref, 2, due, author);
        followupAudit.push([
          resolvedAt, author, 'followup', ref, resolved ? 'followup_resolved' : 'followup_closed', null, text,
          JSON.stringify(resolved ? { followup: id, closingRef } : { followup: id, reason: 'RAS' }),
        ]);
        const what = resolved ? 'resolved' : 'closed';
        shown(`followup:${id}:${what}:${resolvedAt}:1`, 'followup_note', resolved ? { ref, what, closingRef } : { ref, what, by: author, reason: 'RAS' }, resolvedAt, 1, proposalKey(ref, versionOf.get(ref)!));
      }
    }
    for (const row of followupAudit) audit.push(row); // a spread of 100,000-odd arguments overflows the stack

    // --- handovers every 8 hours, the latest one 8 hours ago (the busy shift is the one since) ---------------
    const summary = JSON.stringify({
      since: iso(now - 16 * HOUR), until: iso(now - 8 * HOUR), proposed: [1, 2, 3, 4, 5, 6], published: [{ ref: 1, url: 'https://x.com/GendarmerieTest/status/1' }],
      rejected: [2], failed: [], uncertain: [], expired: [], waiting: [], openFollowups: [{ ref: 3, dueAt: iso(now) }], waitingTotal: 0, openFollowupsTotal: 1, overdueTotal: 0,
    });
    let handovers = 0;
    let onDuty: string | null = null;
    const handover = (from: string, to: string, notes: string, at: number, periodStart: number, acknowledgedAt: number | null) => {
      const ts = nextTs();
      const hid = Number(ins.handover.run(from, to, notes, iso(at), iso(periodStart), summary, SEED_CHANNEL, ts, null, acknowledgedAt ? to : null, acknowledgedAt ? iso(acknowledgedAt) : null).lastInsertRowid);
      // Shown, then updated when acknowledged and when the next handover supersedes it.
      const revisions = 1 + (acknowledgedAt ? 1 : 0) + (at < shiftStart ? 1 : 0);
      ins.shown.run(`handover:${hid}`, SEED_CHANNEL, null, 0, 'handover', JSON.stringify({ id: hid }), revisions, revisions, ts, iso(at), iso(at));
      ins.duty.run(to, iso(at), hid);
      audit.push([at, from, 'handover', hid, 'handover_recorded', null, notes, JSON.stringify({ to })]);
      audit.push([at, to, 'duty', null, 'duty_handed_over', null, null, JSON.stringify({ previous: onDuty, handoverId: hid })]);
      if (acknowledgedAt) audit.push([acknowledgedAt, to, 'handover', hid, 'handover_acknowledged', null, notes, null]);
      onDuty = to;
      lastHandover = { id: hid, ts, text: notes };
    };
    for (let at = now - 365 * DAY; at <= shiftStart + 1; at += 8 * HOUR) {
      const whenAt = Math.min(at, shiftStart);
      handovers += 1;
      handover(MEMBERS[handovers % MEMBERS.length]!, MEMBERS[(handovers + 1) % MEMBERS.length]!, 'RAS, voir les suivis ouverts.', whenAt, whenAt - 8 * HOUR, whenAt + 5 * 60_000);
    }
    // The last handover lands exactly 8 hours ago.
    const lastAt = now - 365 * DAY + (handovers - 1) * 8 * HOUR;
    if (lastAt !== shiftStart) {
      handovers += 1;
      handover('UALICE', 'UBOB', 'RAS.', shiftStart, lastAt, shiftStart + 60_000);
    }

    // --- filler to exactly AUDIT rows: the reminders of the done follow-ups, spread over the year ----------------
    let filler = 0;
    while (audit.length < AUDIT) {
      const at = now - 365 * DAY + Math.floor(rand(filler, 12) * (365 * DAY - 9 * HOUR));
      const ref = 1 + Math.floor(rand(filler, 13) * (N - BUSY - 15));
      audit.push([at, BOT, 'followup', ref, 'reminder_sent', null, textFor(ref - 1), JSON.stringify({ followup: 1 + (filler % 40_000), reminder: 1 + (filler % 5), mentioned: 'UBOB', escalated: false })]);
      filler += 1;
    }
    audit.length = Math.min(audit.length, AUDIT);
    audit.sort((a, b) => a[0] - b[0]);
    for (const row of audit) ins.audit.run(iso(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7]);

    // --- the last day's reaction events, handled (the bot forgets those done more than a day ago) ----------
    const recent = open.length > 0 ? open : [{ ts: nextTs() }];
    for (let e = 0; e < 2_000; e++) {
      const at = now - Math.floor(rand(e, 14) * 23 * HOUR);
      const eventId = `EvSeed${e}`;
      const ts = recent[e % recent.length]!.ts;
      const payload = { change: 'added', eventId, user: MEMBERS[e % MEMBERS.length], emoji: 'white_check_mark', channel: SEED_CHANNEL, ts };
      ins.event.run(`event:${eventId}`, JSON.stringify(payload), iso(at), iso(at + 5));
    }
  })();

  db.pragma('wal_checkpoint(TRUNCATE)');
  const counts: Record<string, number> = {};
  for (const table of ['proposals', 'proposal_versions', 'approvals', 'deliveries', 'delivery_parts', 'audit_log', 'followups', 'scheduled_jobs', 'handovers', 'duty', 'outbox', 'inbox']) {
    counts[table] = (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  counts.openFollowups = (db.prepare(`SELECT COUNT(*) AS n FROM followups WHERE state = 'open'`).get() as { n: number }).n;
  counts.pendingJobs = (db.prepare(`SELECT COUNT(*) AS n FROM scheduled_jobs WHERE state = 'pending'`).get() as { n: number }).n;
  counts.auditWithNetwork = (db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE network IS NOT NULL`).get() as { n: number }).n;
  db.close();
  return { now, shiftStart, counts, open, overdue, lastHandover, seedMs: performance.now() - t0, fileMiB: statSync(path).size / 1024 / 1024 };
}
