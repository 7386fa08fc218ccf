// The editor dry run as a job runs it (a preview, the editor check): under the publish timeout, and a timeout
// or a throw comes back as a failed result at the step it had reached, never as a failed job. When NAVER asks
// a person something during the login, `relayFor` opens the login relay; the time spent waiting for their
// answer is added to the deadline, as it is for a publish.
import type { ArticlePublisher, DryRunRequest, DryRunResult, OpenRelay } from '../ports.ts';
import { errorClassOf, messageOf } from '../errors.ts';
import { withDeadline } from '../timeout.ts';

export type RelayFor = (hooks: { extend: (ms: number) => void; signal: AbortSignal }) => OpenRelay;

export function dryRunWithin(dryRun: NonNullable<ArticlePublisher['dryRun']>, request: DryRunRequest, what: string, timeoutMs: number, relayFor?: RelayFor): Promise<DryRunResult> {
  return withDeadline(what, timeoutMs, (signal, extend) => dryRun(request, signal, relayFor ? { relay: relayFor({ extend, signal }) } : undefined)).catch((err: unknown) => ({
    ok: false,
    steps: [],
    failedStep: (err as { fillStep?: string }).fillStep ?? 'login',
    errorClass: errorClassOf(err),
    message: messageOf(err),
    savesBlocked: 0,
  }));
}
