// pino JSON logs. Secrets are redacted in two layers:
//  1. pino's `redact` paths for the usual shapes (fast, compiled once);
//  2. a last pass over each finished line that redacts any key named like a secret at ANY depth, masks the
//     password of `scheme://user:password@host` URLs and the credential after `Bearer`/`Basic`/`Bot`.
// Job lines carry accountId, draftId and jobId (the pipeline's child loggers add them).
import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACTED = '[redacted]';

/** Keys whose values are never logged, compared lower-case without `-` and `_` (so `api_key` = `apiKey`). */
export const SECRET_KEYS = new Set(
  [
    'password', 'passwd', 'pass', 'secret', 'clientSecret', 'privateKey',
    'token', 'accessToken', 'refreshToken', 'idToken', 'botToken', 'sessionToken',
    'apiKey', 'x-goog-api-key', 'x-api-key',
    'authorization', 'proxy-authorization', 'cookie', 'cookies', 'set-cookie',
    'storageState', 'session', 'sessionEnc', 'credentials', 'credentialsEnc',
    'DISCORD_TOKEN', 'GEMINI_API_KEY', 'CREDENTIALS_KEY', 'ADMIN_PASSWORD', 'DATABASE_URL', 'REDIS_URL',
  ].map((k) => normalizeKey(k)),
);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(normalizeKey(key));
}

const secretNames = [
  'password', 'token', 'apiKey', 'GEMINI_API_KEY', 'DISCORD_TOKEN', 'CREDENTIALS_KEY', 'ADMIN_PASSWORD',
  'DATABASE_URL', 'REDIS_URL', 'credentials', 'storageState', 'session', 'cookies', 'cookie', 'sessionEnc',
  'credentialsEnc', 'authorization', 'accessToken', 'refreshToken', 'secret',
];
/** pino redact paths: each name at the top level and one or two levels down, plus HTTP header shapes. */
export const redactPaths = [
  ...secretNames.flatMap((n) => [n, `*.${n}`, `*.*.${n}`]),
  'headers.authorization', '*.headers.authorization', '*.*.headers.authorization',
  'headers.cookie', '*.headers.cookie', '*.*.headers.cookie',
  'headers["set-cookie"]', '*.headers["set-cookie"]',
  'headers["x-goog-api-key"]', '*.headers["x-goog-api-key"]', '*.*.headers["x-goog-api-key"]',
];

// Cheap pre-check: only lines that might hold a secret-named key are parsed and walked.
const SUSPECT_KEY = /"[^"]*(pass|token|secret|key|auth|cookie|session|credential|storage|_url)[^"]*"\s*:/i;
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s"]*:)[^@\s"/]+@/gi;
const AUTH_SCHEME = /\b(Bearer|Basic|Bot)\s+[A-Za-z0-9._~+/=-]{16,}/g;

function redactDeep(value: unknown, depth: number): { value: unknown; changed: boolean } {
  if (depth > 12 || value === null || typeof value !== 'object') return { value, changed: false };
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = redactDeep(v, depth + 1);
      changed ||= r.changed;
      return r.value;
    });
    return { value: changed ? out : value, changed };
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretKey(k) && v !== REDACTED && v !== null && v !== undefined) {
      out[k] = REDACTED;
      changed = true;
    } else {
      const r = redactDeep(v, depth + 1);
      changed ||= r.changed;
      out[k] = r.value;
    }
  }
  return { value: changed ? out : value, changed };
}

/** The last pass over one serialized log line (see the header). Exported for tests. */
export function redactLine(line: string): string {
  let s = line.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(AUTH_SCHEME, `$1 ${REDACTED}`);
  if (!SUSPECT_KEY.test(s)) return s;
  const trailing = s.endsWith('\n') ? '\n' : '';
  try {
    const r = redactDeep(JSON.parse(s), 0);
    if (r.changed) s = JSON.stringify(r.value) + trailing;
  } catch {
    // not JSON (a pretty-printer, say): leave it to the redact paths
  }
  return s;
}

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream; base?: Record<string, unknown> } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { service: 'blog-autopilot' },
      redact: { paths: redactPaths, censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: redactLine },
    },
    options.destination as pino.DestinationStream | undefined,
  );
}
