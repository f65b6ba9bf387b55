/**
 * The processes under test: the compiled program (`node dist/src/start.js`, as `npm start` runs it) and
 * the bare Bolt app (`node --import tsx bench/bareBolt.ts`). Each reports readiness on stdout; the bench
 * reads the port from that line and the resident memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { programEnv } from '../../test/support/program.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');


export interface Child {
  name: string;
  pid: number;
  port: number;
  /** Milliseconds from spawn() to the ready line on stdout. */
  startupMs: number;
  /** Log lines at warn level or above seen so far (JSON lines with level warn/error/fatal). */
  problems: string[];
  memory(): Memory | null;
  /** CPU time used so far by all the process's threads (user + system), in ms; /proc counts it in 10 ms ticks. */
  cpuMs(): number | null;
  stop(): Promise<number | null>;
  kill(): void;
}

export interface Memory {
  /** Resident set, MiB; anon is the process's own memory (heap), file its mapped files (node, native addons), shared. */
  rss: number;
  anon: number;
  file: number;
  /** Peak resident set so far. */
  peak: number;
}

function readMemory(pid: number): Memory | null {
  const [rss, anon, file, peak] = (['VmRSS', 'RssAnon', 'RssFile', 'VmHWM'] as const).map((f) => readStatus(pid, f));
  return rss == null || anon == null || file == null || peak == null ? null : { rss: r1(rss), anon: r1(anon), file: r1(file), peak: r1(peak) };
}

const r1 = (n: number) => Math.round(n * 10) / 10;

function readStatus(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon' | 'RssFile'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, after the parenthesised command name). */
function readCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields counted from 3 (state) on; clock ticks are 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** A warn/error log line in short: level, message, error message, proposal ref. */
function describeProblem(line: string): string {
  try {
    const j = JSON.parse(line) as { level?: string; msg?: string; ref?: number; err?: { message?: string } };
    return [j.level, j.msg, j.ref !== undefined ? `ref ${j.ref}` : '', j.err?.message ?? ''].filter(Boolean).join(' | ');
  } catch {
    return line.slice(0, 300);
  }
}

interface SpawnSpec {
  name: string;
  args: string[];
  env: Record<string, string>;
  /** Finds the port in one stdout line, or returns undefined. */
  readyPort(line: string): number | undefined;
  timeoutMs?: number;
  /** With --cpu-prof: where node writes `CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile` (one per thread). */
  profileDir?: string;
}

/** Names a stopped child's profiles after it: `<name>.<pid>.<tid>.cpuprofile` (tid 0 is the main thread). */
function nameProfiles(dir: string, name: string, pid: number): string[] {
  const named: string[] = [];
  for (const file of readdirSync(dir)) {
    const match = /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(file);
    if (!match || Number(match[1]) !== pid) continue;
    const target = `${name}.${pid}.${match[2]}.cpuprofile`;
    renameSync(join(dir, file), join(dir, target));
    named.push(target);
  }
  return named;
}

async function spawnChild(spec: SpawnSpec): Promise<Child> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, spec.args, { cwd: ROOT, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let tail = '';
  const problems: string[] = [];
  const keep = (text: string) => {
    tail = (tail + text).slice(-4000);
  };
  let buffered = '';
  let onLine: ((line: string) => void) | null = null;
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    keep(text);
    buffered += text;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      // Only lines worth keeping are parsed: the bench process must not spend its time on the bot's info logs.
      if (/"level":"(warn|error|fatal)"/.test(line) && problems.length < 200) problems.push(describeProblem(line));
      onLine?.(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => keep(chunk.toString('utf8')));

  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`${spec.name} was not ready within ${spec.timeoutMs ?? 20_000} ms:\n${tail}`)), spec.timeoutMs ?? 20_000);
    onLine = (line) => {
      const found = spec.readyPort(line);
      if (found !== undefined) {
        clearTimeout(timer);
        onLine = null;
        resolvePort(found);
      }
    };
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.name} exited with ${code} before it was ready:\n${tail}`));
    });
  });
  const startupMs = performance.now() - t0;
  const pid = child.pid!;
  return {
    name: spec.name,
    pid,
    port,
    startupMs,
    problems,
    memory: () => readMemory(pid),
    cpuMs: () => readCpuMs(pid),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      if (spec.profileDir) nameProfiles(spec.profileDir, spec.name, pid);
      return code;
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** The node flags of `npm start` (`node <flags> dist/src/start.js` in package.json), so the bench runs the bot as deployed. */
export function startScriptNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = pkg.scripts.start!.split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/src/start.js') throw new Error(`unexpected start script: ${pkg.scripts.start}`);
  return words.slice(1, -1);
}

export interface BotChildOptions {
  profileDir?: string;
  /** Extra node flags (e.g. `--max-semi-space-size=4` for an experiment). */
  nodeArgs?: string[];
  /** The program to run, `dist/src/start.js` by default (another build, to compare a change). */
  entry?: string;
}

export function startBotChild(name: string, vars: Record<string, string>, options: BotChildOptions = {}): Promise<Child> {
  const env = programEnv(vars);
  const args = [
    ...(options.nodeArgs ?? []),
    ...(options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : []),
    options.entry ?? join('dist', 'src', 'start.js'),
  ];
  return spawnChild({
    name,
    args,
    env,
    profileDir: options.profileDir,
    readyPort(line) {
      if (!line.includes('comcell ready')) return undefined;
      try {
        const parsed = JSON.parse(line) as { msg?: string; port?: number };
        return String(parsed.msg ?? '').startsWith('comcell ready') && typeof parsed.port === 'number' ? parsed.port : undefined;
      } catch {
        return undefined;
      }
    },
  });
}

/** Bare Bolt with node's defaults; `tuned`: with the bot's node flags and its two speed settings (see bareBolt.ts). */
export function startBareChild(
  vars: { signingSecret: string; token: string; slackApiUrl: string; channel: string },
  options: { profileDir?: string; tuned?: boolean } = {},
): Promise<Child> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    BARE_SIGNING_SECRET: vars.signingSecret,
    BARE_BOT_TOKEN: vars.token,
    BARE_SLACK_API_URL: vars.slackApiUrl,
    BARE_CHANNEL: vars.channel,
    BARE_TUNED: options.tuned ? '1' : '',
  };
  const args = [
    ...(options.tuned ? startScriptNodeArgs() : []),
    ...(options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : []),
    '--import',
    'tsx',
    join('bench', 'bareBolt.ts'),
  ];
  return spawnChild({
    name: options.tuned ? 'bare-tuned' : 'bare-bolt',
    args,
    env,
    profileDir: options.profileDir,
    readyPort(line) {
      const match = /^\{"bareBoltReady":true,"port":(\d+)\}$/.exec(line.trim());
      return match ? Number(match[1]) : undefined;
    },
  });
}
