// `npm run bench`: what one process carries, measured. Runs the sections below in order (BENCH_ONLY=a,b picks
// some) and writes bench/results.json; a section not run keeps the figures it had there. Each section is a file
// in bench/sections/ exporting `run({ smoke })` (smoke: tiny sizes, for the test that keeps the bench working).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';

import { SECTIONS } from './sections.ts';

const RESULTS = path.join(import.meta.dirname, 'results.json');

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only.filter((n) => !SECTIONS.some(([name]) => name === n));
  if (unknown.length) throw new Error(`BENCH_ONLY names no section: ${unknown.join(', ')} (sections: ${SECTIONS.map(([n]) => n).join(', ')})`);
  const previous: Record<string, Record<string, number>> = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  const results: Record<string, Record<string, number>> = {};
  console.log(`load before: ${execSync('uptime').toString().trim()}`);
  for (const [name, load] of SECTIONS) {
    if (only.length && !only.includes(name)) {
      if (previous[name]) results[name] = previous[name];
      continue;
    }
    const t0 = performance.now();
    const { run } = await load();
    results[name] = await run({ smoke: process.env.BENCH_SMOKE === '1' });
    console.log(`${name} (${((performance.now() - t0) / 1000).toFixed(1)} s): ${JSON.stringify(results[name])}`);
  }
  // Sections kept from an earlier run that this runner no longer lists (e.g. a section another branch adds).
  for (const [name, figures] of Object.entries(previous)) results[name] ??= figures;
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`load after: ${execSync('uptime').toString().trim()}`);
  console.log(`written: ${path.relative(process.cwd(), RESULTS)}`);
}

await main();
// Whatever a section left open (a pool's idle timer, a fake's socket) must not keep the bench alive.
process.exit(0);
