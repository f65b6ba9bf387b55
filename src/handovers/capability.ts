import type { Capability } from '../platform/apply.js';
import {
  decideDuty,
  decideHandover,
  decideShift,
  type DutyAnswer,
  type DutyChange,
  type DutyEvent,
  type DutyRecord,
  type HandoverAnswer,
  type HandoverChange,
  type HandoverEvent,
  type HandoverRecord,
  type ShiftChange,
  type ShiftRecord,
} from './decide.js';
import type { DutyRoster } from './duty.js';
import { quietShift, type ShiftFactsReader } from './facts.js';
import { handoverWindowStart, lastShiftChange, previousShiftChange } from './shifts.js';
import type { HandoverStore } from './store.js';

export interface HandoverSettings {
  channel: string;
  shiftChanges: readonly string[];
  timeZone: string;
}

/** Handovers: a new one (key null) with its shift's facts read at that moment, or an existing one by id. */
export class HandoversCapability implements Capability<number | null, HandoverRecord, HandoverEvent, HandoverChange, HandoverAnswer> {
  readonly name = 'handovers';
  constructor(
    private readonly store: HandoverStore,
    private readonly facts: ShiftFactsReader,
    private readonly settings: HandoverSettings,
  ) {}

  load(id: number | null, now: Date): HandoverRecord {
    if (id !== null) return { id, handover: this.store.get(id), previous: null, next: this.store.next(id), since: now, facts: null };
    const previous = this.store.latest(1)[0] ?? null;
    const since = handoverWindowStart(now, previous?.at ?? null, this.settings.shiftChanges, this.settings.timeZone);
    // An automatic summary posted since the previous handover asks for this one.
    const summary = this.store.latestPostedSummary();
    const openSummary = summary && (!previous || summary > previous.at) ? summary : null;
    return { id: this.store.nextId(), handover: null, previous, openSummary, since, facts: this.facts.read(since, now) };
  }

  decide(record: HandoverRecord, event: HandoverEvent, now: Date) {
    return decideHandover(record, event, now, this.settings.channel);
  }

  write(record: HandoverRecord, changes: readonly HandoverChange[], now: Date): void {
    for (const c of changes) {
      if (c.type === 'record') {
        this.store.record({ id: record.id, from: c.from, to: c.to, notes: c.notes, at: now, periodStart: c.since, facts: c.facts, channelId: this.settings.channel });
      } else {
        this.store.acknowledge(record.id, c.by, now);
      }
    }
  }
}

/** Who is on duty: one record for the cell. */
export class DutyCapability implements Capability<null, DutyRecord, DutyEvent, DutyChange, DutyAnswer> {
  readonly name = 'duty';
  constructor(
    private readonly roster: DutyRoster,
    private readonly channel: string,
  ) {}

  load(): DutyRecord {
    return { onDuty: this.roster.current() };
  }

  decide(record: DutyRecord, event: DutyEvent, now: Date) {
    return decideDuty(record, event, now, this.channel);
  }

  write(_record: DutyRecord, changes: readonly DutyChange[], now: Date): void {
    for (const c of changes) this.roster.take(c.user, now, c.source, c.handoverId);
  }
}

/** Shift boundaries: the boundary reached at `now`, with the facts of the shift it ends. */
export class ShiftsCapability implements Capability<null, ShiftRecord, { type: 'boundary' }, ShiftChange, { posted: boolean }> {
  readonly name = 'shifts';
  constructor(
    private readonly store: HandoverStore,
    private readonly facts: ShiftFactsReader,
    private readonly roster: DutyRoster,
    private readonly settings: HandoverSettings,
  ) {}

  load(_key: null, now: Date): ShiftRecord {
    const { shiftChanges, timeZone } = this.settings;
    const boundary = lastShiftChange(now, shiftChanges, timeZone);
    const shiftStart = previousShiftChange(boundary, shiftChanges, timeZone);
    const lastHandover = this.store.latest(1)[0] ?? null;
    const since = lastHandover && lastHandover.at > shiftStart ? lastHandover.at : shiftStart;
    const alreadyDone = this.store.hasSummaryFor(boundary);
    return { boundary, shiftStart, alreadyDone, lastHandover, onDuty: this.roster.current()?.userId ?? null, since, facts: alreadyDone ? quietShift(since, boundary) : this.facts.read(since, boundary) };
  }

  decide(record: ShiftRecord, _event: { type: 'boundary' }, now: Date) {
    return decideShift(record, now, this.settings.channel);
  }

  write(_record: ShiftRecord, changes: readonly ShiftChange[], now: Date): void {
    for (const c of changes) this.store.recordShiftSummary(c.boundary, c.since, c.facts, this.settings.channel, now);
  }
}
