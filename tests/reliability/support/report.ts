// One line per scenario, and the same numbers in tests/reliability/results.json (rewritten by every run of
// `npm run test:reliability`; gitignored).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tally } from './outcome.ts';

export const RESULTS = path.resolve(import.meta.dirname, '../results.json');

export interface ScenarioResult {
  scenario: number;
  name: string;
  posts: number;
  publishedOnce: number;
  waitingForAPerson: number;
  lost: number;
  duplicates: number;
  stuck: number;
  refusals: number;
  /** After the people acted on every alert: everything published once? */
  afterPeopleActed?: { publishedOnce: number; lost: number; duplicates: number; stuck: number };
  seconds: number;
  /** Anything else the scenario measured (kills, faults served, unanswered clicks...). */
  notes: Record<string, unknown>;
  /** Every post that did not end cleanly published, and why. */
  problems: string[];
  /** What each post waiting for a person was waiting for. */
  waiting: string[];
}

export function line(r: Pick<ScenarioResult, 'posts' | 'publishedOnce' | 'waitingForAPerson' | 'lost' | 'duplicates' | 'stuck' | 'refusals'>): string {
  return `posts ${r.posts} · published once ${r.publishedOnce} · waiting for a person ${r.waitingForAPerson} · lost ${r.lost} · duplicates ${r.duplicates} · stuck ${r.stuck} · refusals ${r.refusals}`;
}

export function resultOf(scenario: number, name: string, t: Tally, refusals: number, startedAt: number, notes: Record<string, unknown>, after?: Tally): ScenarioResult {
  return {
    scenario,
    name,
    posts: t.posts,
    publishedOnce: t.publishedOnce,
    waitingForAPerson: t.waiting,
    lost: t.lost,
    duplicates: t.duplicates,
    stuck: t.stuck,
    refusals,
    ...(after ? { afterPeopleActed: { publishedOnce: after.publishedOnce, lost: after.lost, duplicates: after.duplicates, stuck: after.stuck } } : {}),
    seconds: Math.round((Date.now() - startedAt) / 1000),
    notes,
    problems: [...t.details, ...(after?.details ?? [])].filter((d) => d.outcome !== 'published' && d.outcome !== 'waiting').map((d) => `${d.tag}: ${d.outcome}: ${d.why}`),
    waiting: t.details.filter((d) => d.outcome === 'waiting').map((d) => `${d.tag}: ${d.why}`),
  };
}

/** Records a scenario's result (replacing an earlier one of the same number) and prints its line. */
export function record(r: ScenarioResult): void {
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as { scenarios?: ScenarioResult[] }) : {};
  const next = [...(previous.scenarios ?? []).filter((x) => x.scenario !== r.scenario), r].sort((a, b) => a.scenario - b.scenario);
  writeFileSync(RESULTS, `${JSON.stringify({ ...previous, scenarios: next }, null, 2)}\n`);
  console.log(`scenario ${r.scenario} (${r.name}): ${line(r)}`);
}
