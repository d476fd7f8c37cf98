# The Argus collector image for a ClickHouse server or cluster (ARGUS_CLICKHOUSE_URL): production dependencies only,
# without the optional embedded engine (chdb, ~566 MB), plus the downloads it serves (install.sh, the agent for
# linux x64 and arm64, the Node.js tracer tarball). Build from the repository root:
#   docker build -f deploy/docker/collector.Dockerfile -t <registry>/argus-collector:0.1.0 .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
# full install (build tools), then the agent artifacts and the tracer tarball the collector serves
RUN npx -y pnpm@12.21.0 install --frozen-lockfile \
 && npx -y pnpm@12.21.0 build:agent --tracer \
 && npx -y pnpm@12.21.0 --filter @argus/ui run --if-present build

FROM node:20-bookworm-slim
WORKDIR /opt/argus
COPY --from=build /src /opt/argus
RUN rm -rf node_modules */node_modules */*/node_modules \
 && npx -y pnpm@12.21.0 install --frozen-lockfile --prod --no-optional --filter @argus/collector... \
 && npm cache clean --force \
 && useradd --system --uid 10001 --home-dir /opt/argus argus
USER 10001
ENV ARGUS_INGEST_HOST=0.0.0.0 \
    ARGUS_API_HOST=0.0.0.0 \
    ARGUS_DOWNLOADS_BUILD=off
EXPOSE 4318 8080
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:4318/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# --single-threaded-gc: as the launcher starts it (common/supervise/src/collector-node-flags.ts)
ENTRYPOINT ["node", "--single-threaded-gc", "--import", "tsx", "collector/src/main.ts"]
