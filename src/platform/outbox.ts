import type { webApi } from '@slack/bolt';
import type { Clock } from './clock.js';
import type { DB, GroupCommit } from './database.js';
import type { Logger } from './logger.js';
import { Passes } from './passes.js';
import type { Runner } from './scheduler.js';
import type { SlackClient } from './slack.js';
import { backoffMs, slackFailure } from './slackFailure.js';

/** What a message shows, rendered from what is stored when it is sent (the latest state wins). */
export interface Rendered {
  text: string;
  blocks?: readonly unknown[];
  /**
   * Files the message carries (a channel message only): uploaded once each, then shared with the message
   * as one file share (files.completeUploadExternal). Such a message is shown once and never updated.
   */
  files?: readonly OutboxFile[];
}

export interface OutboxFile {
  /** Unique within the message: what a retry knows an uploaded file by. */
  name: string;
  title: string;
  /** An image's description for screen readers (files.getUploadURLExternal `alt_txt`). */
  alt?: string;
  /** Produced only when it must be uploaded (a chart is CPU work, its libraries loaded on first use). */
  content: () => Buffer | Promise<Buffer>;
}

/** The files of a message as far as Slack has them. */
export interface OutboxFiles {
  uploaded: Array<{ name: string; id: string }>;
  shared: boolean;
}

/** Renders a message from its row's data; null when there is nothing to show (any more). */
export type Render = (data: Record<string, unknown>) => Rendered | null;

export interface OutboxRow {
  id: number;
  key: string;
  kind: 'message' | 'ephemeral' | 'response';
  target: string;
  userId: string | null;
  threadKey: string | null;
  broadcast: boolean;
  render: string;
  data: Record<string, unknown>;
  revision: number;
  shownRevision: number;
  ts: string | null;
  maybeSent: boolean;
  attempts: number;
  state: 'pending' | 'done' | 'failed';
  retryAt: Date | null;
  createdAt: Date;
  files: OutboxFiles | null;
}

/** What a decision asks Slack to show, written in the decision's transaction. */
export type OutboxOp =
  /** A message in a channel, or a reply in the thread of the message `thread` (its key). */
  | { op: 'post'; key: string; channel: string; render: string; data?: Record<string, unknown>; thread?: string; broadcast?: boolean }
  /** Show again what the message `key` should show now (a change of state). */
  | { op: 'refresh'; key: string }
  /** A message only `user` sees. */
  | { op: 'ephemeral'; key: string; channel: string; user: string; render: string; data?: Record<string, unknown> }
  /** An answer through a request's response_url (only the person who clicked sees it). */
  | { op: 'respond'; key: string; url: string; render: string; data?: Record<string, unknown> };

/** What a capability does when Slack shows one of its messages, or refuses it for good (in a transaction). */
export interface OutboxHooks {
  /**
   * `adopted`: found in the channel after a lost answer (people may have reacted to it meanwhile). A file
   * share's `ts` is empty when Slack has not said yet where it landed (it shares files asynchronously).
   */
  shown?(row: OutboxRow, ts: string, now: Date, adopted: boolean): void;
  failed?(row: OutboxRow, reason: string, now: Date): void;
}

/** The Slack metadata every bot message carries, so that a message whose answer was lost is found, not posted twice. */
export const METADATA_EVENT = 'comcell_message';
/** Ephemerals and response_url answers are worth nothing after this (Slack drops a response_url after 30 minutes). */
const PRIVATE_ANSWER_TTL_MS = 15 * 60 * 1000;
/** Slack's clock and ours may disagree a little: the search for a lost message starts this much earlier. */
const SEARCH_SKEW_MS = 2 * 60 * 1000;
/** Messages in flight at once: Slack takes bursts, and a slow answer must not hold the others. */
const PARALLEL = 16;
/** A file's bytes are sent to the URL Slack gave; a report's chart and CSV are a few hundred kilobytes. */
const UPLOAD_TIMEOUT_MS = 60_000;

/** What went wrong, where: the Web API method (or `upload`, the POST of a file's bytes) and the error. */
export type SlackErrorObserver = (method: string, error: unknown) => void;

interface Row {
  id: number;
  key: string;
  kind: OutboxRow['kind'];
  target: string;
  user_id: string | null;
  thread_key: string | null;
  broadcast: number;
  render: string;
  data: string;
  revision: number;
  shown_revision: number;
  ts: string | null;
  maybe_sent: number;
  attempts: number;
  state: OutboxRow['state'];
  retry_at: string | null;
  created_at: string;
  files: string | null;
}

const toRow = (r: Row): OutboxRow => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  target: r.target,
  userId: r.user_id,
  threadKey: r.thread_key,
  broadcast: r.broadcast === 1,
  render: r.render,
  data: JSON.parse(r.data) as Record<string, unknown>,
  revision: r.revision,
  shownRevision: r.shown_revision,
  ts: r.ts,
  maybeSent: r.maybe_sent === 1,
  attempts: r.attempts,
  state: r.state,
  retryAt: r.retry_at ? new Date(r.retry_at) : null,
  createdAt: new Date(r.created_at),
  files: r.files ? (JSON.parse(r.files) as OutboxFiles) : null,
});

/**
 * Every Slack effect the bot owes, durable (SPEC "Running", When Slack fails): written in the transaction
 * of the change that makes it necessary, sent after the commit, retried with backoff across restarts until
 * Slack accepts it. A post whose answer was lost is looked for in the channel (by the key in its metadata)
 * and adopted before it is posted again; an update renders the state stored at that moment.
 */
export class Outbox implements Runner {
  private readonly renders = new Map<string, { render: Render; hooks: OutboxHooks }>();
  private readonly inFlight = new Set<number>();
  /** This pass's reads of a channel's (or a thread's) recent messages, and from when each reads. */
  private readonly scans = new Map<string, Promise<Map<string, string>>>();
  private readonly scanFrom = new Map<string, Date>();
  private readonly passes = new Passes(() => this.pass());
  private dirty = true;
  private earliestRetry: Date | null = null;
  private readonly s;

  constructor(
    private readonly db: DB,
    private readonly commits: GroupCommit,
    /** A client that does not retry by itself: a retried post whose answer was lost is a duplicate. */
    private readonly client: SlackClient,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly random: () => number = Math.random,
    /** Told of every Slack call that failed (metrics). */
    private readonly onSlackError: SlackErrorObserver = () => {},
  ) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO outbox (key, kind, target, user_id, thread_key, broadcast, render, data, created_at, updated_at)
         VALUES (@key, @kind, @target, @userId, @threadKey, @broadcast, @render, @data, @now, @now) ON CONFLICT (key) DO NOTHING`,
      ),
      refresh: db.prepare(
        `UPDATE outbox SET revision = revision + 1, state = 'pending', retry_at = NULL, updated_at = ? WHERE key = ? AND state <> 'failed'`,
      ),
      due: db.prepare(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 500`),
      byKey: db.prepare(`SELECT * FROM outbox WHERE key = ?`),
      shown: db.prepare(
        `UPDATE outbox SET ts = @ts, shown_revision = MAX(shown_revision, @revision), maybe_sent = 0, attempts = 0, retry_at = NULL,
           last_error = NULL, state = CASE WHEN revision <= @revision THEN 'done' ELSE 'pending' END, updated_at = @now WHERE id = @id`,
      ),
      retry: db.prepare(
        `UPDATE outbox SET attempts = attempts + 1, retry_at = @retryAt, maybe_sent = MAX(maybe_sent, @maybeSent),
           first_attempt_at = COALESCE(first_attempt_at, @now), last_error = @error, updated_at = @now WHERE id = @id`,
      ),
      fail: db.prepare(`UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?`),
      done: db.prepare(`UPDATE outbox SET state = 'done', updated_at = ? WHERE id = ? AND revision <= ?`),
      interrupted: db.prepare(`UPDATE outbox SET maybe_sent = 1 WHERE state = 'pending' AND kind = 'message' AND ts IS NULL`),
      files: db.prepare(`UPDATE outbox SET files = ?, updated_at = ? WHERE id = ?`),
    };
  }

  /** How a kind of message is rendered, and what its capability records when it is shown or refused. */
  define(render: string, fn: Render, hooks: OutboxHooks = {}): void {
    if (this.renders.has(render)) throw new Error(`two renderers for ${render}`);
    this.renders.set(render, { render: fn, hooks });
  }

  /** Records what Slack must show; call inside the transaction of the change, then `scheduler.wake()`. */
  write(ops: readonly OutboxOp[], now: Date): void {
    const at = now.toISOString();
    for (const op of ops) {
      if (op.op === 'refresh') {
        this.s.refresh.run(at, op.key);
      } else {
        const base = { key: op.key, render: op.render, data: JSON.stringify(op.data ?? {}), now: at, threadKey: null, broadcast: 0, userId: null };
        if (op.op === 'post') this.s.insert.run({ ...base, kind: 'message', target: op.channel, threadKey: op.thread ?? null, broadcast: op.broadcast ? 1 : 0 });
        else if (op.op === 'ephemeral') this.s.insert.run({ ...base, kind: 'ephemeral', target: op.channel, userId: op.user });
        else this.s.insert.run({ ...base, kind: 'response', target: op.url });
      }
    }
    if (ops.length > 0) this.dirty = true;
  }

  /** The message a key names, as stored (its ts once Slack showed it). */
  get(key: string): OutboxRow | null {
    const row = this.s.byKey.get(key) as Row | undefined;
    return row ? toRow(row) : null;
  }

  /** At start: a message not yet shown may have been posted just before a crash; look before posting it. */
  recover(): void {
    this.s.interrupted.run();
    this.dirty = true;
  }

  nextDue(): Date | null {
    if (this.passes.stopping) return null;
    return this.dirty ? this.clock.now() : this.earliestRetry;
  }

  run(): Promise<void> {
    return this.passes.run();
  }

  /** Stops taking new work and waits, at most `ms`, for what is under way. */
  stop(ms: number): Promise<void> {
    return this.passes.stop(ms);
  }

  private async pass(): Promise<void> {
    if (this.passes.stopping) return;
    this.dirty = false;
    this.commits.commitPending();
    const now = this.clock.now();
    const rows = (this.s.due.all() as Row[]).map(toRow);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const waitingThreads = new Set<string>();
    const ready: OutboxRow[] = [];
    let earliest: Date | null = null;
    for (const row of rows) {
      const thread = row.threadKey;
      if (thread) {
        // Replies of one thread go in order, and only once their parent is shown.
        if (waitingThreads.has(thread)) continue;
        waitingThreads.add(thread);
        const parent = byKey.get(thread) ?? this.get(thread);
        if (!parent || parent.state === 'failed') {
          this.fail(row, this.renders.get(row.render)?.hooks ?? {}, 'thread_parent_not_shown');
          continue;
        }
        if (!parent.ts) continue;
      }
      if (this.inFlight.has(row.id)) continue;
      if (row.retryAt && row.retryAt.getTime() > now.getTime()) {
        if (!earliest || row.retryAt < earliest) earliest = row.retryAt;
        continue;
      }
      ready.push(row);
    }
    this.earliestRetry = earliest;
    if (ready.length === 0) return;
    // What people see must survive a power cut: what was grouped in this turn is synced first. A disk that
    // refuses the sync shows nothing new (a message not yet shown fails, its capability says what that means).
    const unsynced = await this.commits.flush().then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (unsynced) {
      this.log.error({ reason: unsynced }, 'the database could not be synced to disk: new messages are not shown');
      for (const row of ready.filter((r) => r.kind === 'message' && !r.ts)) this.fail(row, this.renders.get(row.render)?.hooks ?? {}, unsynced);
    }
    const sendable = unsynced ? ready.filter((r) => r.kind !== 'message' || r.ts) : ready;
    // Messages maybe posted by a lost attempt are looked for with one read of each channel (or thread) per pass,
    // from the oldest of them: after an outage, many messages wait, and Slack's history reads are rate-limited.
    this.scans.clear();
    this.scanFrom.clear();
    for (const row of sendable.filter((r) => r.kind === 'message' && r.maybeSent && !r.ts)) {
      const where = scanKey(row.target, row.threadKey ? this.get(row.threadKey)?.ts ?? undefined : undefined);
      const from = this.scanFrom.get(where);
      if (!from || row.createdAt < from) this.scanFrom.set(where, row.createdAt);
    }
    // A pool: each send starts as soon as one of the PARALLEL under way ends (one message per thread per pass).
    let shownSome = false;
    let next = 0;
    const worker = async () => {
      while (next < sendable.length) if (await this.sendOne(sendable[next++]!)) shownSome = true;
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, sendable.length) }, worker));
    // A parent just shown lets its replies go; a new revision written meanwhile goes too.
    if (shownSome) this.passes.more();
  }

  /** Sends one row; true when Slack accepted it. */
  private async sendOne(row: OutboxRow): Promise<boolean> {
    this.inFlight.add(row.id);
    const log = this.log.child({ outbox: row.key });
    try {
      const entry = this.renders.get(row.render);
      if (!entry) throw new Error(`no renderer for ${row.render}`);
      const now = this.clock.now();
      if (row.kind !== 'message' && now.getTime() - row.createdAt.getTime() > PRIVATE_ANSWER_TTL_MS) {
        this.fail(row, entry.hooks, 'too_late');
        return false;
      }
      const rendered = entry.render(row.data);
      if (rendered === null) {
        await this.commits.run(() => this.s.done.run(now.toISOString(), row.id, row.revision));
        return true;
      }
      try {
        if (row.kind === 'ephemeral') {
          await via('chat.postEphemeral', this.client.chat.postEphemeral({ channel: row.target, user: row.userId ?? '', text: rendered.text, ...blocksOf(rendered) }));
        } else if (row.kind === 'response') {
          await via('response_url', this.respond(row.target, rendered));
        } else if (rendered.files?.length) {
          await this.shareFiles(row, rendered, entry.hooks, log);
          return true;
        } else {
          await this.showMessage(row, rendered, entry.hooks, log);
          return true;
        }
        await this.commits.run(() => this.s.done.run(this.clock.now().toISOString(), row.id, row.revision));
        return true;
      } catch (error) {
        this.failed(row, entry.hooks, error, log);
        return false;
      }
    } catch (error) {
      log.error({ err: error }, 'a message could not be rendered');
      this.fail(row, {}, error instanceof Error ? error.message : String(error));
      return false;
    } finally {
      this.inFlight.delete(row.id);
    }
  }

  private async showMessage(row: OutboxRow, rendered: Rendered, hooks: OutboxHooks, log: Logger): Promise<void> {
    const revision = row.revision;
    const threadTs = row.threadKey ? this.get(row.threadKey)?.ts ?? undefined : undefined;
    let ts = row.ts;
    let shown = revision;
    if (!ts && row.maybeSent) {
      ts = await this.findLost(row, threadTs);
      // Adopted: it shows what was rendered then; one update brings it to the latest state.
      if (ts) {
        log.info({ ts }, 'message found in the channel after a lost answer: adopted, not posted again');
        shown = 0;
      }
    }
    const metadata = { event_type: METADATA_EVENT, event_payload: { key: row.key } };
    if (!ts) {
      const posted = await via('chat.postMessage', this.client.chat.postMessage({
        channel: row.target,
        text: rendered.text,
        ...blocksOf(rendered),
        ...(threadTs ? { thread_ts: threadTs, reply_broadcast: row.broadcast } : {}),
        metadata,
        unfurl_links: false,
        unfurl_media: false,
      } as webApi.ChatPostMessageArguments));
      ts = posted.ts!;
    } else if (row.ts) {
      await via('chat.update', this.client.chat.update({ channel: row.target, ts, text: rendered.text, ...blocksOf(rendered), metadata }));
    }
    const now = this.clock.now();
    const fresh = row.ts === null;
    await this.commits.run(() => {
      this.s.shown.run({ id: row.id, ts, revision: shown, now: now.toISOString() });
      if (fresh) hooks.shown?.(row, ts!, now, shown < revision);
    });
    if (shown < revision) this.dirty = true;
  }

  /** The message of `row` in the channel (or its thread), posted by an attempt whose answer was lost. */
  private async findLost(row: OutboxRow, threadTs: string | undefined): Promise<string | null> {
    const where = scanKey(row.target, threadTs);
    let scan = this.scans.get(where);
    if (!scan) {
      scan = this.scan(row.target, threadTs, this.scanFrom.get(where) ?? row.createdAt);
      this.scans.set(where, scan);
      // A failed read is retried with the row, not kept for the other rows of this pass.
      scan.catch(() => this.scans.delete(where));
    }
    return (await scan).get(row.key) ?? null;
  }

  /** The keys of the bot's messages in a channel (or a thread) since `from`, and their ts. */
  private async scan(channel: string, threadTs: string | undefined, from: Date): Promise<Map<string, string>> {
    const oldest = String((from.getTime() - SEARCH_SKEW_MS) / 1000);
    const found = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = threadTs
        ? await via('conversations.replies', this.client.conversations.replies({ channel, ts: threadTs, oldest, include_all_metadata: true, limit: 200, cursor }))
        : await via('conversations.history', this.client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200, cursor }));
      for (const message of page.messages ?? []) {
        const meta = (message as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
        if (meta?.event_type === METADATA_EVENT && typeof meta.event_payload?.key === 'string' && message.ts) found.set(meta.event_payload.key, message.ts);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return found;
  }

  /**
   * A message with files: each file's bytes uploaded once (its id stored as soon as Slack has them), then
   * one files.completeUploadExternal shares them in the conversation with the message's blocks. After a
   * lost answer the first file is asked for: Slack knows a file (files.info) only once its upload was
   * completed, so a file found was shared, and is not shared twice.
   */
  private async shareFiles(row: OutboxRow, rendered: Rendered, hooks: OutboxHooks, log: Logger): Promise<void> {
    const files: OutboxFiles = { uploaded: [...(row.files?.uploaded ?? [])], shared: row.files?.shared ?? false };
    const save = () => this.commits.run(() => this.s.files.run(JSON.stringify(files), this.clock.now().toISOString(), row.id));
    if (files.shared) {
      // Shown once: a file share is not redrawn for a later revision.
      await this.commits.run(() => this.s.done.run(this.clock.now().toISOString(), row.id, row.revision));
      return;
    }
    const wanted = rendered.files ?? [];
    const idOf = (name: string) => files.uploaded.find((u) => u.name === name)?.id;
    const channel = await this.conversation(row.target);
    const adopted = row.maybeSent && wanted.every((f) => idOf(f.name)) && (await this.completed(idOf(wanted[0]!.name)!));
    if (adopted) log.info('files found shared after a lost answer: adopted, not shared again');
    else {
      for (const file of wanted) {
        if (idOf(file.name)) continue;
        files.uploaded.push({ name: file.name, id: await this.upload(file) });
        await save();
      }
      const threadTs = row.threadKey ? this.get(row.threadKey)?.ts ?? undefined : undefined;
      await via(
        'files.completeUploadExternal',
        this.client.files.completeUploadExternal({
          files: wanted.map((f) => ({ id: idOf(f.name)!, title: f.title })) as [{ id: string; title: string }],
          channel_id: channel,
          // "If the initial_comment field is provided, the blocks field is ignored" (files.completeUploadExternal).
          ...(rendered.blocks ? (blocksOf(rendered) as object) : { initial_comment: rendered.text }),
          ...(threadTs ? { thread_ts: threadTs } : {}),
        }),
      );
    }
    // Where the share landed, when Slack says it already: it shares files asynchronously.
    const ts = await this.sharedAt(idOf(wanted[0]!.name)!, channel).catch(() => null);
    files.shared = true;
    const now = this.clock.now();
    await this.commits.run(() => {
      this.s.files.run(JSON.stringify(files), now.toISOString(), row.id);
      this.s.shown.run({ id: row.id, ts, revision: row.revision, now: now.toISOString() });
      hooks.shown?.(row, ts ?? '', now, adopted);
    });
  }

  /** files.getUploadURLExternal, then the bytes POSTed to the URL it gave (Slack answers 200 when it has them). */
  private async upload(file: OutboxFile): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = await file.content();
    } catch (error) {
      throw new FileContentFailure(file.name, error);
    }
    const ticket = await via(
      'files.getUploadURLExternal',
      this.client.files.getUploadURLExternal({ filename: file.name, length: bytes.length, ...(file.alt ? { alt_txt: file.alt } : {}) }),
    );
    const response = await via(
      'upload',
      fetch(ticket.upload_url!, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes), signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) }),
    );
    if (!response.ok) throw Object.assign(new Error(`the file upload answered ${response.status}`), { code: 'slack_webapi_http_error', statusCode: response.status, slackMethod: 'upload' });
    return ticket.file_id!;
  }

  /** A channel as it is; a person: their direct messages with the bot (conversations.open opens them once, then finds them). */
  private async conversation(target: string): Promise<string> {
    if (!/^[UW][A-Z0-9]+$/.test(target)) return target;
    const opened = await via('conversations.open', this.client.conversations.open({ users: target }));
    if (!opened.channel?.id) throw new Error(`conversations.open gave no channel for ${target}`);
    return opened.channel.id;
  }

  /** Whether Slack knows the file, that is, its upload was completed. */
  private async completed(fileId: string): Promise<boolean> {
    try {
      await via('files.info', this.client.files.info({ file: fileId }));
      return true;
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === 'file_not_found') return false;
      throw error;
    }
  }

  /** The ts of the message that shares `fileId` in `channel`, once Slack lists the share. */
  private async sharedAt(fileId: string, channel: string): Promise<string | null> {
    const info = await this.client.files.info({ file: fileId });
    const shares = info.file?.shares as { public?: Record<string, Array<{ ts?: string }>>; private?: Record<string, Array<{ ts?: string }>> } | undefined;
    return shares?.public?.[channel]?.[0]?.ts ?? shares?.private?.[channel]?.[0]?.ts ?? null;
  }

  private async respond(url: string, rendered: Rendered): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: rendered.text, ...blocksOf(rendered) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw Object.assign(new Error(`response_url answered ${response.status}`), { code: 'slack_webapi_http_error', statusCode: response.status });
  }

  private failed(row: OutboxRow, hooks: OutboxHooks, error: unknown, log: Logger): void {
    if (error instanceof FileContentFailure) {
      // Our own failure, not Slack's: trying again would fail again.
      log.error({ err: error.cause, file: error.file }, 'a file of a message could not be produced');
      this.fail(row, hooks, 'file_content');
      return;
    }
    const failure = slackFailure(error);
    this.onSlackError((error as { slackMethod?: string }).slackMethod ?? 'unknown', error);
    if (!failure.retry) {
      log.error({ err: error, reason: failure.reason }, 'Slack refused a message for good');
      this.fail(row, hooks, failure.reason);
      return;
    }
    const now = this.clock.now();
    const retryAt = new Date(now.getTime() + (failure.afterMs ?? backoffMs(row.attempts + 1, this.random())));
    log.warn({ reason: failure.reason, retryAt, attempt: row.attempts + 1 }, 'Slack did not take a message: it will be sent again');
    this.commits.commitPending();
    this.s.retry.run({ id: row.id, retryAt: retryAt.toISOString(), maybeSent: failure.maybeApplied && !row.ts ? 1 : 0, now: now.toISOString(), error: failure.reason });
    if (!this.earliestRetry || retryAt < this.earliestRetry) this.earliestRetry = retryAt;
  }

  private fail(row: OutboxRow, hooks: OutboxHooks, reason: string): void {
    const now = this.clock.now();
    this.commits.commitPending();
    this.db.transaction(() => {
      this.s.fail.run(reason, now.toISOString(), row.id);
      hooks.failed?.(row, reason, now);
    }).immediate();
  }
}

function scanKey(channel: string, threadTs: string | undefined): string {
  return `${channel}|${threadTs ?? ''}`;
}

/** Sent pre-encoded (the same bytes): the Web API client would copy every nested object of the blocks for a debug line. */
function blocksOf(rendered: Rendered): { blocks?: never[] } {
  return (rendered.blocks ? { blocks: JSON.stringify(rendered.blocks) } : {}) as { blocks?: never[] };
}

/** A file's content could not be produced (a chart that cannot be drawn): the message fails, it is not retried. */
class FileContentFailure extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`${file} could not be produced`, { cause });
  }
}

/** Marks a failed Slack call with its method, for the metrics of Slack errors. */
async function via<T>(method: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error !== null && typeof error === 'object' && !('slackMethod' in error)) Object.assign(error, { slackMethod: method });
    throw error;
  }
}
