# The Argus agent image: the same self-contained artifact install.sh installs (bundled agent + its own Node.js runtime),
# checked against its SHA-256 file. Build from the repository root after `pnpm build:agent` (both architectures):
#   docker buildx build --platform linux/amd64,linux/arm64 -f deploy/docker/agent.Dockerfile -t <registry>/argus-agent:0.1.0 .
FROM debian:bookworm-slim AS unpack
ARG TARGETARCH
ARG VERSION=0.1.0
COPY dist/downloads/agent/${VERSION}/ /artifacts/
RUN set -eu; \
    case "${TARGETARCH}" in amd64) p=linux-x64 ;; arm64) p=linux-arm64 ;; *) echo "unsupported ${TARGETARCH}" >&2; exit 1 ;; esac; \
    f="argus-agent-${VERSION}-${p}.tar.gz"; \
    cd /artifacts && sha256sum --check "${f}.sha256"; \
    mkdir /opt/argus-agent && tar -xzf "${f}" -C /opt/argus-agent --strip-components=1 --no-same-owner; \
    /opt/argus-agent/node --version

FROM debian:bookworm-slim
COPY --from=unpack /opt/argus-agent /opt/argus-agent
# the DaemonSet / compose mount the host's /proc, cgroups and runtime state under /host (read-only)
ENV ARGUS_PROC_ROOT=/host/proc \
    ARGUS_AGENT_DATA_DIR=/var/lib/argus-agent \
    ARGUS_AGENT_HOST=0.0.0.0
VOLUME /var/lib/argus-agent
EXPOSE 42699
ENTRYPOINT ["/opt/argus-agent/argus-agent"]
