// `npm test`: every tests/**/*.test.ts file through Node's own test runner; Node runs the TypeScript itself
// (type stripping), on the Node that runs this script (node_modules/.bin/node under npm: the project's Node 24).
// Each file runs in its own process with its own database and queue prefix, so files run in parallel (two at a time on this 2-core machine; TEST_CONCURRENCY changes it).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'support' || name === 'fakes' ? [] : find(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length ? only : find('tests').sort();
const result = spawnSync(
  process.execPath,
  [
    '--test',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    '--test-reporter=spec',
    // The reliability scenarios: a scenario that failed half-way may leave a handle open (a replica's pipe, a
    // timer); the runner must still go on to the next file.
    ...(process.env.TEST_FORCE_EXIT ? ['--test-force-exit'] : []),
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
