// A private redis-server on a free port, which a test may kill and start again (tests/support/redis-server.ts).
export { freePort, TestRedis as PrivateRedis, type TestRedisOptions as PrivateRedisOptions } from '../../support/redis-server.ts';
