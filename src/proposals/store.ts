import { GroupCommit, type DB } from '../platform/database.js';
import { appendAudit, BOT_ACTOR } from '../audit/log.js';
import type { ProposalState } from './rules.js';

/** A proposal as stored, with its current version's content. */
export interface Proposal {
  ref: number;
  authorId: string;
  state: ProposalState;
  version: number;
  text: string;
  weightedLength: number;
  followupSeconds: number | null;
  publishAt: Date | null;
  replyToRef: number | null;
  channelId: string;
  messageTs: string | null;
  images: ProposalImage[];
  approvals: string[];
  approvedAt: Date | null;
  publishStartedAt: Date | null;
  rejectedBy: string | null;
  tweetId: string | null;
  tweetUrl: string | null;
  dryRun: boolean;
  failureCode: string | null;
  failureDetail: string | null;
  createdAt: Date;
  publishedAt: Date | null;
}

/** An image of a proposal: Slack's file, and the alt text X will show. */
export interface ProposalImage {
  fileId: string;
  name: string;
  mimetype: string;
  size: number;
  altText: string;
}

export interface NewProposal {
  images?: ProposalImage[];
  authorId: string;
  text: string;
  weightedLength: number;
  followupSeconds: number | null;
  publishAt: Date | null;
  replyToRef: number | null;
  channelId: string;
}

interface Row {
  ref: number;
  author_id: string;
  state: ProposalState;
  current_version: number;
  text: string;
  weighted_length: number;
  followup_seconds: number | null;
  publish_at: string | null;
  reply_to_ref: number | null;
  channel_id: string;
  message_ts: string | null;
  approved_at: string | null;
  publish_started_at: string | null;
  rejected_by: string | null;
  tweet_id: string | null;
  tweet_url: string | null;
  dry_run: number;
  failure_code: string | null;
  failure_detail: string | null;
  created_at: string;
  published_at: string | null;
}

const date = (v: string | null) => (v === null ? null : new Date(v));

const SELECT = `SELECT p.ref, p.author_id, p.state, p.current_version, v.text, v.weighted_length, v.followup_seconds,
  v.publish_at, v.reply_to_ref, v.channel_id, v.message_ts, p.approved_at, p.publish_started_at, p.rejected_by, p.tweet_id, p.tweet_url, p.dry_run,
  p.failure_code, p.failure_detail, p.created_at, p.published_at
  FROM proposals p JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version`;

/** The SQL for proposals and approvals. Each method that changes state writes its audit line in the same transaction. */
export class ProposalStore {
  private readonly byRef;
  private readonly byMessage;
  private readonly approvalsOf;
  private readonly insertProposal;
  private readonly insertVersion;
  private readonly setMessage;
  private readonly insertApproval;
  private readonly deleteApproval;
  private readonly setState;
  private readonly inStates;
  private readonly insertEvent;
  private readonly imagesOf;
  private readonly insertImage;
  private readonly setVersion;
  private readonly markReplaced;
  private readonly setUrl;
  private readonly forgetEvents;

  constructor(
    private readonly db: DB,
    private readonly commits = new GroupCommit(db),
  ) {
    this.byRef = db.prepare(`${SELECT} WHERE p.ref = ?`);
    this.byMessage = db.prepare(
      `SELECT ref, version FROM proposal_versions WHERE channel_id = ? AND message_ts = ?`,
    );
    this.approvalsOf = db.prepare(
      `SELECT user_id FROM approvals WHERE ref = ? AND version = ? ORDER BY approved_at, rowid`,
    );
    this.insertProposal = db.prepare(
      `INSERT INTO proposals (author_id, state, current_version, created_at, updated_at) VALUES (?, 'pending', 1, ?, ?)`,
    );
    this.insertVersion = db.prepare(
      `INSERT INTO proposal_versions (ref, version, text, weighted_length, followup_seconds, publish_at, reply_to_ref, channel_id, created_at)
       VALUES (@ref, @version, @text, @weightedLength, @followupSeconds, @publishAt, @replyToRef, @channelId, @createdAt)`,
    );
    this.setMessage = db.prepare(`UPDATE proposal_versions SET message_ts = ? WHERE ref = ? AND version = ?`);
    this.insertApproval = db.prepare(
      `INSERT OR IGNORE INTO approvals (ref, version, user_id, approved_at) VALUES (?, ?, ?, ?)`,
    );
    this.deleteApproval = db.prepare(`DELETE FROM approvals WHERE ref = ? AND version = ? AND user_id = ?`);
    this.setState = db.prepare(
      `UPDATE proposals SET state = @state, updated_at = @now,
         approved_at = COALESCE(@approvedAt, approved_at),
         rejected_by = COALESCE(@rejectedBy, rejected_by),
         publish_started_at = COALESCE(@publishStartedAt, publish_started_at),
         tweet_id = COALESCE(@tweetId, tweet_id),
         tweet_url = COALESCE(@tweetUrl, tweet_url),
         dry_run = COALESCE(@dryRun, dry_run),
         failure_code = @failureCode, failure_detail = @failureDetail,
         published_at = COALESCE(@publishedAt, published_at)
       WHERE ref = @ref AND state = @from`,
    );
    this.inStates = db.prepare(`${SELECT} WHERE p.state IN (SELECT value FROM json_each(?)) ORDER BY p.ref`);
    this.insertEvent = db.prepare(`INSERT OR IGNORE INTO slack_events (event_id, received_at) VALUES (?, ?)`);
    this.imagesOf = db.prepare(
      `SELECT file_id, name, mimetype, size, alt_text FROM proposal_images WHERE ref = ? AND version = ? ORDER BY position`,
    );
    this.insertImage = db.prepare(
      `INSERT INTO proposal_images (ref, version, position, file_id, name, mimetype, size, alt_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.setVersion = db.prepare(`UPDATE proposals SET current_version = ?, state = 'pending', updated_at = ? WHERE ref = ? AND current_version = ?`);
    this.markReplaced = db.prepare(`UPDATE proposal_versions SET replaced_at = ? WHERE ref = ? AND version = ?`);
    this.setUrl = db.prepare(`UPDATE proposals SET tweet_url = ? WHERE ref = ? AND state = 'published'`);
    this.forgetEvents = db.prepare(`DELETE FROM slack_events WHERE received_at < ?`);
  }

  transaction<T>(work: () => T): T {
    this.commits.commitPending();
    return this.db.transaction(work).immediate();
  }

  get(ref: number): Proposal | null {
    this.commits.commitPending();
    const row = this.byRef.get(ref) as Row | undefined;
    return row ? this.toProposal(row) : null;
  }

  /** Which proposal version a Slack message shows, if any. */
  findByMessage(channelId: string, ts: string): { ref: number; version: number } | null {
    this.commits.commitPending();
    return (this.byMessage.get(channelId, ts) as { ref: number; version: number } | undefined) ?? null;
  }

  inState(states: readonly ProposalState[]): Proposal[] {
    this.commits.commitPending();
    return (this.inStates.all(JSON.stringify(states)) as Row[]).map((row) => this.toProposal(row));
  }

  /**
   * Stores a new proposal, in a group commit with the other writes of this turn of the event loop: a
   * burst of /tweet is not stored and synced one commit at a time. The caller awaits `durable()` before
   * the proposal is shown.
   */
  create(draft: NewProposal, now: Date): Promise<Proposal> {
    return this.commits.run(() => {
      const at = now.toISOString();
      const ref = Number(this.insertProposal.run(draft.authorId, at, at).lastInsertRowid);
      this.addVersion(ref, 1, draft, at);
      appendAudit(this.db, {
        at: now,
        actor: draft.authorId,
        subject: 'proposal',
        ref,
        action: 'proposed',
        text: draft.text,
        detail: {
          version: 1,
          followupSeconds: draft.followupSeconds,
          publishAt: draft.publishAt?.toISOString() ?? null,
          replyToRef: draft.replyToRef,
        },
      });
      return this.get(ref)!;
    });
  }

  /**
   * A new version of an open proposal (an edit): same reference, new text and options, back to pending.
   * Approvals belong to a version, so none carries over. Returns null if the proposal moved meanwhile.
   */
  edit(p: Proposal, draft: NewProposal, by: string, now: Date): Proposal | null {
    return this.transaction(() => {
      const at = now.toISOString();
      const version = p.version + 1;
      if (this.setVersion.run(version, at, p.ref, p.version).changes !== 1) return null;
      this.addVersion(p.ref, version, draft, at);
      this.markReplaced.run(at, p.ref, p.version);
      appendAudit(this.db, {
        at: now,
        actor: by,
        subject: 'proposal',
        ref: p.ref,
        action: 'edited',
        text: draft.text,
        detail: { version, previousText: p.text, followupSeconds: draft.followupSeconds, publishAt: draft.publishAt?.toISOString() ?? null, replyToRef: draft.replyToRef },
      });
      return this.get(p.ref);
    });
  }

  private addVersion(ref: number, version: number, draft: NewProposal, at: string): void {
    this.insertVersion.run({
      ref,
      version,
      text: draft.text,
      weightedLength: draft.weightedLength,
      followupSeconds: draft.followupSeconds,
      publishAt: draft.publishAt?.toISOString() ?? null,
      replyToRef: draft.replyToRef,
      channelId: draft.channelId,
      createdAt: at,
    });
    (draft.images ?? []).forEach((image, index) =>
      this.insertImage.run(ref, version, index + 1, image.fileId, image.name, image.mimetype, image.size, image.altText),
    );
  }

  /** Resolves once every commit made so far, `create`'s included, is on disk. */
  durable(): Promise<void> {
    return this.commits.flush();
  }

  /**
   * Records which Slack message shows a version. Never synced on its own: it is not a change of state,
   * the next sync carries it to disk, and if a power cut loses it the restart shows the proposal again.
   */
  async attachMessage(ref: number, version: number, ts: string): Promise<void> {
    await this.commits.run(() => this.setMessage.run(ts, ref, version));
  }

  /** Slack event ids received before `date` are forgotten: Slack no longer retries them. */
  forgetEventsBefore(date: Date): void {
    this.commits.commitPending();
    this.forgetEvents.run(date.toISOString());
  }

  /**
   * A better link to a published tweet (one naming the account, once X has told its username). Not a
   * change of state: the link stored with the publication already leads to the tweet.
   */
  setTweetUrl(ref: number, url: string): void {
    this.commits.commitPending();
    this.setUrl.run(url, ref);
  }

  /** Records a Slack event id; false when it was already processed (a retry). Call inside the effect's transaction. */
  firstDelivery(eventId: string, now: Date): boolean {
    return this.insertEvent.run(eventId, now.toISOString()).changes === 1;
  }

  addApproval(p: Proposal, userId: string, now: Date): void {
    this.insertApproval.run(p.ref, p.version, userId, now.toISOString());
    appendAudit(this.db, { at: now, actor: userId, subject: 'proposal', ref: p.ref, action: 'approved', text: p.text, detail: { version: p.version } });
  }

  withdrawApproval(p: Proposal, userId: string, now: Date): void {
    this.deleteApproval.run(p.ref, p.version, userId);
    appendAudit(this.db, { at: now, actor: userId, subject: 'proposal', ref: p.ref, action: 'approval_withdrawn', text: p.text, detail: { version: p.version } });
  }

  /**
   * Moves a proposal from one state to another, only if it is still in `from` (a compare-and-set:
   * of two racing handlers, exactly one wins). Returns whether this call made the change.
   */
  transition(
    p: Proposal,
    from: ProposalState,
    change: {
      to: ProposalState;
      actor?: string;
      approvedAt?: Date;
      rejectedBy?: string;
      publishStartedAt?: Date;
      tweetId?: string;
      tweetUrl?: string;
      dryRun?: boolean;
      failureCode?: string | null;
      failureDetail?: string | null;
      publishedAt?: Date;
      detail?: Record<string, unknown>;
    },
    now: Date,
  ): boolean {
    // The change and its audit line land together, whether or not the caller opened a transaction
    // (inside one, this is a savepoint).
    return this.transaction(() => {
      const changed =
        this.setState.run({
          ref: p.ref,
          from,
          state: change.to,
          now: now.toISOString(),
          approvedAt: change.approvedAt?.toISOString() ?? null,
          rejectedBy: change.rejectedBy ?? null,
          publishStartedAt: change.publishStartedAt?.toISOString() ?? null,
          tweetId: change.tweetId ?? null,
          tweetUrl: change.tweetUrl ?? null,
          dryRun: change.dryRun === undefined ? null : change.dryRun ? 1 : 0,
          failureCode: change.failureCode ?? null,
          failureDetail: change.failureDetail ?? null,
          publishedAt: change.publishedAt?.toISOString() ?? null,
        }).changes === 1;
      if (changed) {
        appendAudit(this.db, {
          at: now,
          actor: change.actor ?? BOT_ACTOR,
          subject: 'proposal',
          ref: p.ref,
          action: change.to,
          text: p.text,
          detail: {
            from,
            version: p.version,
            ...(change.tweetId ? { tweetId: change.tweetId } : {}),
            ...(change.dryRun ? { dryRun: true } : {}),
            ...(change.failureCode ? { failure: change.failureCode, reason: change.failureDetail } : {}),
            ...change.detail,
          },
        });
      }
      return changed;
    });
  }

  private toProposal(row: Row): Proposal {
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
      channelId: row.channel_id,
      messageTs: row.message_ts,
      images: (this.imagesOf.all(row.ref, row.current_version) as Array<{ file_id: string; name: string; mimetype: string; size: number; alt_text: string }>).map(
        (i) => ({ fileId: i.file_id, name: i.name, mimetype: i.mimetype, size: i.size, altText: i.alt_text }),
      ),
      approvals: (this.approvalsOf.all(row.ref, row.current_version) as { user_id: string }[]).map((a) => a.user_id),
      approvedAt: date(row.approved_at),
      publishStartedAt: date(row.publish_started_at),
      rejectedBy: row.rejected_by,
      tweetId: row.tweet_id,
      tweetUrl: row.tweet_url,
      dryRun: row.dry_run === 1,
      failureCode: row.failure_code,
      failureDetail: row.failure_detail,
      createdAt: new Date(row.created_at),
      publishedAt: date(row.published_at),
    };
  }
}
