import type { Capability } from '../platform/apply.js';
import { decide, type TemplateAnswer, type TemplateEvent, type TemplateRecord } from './decide.js';
import type { TemplateChange, TemplateStore } from './store.js';

/** Templates as `apply` sees them: keyed by name, loaded with the others (a cell has tens, not thousands). */
export class TemplatesCapability implements Capability<string, TemplateRecord, TemplateEvent, TemplateChange, TemplateAnswer> {
  readonly name = 'templates';

  constructor(private readonly store: TemplateStore) {}

  load(name: string): TemplateRecord {
    return { name, templates: new Map(this.store.all().map((t) => [t.name, t])) };
  }

  decide(record: TemplateRecord, event: TemplateEvent, now: Date) {
    return decide(record, event, now);
  }

  write(_record: TemplateRecord, changes: readonly TemplateChange[], now: Date): void {
    this.store.write(changes, now);
  }
}
