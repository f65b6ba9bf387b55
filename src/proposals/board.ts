import type { Logger } from '../platform/logger.js';
import { withEncodedBlocks, type SlackClient } from '../platform/slack.js';
import { outcomeMessage, proposalMessage, replacedMessage, type BoardSettings, type ThreadReply } from './messages.js';
import type { Proposal, ProposalStore } from './store.js';

/** A line another capability adds under a proposal's status, or null. */
export type ProposalNote = (p: Proposal) => string | null;

/**
 * The proposal messages in the team channel, kept in step with the database. Updates for one
 * proposal run one after the other and always render what is stored at that moment, so a slow
 * "publishing" update can never overwrite a later "published".
 */
export class ProposalBoard {
  private readonly queues = new Map<number, Promise<void>>();
  private readonly notes: ProposalNote[] = [];
  private readonly posting = new Set<Promise<void>>();

  constructor(
    private readonly client: SlackClient,
    private readonly store: ProposalStore,
    private readonly settings: BoardSettings,
    private readonly log: Logger,
  ) {}

  addNote(note: ProposalNote): void {
    this.notes.push(note);
  }

  /** The proposal message as it should look now, ready to send. */
  private render(p: Proposal) {
    return withEncodedBlocks(proposalMessage(p, this.settings, this.notes.map((note) => note(p)).filter((line): line is string => line !== null)));
  }

  /** Posts the message of a new proposal (or a new version) and records its ts. */
  post(p: Proposal): Promise<string> {
    const posting = this.postAndAttach(p);
    // A stop waits for it: a ts Slack gave but never stored would show the proposal twice after a restart.
    const settled = posting.then(
      () => undefined,
      () => undefined,
    );
    this.posting.add(settled);
    void settled.then(() => this.posting.delete(settled));
    return posting;
  }

  private async postAndAttach(p: Proposal): Promise<string> {
    const message = this.render(p);
    const posted = await this.client.chat.postMessage({ channel: p.channelId, ...message, unfurl_links: false, unfurl_media: false });
    const ts = posted.ts!;
    await this.store.attachMessage(p.ref, p.version, ts);
    return ts;
  }

  /** A new version (an edit): posted as a new message, the old one marked replaced. */
  replace(old: Proposal, next: Proposal): Promise<void> {
    return this.enqueue(next.ref, async () => {
      await this.post(next);
      if (old.messageTs) await this.client.chat.update({ channel: old.channelId, ts: old.messageTs, ...withEncodedBlocks(replacedMessage(old, next, this.settings)) });
    });
  }

  /** Re-renders the message in place; with `announce`, also says the new state in the thread. */
  refresh(ref: number, options: { announce?: boolean } = {}): Promise<void> {
    return this.enqueue(ref, async () => {
      const p = this.store.get(ref);
      if (!p?.messageTs) return;
      await this.client.chat.update({ channel: p.channelId, ts: p.messageTs, ...this.render(p) });
      if (options.announce) {
        const reply = outcomeMessage(p, this.settings);
        if (reply) await this.reply(p, reply);
      }
    });
  }

  /** A thread reply on the proposal message, so that people following it are notified. */
  async reply(p: Proposal, reply: string | ThreadReply): Promise<void> {
    if (!p.messageTs) return;
    const { text, blocks, broadcast } = typeof reply === 'string' ? { text: reply, blocks: undefined, broadcast: false } : reply;
    const thread = { channel: p.channelId, thread_ts: p.messageTs, text, unfurl_links: false };
    await this.client.chat.postMessage({ ...thread, reply_broadcast: broadcast === true, ...(blocks ? { blocks } : {}) });
  }

  async tellPrivately(channel: string, user: string, text: string): Promise<void> {
    await this.client.chat.postEphemeral({ channel, user, text });
  }

  /** Resolves once every post and queued update under way has been tried (for a clean stop). */
  async idle(): Promise<void> {
    while (this.queues.size > 0 || this.posting.size > 0) await Promise.allSettled([...this.queues.values(), ...this.posting]);
  }

  private enqueue(ref: number, work: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(ref) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error) => this.log.error({ err: error, ref }, 'proposal message could not be updated in Slack'))
      .finally(() => {
        if (this.queues.get(ref) === next) this.queues.delete(ref);
      });
    this.queues.set(ref, next);
    return next;
  }
}
