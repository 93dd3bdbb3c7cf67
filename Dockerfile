# syntax=docker/dockerfile:1
# One image for every role of Ulak: the command picks it (`serve`, `work`, or `all` for a single machine).
# Build: docker build -t ulak .   Run several machines: see compose.yaml and the README's "Scaling out".

# Build stage: every dependency (Vite and Svelte build the web app; Bun comes as an npm dev dependency).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

# Runtime stage: production dependencies, the Bun binary, the server sources and the built web app.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    ULAK_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# Bun runs the TypeScript sources directly. It is a dev dependency (pinned by the lockfile), so the build stage has it;
# its npm package's install script puts the platform's binary at bin/bun.exe.
COPY --from=build /app/node_modules/bun/bin/bun.exe /usr/local/bin/bun
RUN bun --version
COPY tsconfig.json ./
COPY server server
COPY connectors connectors
COPY workflows workflows
COPY migrations migrations
COPY --from=build /app/web/dist web/dist
# The data dir holds the generated key and PGlite when nothing else is configured; with DATABASE_URL, ULAK_SECRET_KEY
# and ULAK_S3_* it stays empty, and every container can have its own.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# `work` serves no HTTP: compose.yaml turns this check off for it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["bun", "server/main.ts", "serve"]
