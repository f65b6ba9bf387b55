/**
 * PNG screenshots of the gallery page with headless Chromium, where it is installed: the whole page and
 * one per scenario, through the DevTools protocol (Chromium's own; no browser library). The page is read
 * from a file; Chromium gets a user data folder of its own, removed afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';

/** Where Debian and most distributions put it; `CHROMIUM` names another. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
/** Width of the window the page is laid out in, in CSS pixels. */
export const PAGE_WIDTH = 940;
/** Chromium draws at most this many pixels in one capture: taller parts are cut into pieces. */
const MAX_CAPTURE_HEIGHT = 16_000;

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const candidate of [env.CHROMIUM, ...CANDIDATES]) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there: the next one.
    }
  }
  return null;
}

export interface Shot {
  /** File name, without `.png`. */
  name: string;
  /** A CSS selector; null for the whole page. */
  selector: string | null;
}

/** Takes each shot of the page at `htmlPath` and writes it in `outDir`; resolves with the files written. */
export async function screenshots(chromium: string, htmlPath: string, outDir: string, shots: readonly Shot[]): Promise<string[]> {
  const profile = mkdtempSync(join(tmpdir(), 'comcell-gallery-chromium-'));
  const browser = spawn(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-port=0', '--hide-scrollbars', `--window-size=${PAGE_WIDTH},900`, 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  try {
    const cdp = await connect(await devtoolsUrl(browser));
    try {
      const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
      const page = (method: string, params: Record<string, unknown> = {}) => cdp.send(method, params, sessionId);
      await page('Page.enable');
      await page('Emulation.setDeviceMetricsOverride', { width: PAGE_WIDTH, height: 900, deviceScaleFactor: 1, mobile: false });
      const loaded = cdp.once('Page.loadEventFired');
      await page('Page.navigate', { url: pathToFileURL(htmlPath).href });
      await loaded;
      // A window as tall as the page: laid out and painted once, then every shot is a clip of it.
      const full = await boundsOf(page, null);
      if (full) await page('Emulation.setDeviceMetricsOverride', { width: PAGE_WIDTH, height: full.height, deviceScaleFactor: 1, mobile: false });
      const written: string[] = [];
      for (const shot of shots) {
        const rect = await boundsOf(page, shot.selector);
        if (!rect) continue;
        for (const [i, piece] of pieces(rect).entries()) {
          const { data } = await page('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false, clip: { ...piece, scale: 1 } });
          const file = join(outDir, `${shot.name}${i === 0 ? '' : `-${i + 1}`}.png`);
          writeFileSync(file, Buffer.from(String(data), 'base64'));
          written.push(file);
        }
      }
      return written;
    } finally {
      // Closed from inside, Chromium ends its helper processes and stops writing to its profile.
      await Promise.race([cdp.send('Browser.close').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      cdp.close();
    }
  } finally {
    await stop(browser);
    await removeProfile(profile);
  }
}

/** Ends Chromium and the helper processes it started (its own process group), once it has exited. */
async function stop(browser: ChildProcess): Promise<void> {
  if (browser.exitCode === null && browser.signalCode === null) {
    const exited = new Promise<void>((resolve) => browser.once('exit', () => resolve()));
    browser.kill('SIGTERM');
    const forced = setTimeout(() => browser.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  }
  try {
    if (browser.pid) process.kill(-browser.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/** A helper may still be flushing a file into the profile: try again a few times, then leave it to the system. */
async function removeProfile(profile: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      rmSync(profile, { recursive: true, force: true });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boundsOf(page: (method: string, params?: Record<string, unknown>) => Promise<any>, selector: string | null): Promise<Rect | null> {
  const expression = selector
    ? `(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null; const r = e.getBoundingClientRect(); return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height }; })()`
    : '({ x: 0, y: 0, width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })';
  const { result } = await page('Runtime.evaluate', { expression, returnByValue: true });
  const r = result?.value as Rect | null;
  return r && r.width > 0 && r.height > 0 ? { x: Math.floor(r.x), y: Math.floor(r.y), width: Math.ceil(r.width), height: Math.ceil(r.height) } : null;
}

function pieces(rect: Rect): Rect[] {
  const out: Rect[] = [];
  for (let top = 0; top < rect.height; top += MAX_CAPTURE_HEIGHT) out.push({ ...rect, y: rect.y + top, height: Math.min(MAX_CAPTURE_HEIGHT, rect.height - top) });
  return out;
}

/** Chromium says where its DevTools endpoint is on stderr, once it listens. */
function devtoolsUrl(browser: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start its DevTools endpoint: ${said.slice(-500)}`)), 20_000);
    browser.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString('utf8');
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(said);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    browser.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before it listened: ${said.slice(-500)}`));
    });
  });
}

interface Cdp {
  send(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<any>;
  once(event: string): Promise<any>;
  close(): void;
}

/** A minimal DevTools protocol client: numbered requests, their answers, and events by name. */
async function connect(url: string): Promise<Cdp> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let counter = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const waiting = new Map<string, Array<(params: any) => void>>();
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { id?: number; result?: any; error?: { message: string }; method?: string; params?: any };
    if (message.id !== undefined) {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) call?.reject(new Error(message.error.message));
      else call?.resolve(message.result);
    } else if (message.method) {
      const listeners = waiting.get(message.method) ?? [];
      waiting.delete(message.method);
      for (const listener of listeners) listener(message.params);
    }
  });
  return {
    send(method, params = {}, sessionId) {
      const id = ++counter;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    },
    once(event) {
      return new Promise((resolve) => waiting.set(event, [...(waiting.get(event) ?? []), resolve]));
    },
    close: () => socket.close(),
  };
}
