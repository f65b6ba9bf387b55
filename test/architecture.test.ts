import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The rules of each capability are pure (ARCHITECTURE "How an event flows"): a `decide` module, and the
 * modules it imports, never reach Bolt, a Slack or network client, the database, the file system or the
 * network. Type-only imports are erased at run time and allowed.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

const FORBIDDEN_PACKAGES = [/^@slack\//, /^twitter-api-v2$/, /^better-sqlite3$/, /^@atproto\//, /^masto$/, /^sharp$/, /^pino$/, /^node:(http|https|fs|net|child_process)$/];
const FORBIDDEN_FILES = ['platform/database.ts', 'platform/slack.ts', 'platform/slackHttp.ts', 'platform/outbox.ts', 'platform/inbox.ts', 'platform/scheduler.ts'];

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

/** The modules a file imports at run time (not `import type`, not `import { type A }` alone). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s+'([^']+)';/gm)) {
    const [, , typeOnly, names = '', from = ''] = match;
    if (typeOnly) continue;
    const braces = /^\{([\s\S]*)\}$/.exec(names.trim());
    if (braces && braces[1]!.split(',').map((n) => n.trim()).filter(Boolean).every((n) => n.startsWith('type '))) continue;
    found.push(from);
  }
  for (const match of text.matchAll(/^import\s+'([^']+)';/gm)) found.push(match[1]!);
  return found;
}

function resolveLocal(from: string, specifier: string): string {
  return resolve(dirname(from), specifier.replace(/\.js$/, '.ts'));
}

/** Every module reached at run time from `file`, with the chain that reaches it. */
function reach(file: string, seen = new Map<string, string[]>(), chain: string[] = []): Map<string, string[]> {
  for (const specifier of valueImports(file)) {
    const target = specifier.startsWith('.') ? resolveLocal(file, specifier) : specifier;
    if (seen.has(target)) continue;
    const path = [...chain, relative(SRC, file)];
    seen.set(target, path);
    if (specifier.startsWith('.')) reach(target, seen, path);
  }
  return seen;
}

const deciders = sources(SRC).filter((f) => /(^|\/)(decide|rules)\.ts$/.test(f));

describe('pure rules', () => {
  it('finds the decide modules of every capability', () => {
    const names = deciders.map((f) => relative(SRC, f)).sort();
    for (const capability of ['proposals', 'followups', 'handovers']) expect(names).toContain(`${capability}/decide.ts`);
  });

  it.each(deciders.map((f) => [relative(SRC, f), f]))('%s reaches no I/O at run time', (_name, file) => {
    const problems: string[] = [];
    for (const [target, chain] of reach(file)) {
      const local = target.startsWith(SRC) ? relative(SRC, target) : null;
      if (local ? FORBIDDEN_FILES.includes(local) : FORBIDDEN_PACKAGES.some((p) => p.test(target))) {
        problems.push(`${[...chain, local ?? target].join(' → ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('would see a forbidden import (the check itself can fail)', () => {
    const store = join(SRC, 'proposals', 'store.ts');
    const reached = [...reach(join(SRC, 'main.ts')).keys()];
    expect(reached).toContain(store);
    expect(reached.some((t) => FORBIDDEN_PACKAGES.some((p) => p.test(t)))).toBe(true);
  });
});
