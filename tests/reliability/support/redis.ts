// The service's own redis-server for a scenario (tests/support/redis-server.ts): AOF on (as compose runs it) so
// that a restart keeps its data, optionally with a password; it can be killed, started again, or wiped.
export { TestRedis as ScenarioRedis, type TestRedisOptions as ScenarioRedisOptions } from '../../support/redis-server.ts';
