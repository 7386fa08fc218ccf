// The bench's sections, in the order `npm run bench` runs them (and the results file lists them). Each is a
// file in bench/sections/ exporting `run({ smoke })`: smoke is tiny sizes, for tests/bench/smoke.test.ts.
export type Section = (opts: { smoke: boolean }) => Promise<Record<string, number>>;

export const SECTIONS: Array<[name: string, load: () => Promise<{ run: Section }>]> = [
  ['pipeline', () => import('./sections/pipeline.ts')],
  ['idle_accounts', () => import('./sections/idle-accounts.ts')],
  ['active_accounts', () => import('./sections/active-accounts.ts')],
  ['busy_accounts', () => import('./sections/busy-accounts.ts')],
  ['approve_latency_ms', () => import('./sections/approve-latency.ts')],
  ['browser', () => import('./sections/browser.ts')],
  ['cluster', () => import('./sections/cluster.ts')],
];
