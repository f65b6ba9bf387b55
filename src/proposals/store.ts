import type { DB } from '../platform/database.js';
import type { FailureCode, NetworkName, RemotePost } from '../networks/network.js';
import type { ProposalState } from './rules.js';

/** An image of a proposal: Slack's file, the part it goes with, and the alt text every network will show. */
export interface ProposalImage {
  /** The thread part it is attached to (1 for a single post). */
  part?: number;
  fileId: string;
  name: string;
  mimetype: string;
  size: number;
  altText: string;
}

export type DeliveryState = 'publishing' | 'waiting' | 'published' | 'failed' | 'uncertain';

/** One post of a delivery (a thread has several). */
export interface DeliveryPart {
  part: number;
  /** Chosen before the first attempt and sent on every attempt (Mastodon, Bluesky). */
  key: string;
  /** Since when an attempt may have been made: a lookup covers everything since. */
  attemptedAt: Date | null;
  remote: RemotePost | null;
  postedAt: Date | null;
}

/** A proposal's publication on one network. */
export interface Delivery {
  id: number;
  network: NetworkName;
  state: DeliveryState;
  dryRun: boolean;
  /** Attempts of the current part whose outcome was unknown. */
  lostAnswers: number;
  /** The run of the bot that made the last attempt: another run's attempt may have been cut short. */
  owner: string | null;
  retryAt: Date | null;
  waitUntil: Date | null;
  failureCode: FailureCode | 'unknown' | null;
  failureDetail: string | null;
  /** The post the first part answers on this network (with the root of its thread), when it is a reply. */
  replyTo: { parent: RemotePost; root: RemotePost } | null;
  queuedAt: Date;
  publishedAt: Date | null;
  parts: DeliveryPart[];
}

/** A proposal as stored, with its current version's content and that version's deliveries. */
export interface Proposal {
  ref: number;
  authorId: string;
  state: ProposalState;
  version: number;
  /** All of its text as typed (a thread's parts joined by `---` lines). */
  text: string;
  /** The parts as typed: one for a single post. */
  parts: string[];
  /** Whether ` (k/N)` is added to each part when published (THREAD_NUMBERING when it was made). */
  numbered: boolean;
  template: string | null;
  templateValues: Record<string, string> | null;
  /** X's weighted length, as the command counted it. */
  weightedLength: number;
  followupSeconds: number | null;
  publishAt: Date | null;
  replyToRef: number | null;
  networks: NetworkName[];
  channelId: string;
  messageTs: string | null;
  images: ProposalImage[];
  approvals: string[];
  approvedAt: Date | null;
  rejectedBy: string | null;
  /** Why the proposal itself failed (its message could not be shown); a network's failure is its delivery's. */
  failureCode: string | null;
  failureDetail: string | null;
  createdAt: Date;
  /** Its first publication, on any network. */
  publishedAt: Date | null;
  deliveries: Delivery[];
}

/** What a new proposal or a new version is made of. */
export interface Draft {
  authorId: string;
  text: string;
  parts: string[];
  numbered: boolean;
  /** The template it was made from, and the values its fields were given (absent in a new version: kept). */
  template?: string | null;
  templateValues?: Record<string, string> | null;
  weightedLength: number;
  followupSeconds: number | null;
  publishAt: Date | null;
  replyToRef: number | null;
  networks: NetworkName[];
  images?: ProposalImage[];
}

/** The changes `decide` asks for; `write` turns them into SQL. */
export type ProposalChange =
  | { type: 'create'; draft: Draft; channelId: string }
  | { type: 'version'; draft: Draft; version: number }
  | { type: 'approval'; user: string; added: boolean }
  | { type: 'state'; state: ProposalState; approvedAt?: Date; rejectedBy?: string; failure?: { code: string; detail: string } | null; publishedAt?: Date }
  | { type: 'deliver'; network: NetworkName; state: 'publishing' | 'waiting'; dryRun: boolean; owner: string; waitUntil: Date | null; replyTo: Delivery['replyTo']; parts: number }
  | { type: 'delivery'; network: NetworkName; patch: Partial<Pick<Delivery, 'state' | 'lostAnswers' | 'owner' | 'retryAt' | 'waitUntil' | 'failureCode' | 'failureDetail' | 'publishedAt'>> }
  | { type: 'part'; network: NetworkName; part: number; patch: Partial<Pick<DeliveryPart, 'attemptedAt' | 'remote' | 'postedAt'>> }
  /** A network makes every delivery wait until then (a 429): a fact of the network, kept with this decision. */
  | { type: 'limit'; network: NetworkName; until: Date };

const date = (v: string | null) => (v === null ? null : new Date(v));
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

interface ProposalRow {
  ref: number;
  author_id: string;
  state: ProposalState;
  current_version: number;
  text: string;
  weighted_length: number;
  followup_seconds: number | null;
  publish_at: string | null;
  reply_to_ref: number | null;
  networks: string;
  numbered: number;
  template: string | null;
  template_values: string | null;
  channel_id: string;
  message_ts: string | null;
  approved_at: string | null;
  rejected_by: string | null;
  failure_code: string | null;
  failure_detail: string | null;
  created_at: string;
  published_at: string | null;
}

interface DeliveryRow {
  id: number;
  network: NetworkName;
  state: DeliveryState;
  dry_run: number;
  lost_answers: number;
  owner: string | null;
  retry_at: string | null;
  wait_until: string | null;
  failure_code: Delivery['failureCode'];
  failure_detail: string | null;
  reply_to: string | null;
  queued_at: string;
  published_at: string | null;
}

interface PartRow {
  delivery_id: number;
  part: number;
  key: string;
  attempted_at: string | null;
  remote_id: string | null;
  remote_cid: string | null;
  url: string | null;
  posted_at: string | null;
}

const SELECT = `SELECT p.ref, p.author_id, p.state, p.current_version, v.text, v.weighted_length, v.followup_seconds, v.publish_at,
  v.reply_to_ref, v.networks, v.numbered, v.template, v.template_values, v.channel_id, v.message_ts, p.approved_at, p.rejected_by, p.failure_code, p.failure_detail,
  p.created_at, p.published_at
  FROM proposals p JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version`;

/** The SQL for proposals, their versions, approvals and deliveries. Writes run inside `apply`'s transaction. */
export class ProposalStore {
  private readonly s;

  constructor(
    private readonly db: DB,
    /** A delivery's part keys are chosen here, by the network, before any attempt. */
    private readonly newKey: (network: NetworkName) => string,
  ) {
    this.s = {
      byRef: db.prepare(`${SELECT} WHERE p.ref = ?`),
      byVersion: db.prepare(`${SELECT.replace('v.version = p.current_version', 'v.version = ?')} WHERE p.ref = ?`),
      inStates: db.prepare(`${SELECT} WHERE p.state IN (SELECT value FROM json_each(?)) ORDER BY p.ref`),
      byMessage: db.prepare(`SELECT ref, version FROM proposal_versions WHERE channel_id = ? AND message_ts = ?`),
      unshown: db.prepare(
        `SELECT COUNT(*) AS n FROM proposals p JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version
         WHERE p.state IN ('pending', 'scheduled') AND v.message_ts IS NULL`,
      ),
      nextRef: db.prepare(`SELECT COALESCE(MAX(ref), 0) + 1 AS ref FROM proposals`),
      approvals: db.prepare(`SELECT user_id FROM approvals WHERE ref = ? AND version = ? ORDER BY approved_at, rowid`),
      images: db.prepare(`SELECT part, file_id, name, mimetype, size, alt_text FROM proposal_images WHERE ref = ? AND version = ? ORDER BY part, position`),
      parts: db.prepare(`SELECT text FROM proposal_parts WHERE ref = ? AND version = ? ORDER BY part`),
      insertPart: db.prepare(`INSERT INTO proposal_parts (ref, version, part, text) VALUES (?, ?, ?, ?)`),
      deliveries: db.prepare(`SELECT * FROM deliveries WHERE ref = ? AND version = ? ORDER BY id`),
      deliveryParts: db.prepare(
        `SELECT * FROM delivery_parts WHERE delivery_id IN (SELECT id FROM deliveries WHERE ref = ? AND version = ?) ORDER BY delivery_id, part`,
      ),
      insertProposal: db.prepare(`INSERT INTO proposals (ref, author_id, state, current_version, created_at, updated_at) VALUES (?, ?, 'pending', 1, ?, ?)`),
      insertVersion: db.prepare(
        `INSERT INTO proposal_versions (ref, version, text, weighted_length, followup_seconds, publish_at, reply_to_ref, networks, numbered, template, template_values, channel_id, created_at)
         VALUES (@ref, @version, @text, @weightedLength, @followupSeconds, @publishAt, @replyToRef, @networks, @numbered, @template, @templateValues, @channelId, @createdAt)`,
      ),
      insertImage: db.prepare(
        `INSERT INTO proposal_images (ref, version, part, position, file_id, name, mimetype, size, alt_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      setVersion: db.prepare(`UPDATE proposals SET current_version = ?, state = 'pending', approved_at = NULL, updated_at = ? WHERE ref = ?`),
      versionTemplate: db.prepare(`SELECT template, template_values FROM proposal_versions WHERE ref = ? AND version = ?`),
      markReplaced: db.prepare(`UPDATE proposal_versions SET replaced_at = ? WHERE ref = ? AND version = ?`),
      setMessage: db.prepare(`UPDATE proposal_versions SET message_ts = ? WHERE ref = ? AND version = ?`),
      addApproval: db.prepare(`INSERT OR IGNORE INTO approvals (ref, version, user_id, approved_at) VALUES (?, ?, ?, ?)`),
      removeApproval: db.prepare(`DELETE FROM approvals WHERE ref = ? AND version = ? AND user_id = ?`),
      setState: db.prepare(
        `UPDATE proposals SET state = @state, updated_at = @now, approved_at = COALESCE(@approvedAt, approved_at),
           rejected_by = COALESCE(@rejectedBy, rejected_by), published_at = COALESCE(published_at, @publishedAt),
           failure_code = CASE WHEN @keepFailure THEN failure_code ELSE @failureCode END,
           failure_detail = CASE WHEN @keepFailure THEN failure_detail ELSE @failureDetail END
         WHERE ref = @ref`,
      ),
      insertDelivery: db.prepare(
        `INSERT INTO deliveries (ref, version, network, state, dry_run, owner, wait_until, reply_to, queued_at, updated_at)
         VALUES (@ref, @version, @network, @state, @dryRun, @owner, @waitUntil, @replyTo, @now, @now)`,
      ),
      insertDeliveryPart: db.prepare(`INSERT INTO delivery_parts (delivery_id, part, key, attempted_at) VALUES (?, ?, ?, ?)`),
      updateDelivery: db.prepare(
        `UPDATE deliveries SET state = @state, lost_answers = @lostAnswers, owner = @owner, retry_at = @retryAt, wait_until = @waitUntil,
           failure_code = @failureCode, failure_detail = @failureDetail, published_at = @publishedAt, updated_at = @now WHERE id = @id`,
      ),
      limits: db.prepare(`SELECT network, until FROM network_limits`),
      setLimit: db.prepare(
        `INSERT INTO network_limits (network, until) VALUES (?, ?) ON CONFLICT (network) DO UPDATE SET until = MAX(until, excluded.until)`,
      ),
      clearLimit: db.prepare(`DELETE FROM network_limits WHERE network = ? AND until <= ?`),
      nextToPublish: db.prepare(
        // `state IN (…)` repeats the partial index's condition, so SQLite uses it (a year of history is 100,000 rows).
        `SELECT ref FROM deliveries WHERE state IN ('publishing', 'waiting') AND network = ? AND state = 'publishing'
           AND (retry_at IS NULL OR retry_at <= ?) ORDER BY id LIMIT 1`,
      ),
      earliestRetry: db.prepare(`SELECT MIN(retry_at) AS at FROM deliveries WHERE state IN ('publishing', 'waiting') AND state = 'publishing' AND retry_at IS NOT NULL`),
      waitingOn: db.prepare(`SELECT ref FROM deliveries WHERE state IN ('publishing', 'waiting') AND network = ? AND state = 'waiting' ORDER BY id`),
      // The network's newest publication, straight from deliveries_published_by_network (migration 010).
      lastPublication: db.prepare(
        `SELECT published_at AS at FROM deliveries WHERE published_at IS NOT NULL AND network = ? AND dry_run = 0 ORDER BY published_at DESC LIMIT 1`,
      ),
      failedOnCredentials: db.prepare(
        `SELECT DISTINCT ref FROM deliveries WHERE network = ? AND state = 'failed' AND failure_code = 'credentials' AND updated_at >= ? ORDER BY ref`,
      ),
      recentPublished: db.prepare(
        // Newest deliveries first (their id follows approval order), read backwards and stopped at the limit.
        `SELECT d.ref, v.text FROM (SELECT id, ref, version FROM deliveries WHERE state = 'published' AND (dry_run = 0 OR ?) ORDER BY id DESC LIMIT ?) d
           JOIN proposal_versions v ON v.ref = d.ref AND v.version = d.version ORDER BY d.id DESC`,
      ),
      updatePart: db.prepare(
        `UPDATE delivery_parts SET attempted_at = @attemptedAt, remote_id = @remoteId, remote_cid = @remoteCid, url = @url, posted_at = @postedAt
         WHERE delivery_id = @id AND part = @part`,
      ),
    };
  }

  /** A proposal as it stands now; with `version`, as that version said (an earlier one, replaced). */
  get(ref: number, version?: number): Proposal | null {
    const row = (version === undefined ? this.s.byRef.get(ref) : this.s.byVersion.get(version, ref)) as ProposalRow | undefined;
    if (!row) return null;
    return this.toProposal(version === undefined ? row : { ...row, current_version: version });
  }

  inState(states: readonly ProposalState[]): Proposal[] {
    return (this.s.inStates.all(JSON.stringify(states)) as ProposalRow[]).map((row) => this.toProposal(row));
  }

  /** Which proposal version a Slack message shows, if any. */
  findByMessage(channelId: string, ts: string): { ref: number; version: number } | null {
    return (this.s.byMessage.get(channelId, ts) as { ref: number; version: number } | undefined) ?? null;
  }

  /** Open proposals whose message Slack has not (yet) been seen to show. */
  unshownOpenProposals(): number {
    return (this.s.unshown.get() as { n: number }).n;
  }

  /** The reference a new proposal takes: inside the write transaction, no other can take it meanwhile. */
  nextRef(): number {
    return (this.s.nextRef.get() as { ref: number }).ref;
  }

  /** The rate limits in force, per network. */
  limits(now: Date): Partial<Record<NetworkName, Date>> {
    const limits: Partial<Record<NetworkName, Date>> = {};
    for (const row of this.s.limits.all() as Array<{ network: NetworkName; until: string }>) {
      if (Date.parse(row.until) > now.getTime()) limits[row.network] = new Date(row.until);
    }
    return limits;
  }

  /** The limit of `network` is over: returns the proposals it made wait, in approval order. */
  endLimit(network: NetworkName, now: Date): number[] {
    this.s.clearLimit.run(network, now.toISOString());
    return (this.s.waitingOn.all(network) as Array<{ ref: number }>).map((r) => r.ref);
  }

  /** The proposal whose delivery on `network` goes next (approval order), if one is due. */
  nextToPublish(network: NetworkName, now: Date): number | null {
    return (this.s.nextToPublish.get(network, now.toISOString()) as { ref: number } | undefined)?.ref ?? null;
  }

  /** When the next attempt after a lost answer is due, if any. */
  earliestRetry(): Date | null {
    return date((this.s.earliestRetry.get() as { at: string | null }).at);
  }

  /** When a publication (not a dry run) last worked on `network`; null if it never did. */
  lastPublication(network: NetworkName): Date | null {
    return date((this.s.lastPublication.get(network) as { at: string } | undefined)?.at ?? null);
  }

  /** The proposals whose delivery on `network` failed on its credentials since `since`, and is still failed. */
  failedOnCredentials(network: NetworkName, since: Date | null): number[] {
    return (this.s.failedOnCredentials.all(network, since?.toISOString() ?? '') as Array<{ ref: number }>).map((r) => r.ref);
  }

  /** The last proposals published somewhere (not only as a dry run, unless `dryToo`), newest first: what a reply may answer. */
  recentPublished(limit: number, dryToo: boolean): Array<{ ref: number; text: string }> {
    // A proposal has at most one delivery per network: three times the limit in deliveries is enough.
    const rows = this.s.recentPublished.all(dryToo ? 1 : 0, limit * 3) as Array<{ ref: number; text: string }>;
    const seen = new Set<number>();
    return rows.filter((r) => !seen.has(r.ref) && seen.add(r.ref)).slice(0, limit);
  }

  /** Records which Slack message shows a version (when the outbox has shown it). */
  attachMessage(ref: number, version: number, ts: string): void {
    this.s.setMessage.run(ts, ref, version);
  }

  /** Writes the changes of one decision about proposal `ref` (version `version`); inside a transaction. */
  write(ref: number, version: number, changes: readonly ProposalChange[], now: Date): void {
    const at = now.toISOString();
    let current = version;
    for (const change of changes) {
      switch (change.type) {
        case 'create':
          this.s.insertProposal.run(ref, change.draft.authorId, at, at);
          this.addVersion(ref, 1, change.draft, change.channelId, at);
          current = 1;
          break;
        case 'version': {
          const channel = (this.s.byRef.get(ref) as ProposalRow).channel_id;
          this.s.setVersion.run(change.version, at, ref);
          // An edit keeps the template the proposal was made from (its closing post, the reports by template).
          const kept = change.draft.template === undefined ? (this.s.versionTemplate.get(ref, current) as { template: string | null; template_values: string | null }) : null;
          this.addVersion(ref, change.version, change.draft, channel, at, kept);
          this.s.markReplaced.run(at, ref, current);
          current = change.version;
          break;
        }
        case 'approval':
          if (change.added) this.s.addApproval.run(ref, current, change.user, at);
          else this.s.removeApproval.run(ref, current, change.user);
          break;
        case 'state':
          this.s.setState.run({
            ref,
            state: change.state,
            now: at,
            approvedAt: iso(change.approvedAt),
            rejectedBy: change.rejectedBy ?? null,
            publishedAt: iso(change.publishedAt),
            keepFailure: change.failure === undefined ? 1 : 0,
            failureCode: change.failure?.code ?? null,
            failureDetail: change.failure?.detail ?? null,
          });
          break;
        case 'deliver': {
          const id = Number(
            this.s.insertDelivery.run({
              ref,
              version: current,
              network: change.network,
              state: change.state,
              dryRun: change.dryRun ? 1 : 0,
              owner: change.owner,
              waitUntil: iso(change.waitUntil),
              replyTo: change.replyTo ? JSON.stringify(change.replyTo) : null,
              now: at,
            }).lastInsertRowid,
          );
          // The first part may be attempted as soon as this commits: a lookup after a crash covers it.
          for (let part = 1; part <= change.parts; part++) this.s.insertDeliveryPart.run(id, part, this.newKey(change.network), part === 1 ? at : null);
          break;
        }
        case 'delivery': {
          const d = this.delivery(ref, current, change.network);
          const next = { ...d, ...change.patch };
          this.s.updateDelivery.run({
            id: d.id,
            state: next.state,
            lostAnswers: next.lostAnswers,
            owner: next.owner,
            retryAt: iso(next.retryAt),
            waitUntil: iso(next.waitUntil),
            failureCode: next.failureCode,
            failureDetail: next.failureDetail,
            publishedAt: iso(next.publishedAt),
            now: at,
          });
          break;
        }
        case 'limit':
          this.s.setLimit.run(change.network, change.until.toISOString());
          break;
        case 'part': {
          const d = this.delivery(ref, current, change.network);
          const p = d.parts.find((x) => x.part === change.part);
          if (!p) throw new Error(`#${ref} has no part ${change.part} on ${change.network}`);
          const next = { ...p, ...change.patch };
          this.s.updatePart.run({
            id: d.id,
            part: p.part,
            attemptedAt: iso(next.attemptedAt),
            remoteId: next.remote?.id ?? null,
            remoteCid: next.remote?.cid ?? null,
            url: next.remote?.url ?? null,
            postedAt: iso(next.postedAt),
          });
          break;
        }
      }
    }
  }

  private delivery(ref: number, version: number, network: NetworkName): Delivery {
    const d = this.deliveriesOf(ref, version).find((x) => x.network === network);
    if (!d) throw new Error(`#${ref} v${version} has no delivery on ${network}`);
    return d;
  }

  private addVersion(ref: number, version: number, draft: Draft, channelId: string, at: string, kept: { template: string | null; template_values: string | null } | null = null): void {
    this.s.insertVersion.run({
      ref,
      version,
      text: draft.text,
      weightedLength: draft.weightedLength,
      followupSeconds: draft.followupSeconds,
      publishAt: iso(draft.publishAt),
      replyToRef: draft.replyToRef,
      networks: JSON.stringify(draft.networks),
      numbered: draft.numbered ? 1 : 0,
      template: kept ? kept.template : (draft.template ?? null),
      templateValues: kept ? kept.template_values : draft.templateValues ? JSON.stringify(draft.templateValues) : null,
      channelId,
      createdAt: at,
    });
    draft.parts.forEach((text, index) => this.s.insertPart.run(ref, version, index + 1, text));
    const positions = new Map<number, number>();
    for (const image of draft.images ?? []) {
      const part = image.part ?? 1;
      const position = (positions.get(part) ?? 0) + 1;
      positions.set(part, position);
      this.s.insertImage.run(ref, version, part, position, image.fileId, image.name, image.mimetype, image.size, image.altText);
    }
  }

  private deliveriesOf(ref: number, version: number): Delivery[] {
    const parts = this.s.deliveryParts.all(ref, version) as PartRow[];
    return (this.s.deliveries.all(ref, version) as DeliveryRow[]).map((d) => ({
      id: d.id,
      network: d.network,
      state: d.state,
      dryRun: d.dry_run === 1,
      lostAnswers: d.lost_answers,
      owner: d.owner,
      retryAt: date(d.retry_at),
      waitUntil: date(d.wait_until),
      failureCode: d.failure_code,
      failureDetail: d.failure_detail,
      replyTo: d.reply_to ? (JSON.parse(d.reply_to) as Delivery['replyTo']) : null,
      queuedAt: new Date(d.queued_at),
      publishedAt: date(d.published_at),
      parts: parts
        .filter((p) => p.delivery_id === d.id)
        .map((p) => ({
          part: p.part,
          key: p.key,
          attemptedAt: date(p.attempted_at),
          remote: p.remote_id ? { id: p.remote_id, url: p.url ?? '', ...(p.remote_cid ? { cid: p.remote_cid } : {}) } : null,
          postedAt: date(p.posted_at),
        })),
    }));
  }

  private toProposal(row: ProposalRow): Proposal {
    return {
      ref: row.ref,
      authorId: row.author_id,
      state: row.state,
      version: row.current_version,
      text: row.text,
      weightedLength: row.weighted_length,
      followupSeconds: row.followup_seconds,
      publishAt: date(row.publish_at),
      replyToRef: row.reply_to_ref,
      networks: JSON.parse(row.networks) as NetworkName[],
      parts: (this.s.parts.all(row.ref, row.current_version) as Array<{ text: string }>).map((r) => r.text),
      numbered: row.numbered === 1,
      template: row.template,
      templateValues: row.template_values ? (JSON.parse(row.template_values) as Record<string, string>) : null,
      channelId: row.channel_id,
      messageTs: row.message_ts,
      images: (this.s.images.all(row.ref, row.current_version) as Array<{ part: number; file_id: string; name: string; mimetype: string; size: number; alt_text: string }>).map(
        (i) => ({ part: i.part, fileId: i.file_id, name: i.name, mimetype: i.mimetype, size: i.size, altText: i.alt_text }),
      ),
      approvals: (this.s.approvals.all(row.ref, row.current_version) as { user_id: string }[]).map((a) => a.user_id),
      approvedAt: date(row.approved_at),
      rejectedBy: row.rejected_by,
      failureCode: row.failure_code,
      failureDetail: row.failure_detail,
      createdAt: new Date(row.created_at),
      publishedAt: date(row.published_at),
      deliveries: this.deliveriesOf(row.ref, row.current_version),
    };
  }
}
