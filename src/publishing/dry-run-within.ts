// The editor dry run as a job runs it (a preview, the editor check): under the publish timeout, and a timeout
// or a throw comes back as a failed result at the step it had reached, never as a failed job.
import type { ArticlePublisher, DryRunRequest, DryRunResult } from '../ports.ts';
import { errorClassOf, messageOf } from '../errors.ts';
import { withTimeout } from '../timeout.ts';

export function dryRunWithin(dryRun: NonNullable<ArticlePublisher['dryRun']>, request: DryRunRequest, what: string, timeoutMs: number): Promise<DryRunResult> {
  return withTimeout(what, timeoutMs, (signal) => dryRun(request, signal)).catch((err: unknown) => ({
    ok: false,
    steps: [],
    failedStep: (err as { fillStep?: string }).fillStep ?? 'login',
    errorClass: errorClassOf(err),
    message: messageOf(err),
    savesBlocked: 0,
  }));
}
