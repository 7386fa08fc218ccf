// One harness for a whole test file: started before its tests, stopped after them. The object is filled in by
// `before`, so tests use it as they would the harness itself; `statusOf` reads a draft's status.
import { after, before } from 'node:test';
import { startHarness, type Harness, type HarnessOptions } from './harness.ts';
import type { DraftStatus } from '../../src/drafts/state-machine.ts';

export type FileHarness = Harness & { statusOf(draftId: string): Promise<DraftStatus> };

export function harnessForFile(options: HarnessOptions = {}): FileHarness {
  const h = {} as FileHarness;
  before(async () => {
    Object.assign(h, await startHarness(options));
  });
  after(async () => {
    await h.stop?.();
  });
  h.statusOf = async (draftId) => (await h.db.draft.findUniqueOrThrow({ where: { id: draftId } })).status as DraftStatus;
  return h;
}
