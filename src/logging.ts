// pino JSON logs. Secrets are redacted by key wherever they appear in a logged object.
import { pino, type Logger } from 'pino';

export type { Logger };

export const redactPaths = [
  'password', '*.password', '*.*.password',
  'token', '*.token', '*.*.token',
  'apiKey', '*.apiKey', 'GEMINI_API_KEY', '*.GEMINI_API_KEY',
  'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'CREDENTIALS_KEY', '*.CREDENTIALS_KEY',
  'ADMIN_PASSWORD', '*.ADMIN_PASSWORD',
  'credentials', '*.credentials', 'storageState', '*.storageState', 'session', '*.session',
  'cookies', '*.cookies', 'sessionEnc', '*.sessionEnc', 'credentialsEnc', '*.credentialsEnc',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'headers["x-goog-api-key"]', '*.headers["x-goog-api-key"]',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream; base?: Record<string, unknown> } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { service: 'blog-autopilot' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination as pino.DestinationStream | undefined,
  );
}
