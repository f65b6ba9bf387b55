// `npm start` builds first when the compiled program is missing or older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const entry = join('dist', 'src', 'start.js');
const stale = !existsSync(entry) || newest('src') > statSync(entry).mtimeMs || statSync('package.json').mtimeMs > statSync(entry).mtimeMs;
if (stale) {
  process.stderr.write('comcell: building…\n');
  execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
