/**
 * Summarises V8 .cpuprofile files (from `node --cpu-prof`): self time per function (name + script + line),
 * the largest first. Also usable alone: `npx tsx bench/lib/profileSummary.ts FILE.cpuprofile [TOP]`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileLine {
  selfMs: number;
  share: number;
  fn: string;
  where: string;
}

function shortUrl(url: string, root: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const rel = root && path.startsWith(root) ? relative(root, path) : path;
  return rel.replace(/^.*node_modules\//, 'node_modules/');
}

/** Self time by function, using the sample time deltas (so idle time shows as `(idle)`). */
export function summarizeProfile(file: string, root = '', top = 25): { totalMs: number; lines: ProfileLine[]; byPackage: Array<{ pkg: string; selfMs: number; share: number }> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i]!;
      selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0));
    }
  } else {
    const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0));
    for (const n of profile.nodes) selfUs.set(n.id, (n.hitCount ?? 0) * interval);
  }
  const totals = new Map<string, ProfileLine>();
  const packages = new Map<string, number>();
  let all = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    all += us;
    const where = shortUrl(node.callFrame.url, root);
    const key = `${node.callFrame.functionName || '(anonymous)'}|${where}:${node.callFrame.lineNumber + 1}`;
    const line = totals.get(key) ?? { selfMs: 0, share: 0, fn: node.callFrame.functionName || '(anonymous)', where: where ? `${where}:${node.callFrame.lineNumber + 1}` : '' };
    line.selfMs += us / 1000;
    totals.set(key, line);
    const pkg = where.startsWith('node_modules/')
      ? where.split('/').slice(1, where.split('/')[1]!.startsWith('@') ? 3 : 2).join('/')
      : where.startsWith('dist/') || where.startsWith('src/')
        ? 'comcell'
        : where.startsWith('node:')
          ? 'node:internals'
          : node.callFrame.functionName.startsWith('(')
            ? node.callFrame.functionName
            : where || '(native)';
    packages.set(pkg, (packages.get(pkg) ?? 0) + us / 1000);
  }
  const totalMs = all / 1000;
  const lines = [...totals.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top)
    .map((l) => ({ ...l, selfMs: Math.round(l.selfMs * 10) / 10, share: Math.round((l.selfMs / totalMs) * 1000) / 10 }));
  const byPackage = [...packages.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([pkg, ms]) => ({ pkg, selfMs: Math.round(ms * 10) / 10, share: Math.round((ms / totalMs) * 1000) / 10 }));
  return { totalMs: Math.round(totalMs), lines, byPackage };
}

export function printProfile(file: string, root = '', top = 25): void {
  const s = summarizeProfile(file, root, top);
  process.stdout.write(`\n${relative(root || process.cwd(), file)} — ${s.totalMs} ms sampled\n`);
  process.stdout.write('  self ms   share  function (where)\n');
  for (const l of s.lines) process.stdout.write(`  ${l.selfMs.toFixed(1).padStart(8)} ${`${l.share.toFixed(1)}%`.padStart(6)}  ${l.fn}${l.where ? ` (${l.where})` : ''}\n`);
  process.stdout.write('  by package:\n');
  for (const p of s.byPackage) process.stdout.write(`  ${p.selfMs.toFixed(1).padStart(8)} ${`${p.share.toFixed(1)}%`.padStart(6)}  ${p.pkg}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: tsx bench/lib/profileSummary.ts FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  printProfile(file, process.cwd(), top ? Number(top) : 25);
}
