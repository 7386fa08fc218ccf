// The slice of a pino logger the publisher needs. Nothing secret is ever passed to it: only account ids,
// blog ids, steps and file paths — never credentials, cookies or storage state.
export interface PublisherLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: PublisherLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
