# syntax=docker/dockerfile:1
# Blog Autopilot: one image for every ROLE (all | bot | worker). Build: docker build -t blog-autopilot .
# Chromium comes from Debian (Playwright drives it through CHROMIUM_PATH; Playwright's own browser download
# is skipped), with Noto CJK fonts so Korean text renders in the editor and in screenshots.

# ── 1. dependencies: production node_modules and the generated Prisma client ─────────────────────────────
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    CHECKPOINT_DISABLE=1
# What `npm ci` needs, including the postinstall step (scripts/prisma-generate.mjs → src/generated/prisma).
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/prisma-generate.mjs ./scripts/
COPY prisma ./prisma
# tsx (which `npm start` runs the TypeScript with) is a production dependency; dev tools are left out.
RUN npm ci --omit=dev && npm cache clean --force

# ── 2. runtime ───────────────────────────────────────────────────────────────────────────────────────────
FROM node:20-bookworm-slim AS runtime
# chromium: the browser the publisher drives · fonts-noto-cjk: Korean glyphs · tini: PID 1 that forwards
# SIGTERM to `npm start` (and npm to node), so the graceful shutdown runs on `docker stop`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# HTTP_HOST=0.0.0.0: in a container the ops port must be reachable through Docker's port mapping (publish it
# on a private address only, as compose.yaml does).
# NPM_CONFIG_SCRIPT_SHELL: npm runs the start script through a shell; Debian's /bin/sh (dash) stays in between
# and dies on SIGTERM without passing it on, while bash execs node, so npm's forwarded SIGTERM reaches it.
ENV NODE_ENV=production \
    NPM_CONFIG_SCRIPT_SHELL=/bin/bash \
    CHROMIUM_PATH=/usr/bin/chromium \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=3000 \
    SCREENSHOT_DIR=/app/data/screenshots \
    NPM_CONFIG_UPDATE_NOTIFIER=false

WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node . .
COPY --from=deps --chown=node:node /app/src/generated ./src/generated
# Screenshots of failed publishes go to /app/data (a volume in compose.yaml).
RUN mkdir -p /app/data/screenshots && chown -R node:node /app/data

# Never run the browser as root.
USER node

EXPOSE 3000
# /healthz: the process is alive (readiness, /readyz, also checks Redis, PostgreSQL and Discord).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# `npm start` applies pending migrations (AUTO_MIGRATE=true) and starts the service.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "start"]
