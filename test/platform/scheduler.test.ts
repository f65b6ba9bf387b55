import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/platform/database.js';
import { Scheduler, type JobHandler } from '../../src/platform/scheduler.js';
import { systemClock } from '../../src/platform/clock.js';
import { TestClock } from '../support/clock.js';
import { waitFor } from '../support/waitFor.js';

const silent = pino({ level: 'silent' });
const minutes = (n: number) => n * 60_000;

describe('the persisted scheduler', () => {
  const dirs: string[] = [];
  const dbs: DB[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const database = (path?: string) => {
    let file = path;
    if (!file) {
      const dir = mkdtempSync(join(tmpdir(), 'comcell-scheduler-'));
      dirs.push(dir);
      file = join(dir, 'db.sqlite');
    }
    const db = openDatabase(file);
    dbs.push(db);
    return { db, file };
  };

  it('fires by itself, from the timer armed for the next due job (no tick, no poll)', async () => {
    const { db } = database();
    const s = new Scheduler(db, systemClock, silent);
    const fired: string[] = [];
    s.handle('soon', (job) => ({ next: null, after: async () => void fired.push(job.key) }));
    s.start();
    s.schedule('soon', 'soon:1', new Date(Date.now() + 30));
    await waitFor(() => fired.length === 1, 'the timer to fire the job');
    expect(fired).toEqual(['soon:1']);
    await s.stop();
  });

  it('fires a job when its time comes, not before', async () => {
    const clock = new TestClock('2026-11-21T10:00:00Z');
    const { db } = database();
    const s = new Scheduler(db, clock, silent);
    const fired: string[] = [];
    s.handle('hello', (job) => ({ next: null, after: async () => void fired.push(job.key) }));
    s.schedule('hello', 'hello:1', new Date('2026-11-21T10:30:00Z'));
    clock.advance(minutes(29));
    expect(await s.tick()).toBe(0);
    clock.advance(minutes(1));
    expect(await s.tick()).toBe(1);
    expect(fired).toEqual(['hello:1']);
    expect(await s.tick()).toBe(0);
    await s.stop();
  });

  it('after a long stop, fires recurring work once and resumes its cadence from now', async () => {
    const clock = new TestClock('2026-11-21T10:00:00Z');
    const { db } = database();
    const every = minutes(30);
    const recurring: JobHandler = (_job, now) => ({ next: new Date(now.getTime() + every) });
    const s = new Scheduler(db, clock, silent);
    s.handle('remind', recurring);
    s.schedule('remind', 'remind:1', new Date('2026-11-21T10:30:00Z'));
    clock.advance(minutes(30));
    expect(await s.tick()).toBe(1);
    clock.advance(minutes(185)); // down for three hours: six reminders were due
    expect(await s.tick()).toBe(1);
    expect(s.get('remind:1')!.dueAt.toISOString()).toBe(new Date(clock.now().getTime() + every).toISOString());
    clock.advance(every);
    expect(await s.tick()).toBe(1);
    await s.stop();
  });

  it('fires each job once when two schedulers race over the same database', async () => {
    const clock = new TestClock('2026-11-21T10:00:00Z');
    const { db: first, file } = database();
    const { db: second } = database(file);
    const effects: string[] = [];
    // The effect is written in the claim's transaction, on the claiming connection: it lands once or not at all.
    const handlerOn =
      (db: DB): JobHandler =>
      (job) => {
        db.prepare('INSERT INTO audit_log (at, actor, subject, action) VALUES (?, ?, ?, ?)').run(clock.now().toISOString(), 'test', 'proposal', job.key);
        return { next: null, after: async () => void effects.push(job.key) };
      };
    const a = new Scheduler(first, clock, silent);
    const b = new Scheduler(second, clock, silent);
    a.handle('once', handlerOn(first));
    b.handle('once', handlerOn(second));
    for (let i = 0; i < 50; i += 1) a.schedule('once', `once:${i}`, new Date('2026-11-21T10:05:00Z'));
    clock.advance(minutes(5));
    const [fa, fb] = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(effects.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `once:${i}`).sort());
    expect((fa ?? 0) + (fb ?? 0)).toBeLessThanOrEqual(50);
    const counts = first.prepare('SELECT action, COUNT(*) AS n FROM audit_log GROUP BY action').all() as { n: number }[];
    expect(counts).toHaveLength(50);
    expect(counts.every((c) => c.n === 1)).toBe(true);
    await a.stop();
    await b.stop();
  });

  it('moves work that is scheduled again under the same key, and cancels it', async () => {
    const clock = new TestClock('2026-11-21T10:00:00Z');
    const { db } = database();
    const s = new Scheduler(db, clock, silent);
    const fired: string[] = [];
    s.handle('k', (job) => ({ next: null, after: async () => void fired.push(job.key) }));
    s.schedule('k', 'k:1', new Date('2026-11-21T10:10:00Z'));
    s.schedule('k', 'k:1', new Date('2026-11-21T10:40:00Z'));
    s.schedule('k', 'k:2', new Date('2026-11-21T10:10:00Z'));
    s.cancel('k:2');
    clock.advance(minutes(15));
    expect(await s.tick()).toBe(0);
    clock.advance(minutes(30));
    expect(await s.tick()).toBe(1);
    expect(fired).toEqual(['k:1']);
    await s.stop();
  });

  it('keeps a job that fails to fire, and retries it a minute later instead of spinning', async () => {
    const clock = new TestClock('2026-11-21T10:00:00Z');
    const { db } = database();
    const s = new Scheduler(db, clock, silent);
    let attempts = 0;
    s.handle('flaky', () => {
      attempts += 1;
      if (attempts === 1) throw new Error('boom');
      return { next: null };
    });
    s.schedule('flaky', 'flaky:1', clock.now());
    expect(await s.tick()).toBe(0);
    expect(attempts).toBe(1);
    expect(await s.tick()).toBe(0);
    clock.advance(minutes(1));
    expect(await s.tick()).toBe(1);
    expect(attempts).toBe(2);
    await s.stop();
  });
});
