#!/usr/bin/env bash
# Argus host agent installer for any systemd Linux (Amazon Linux 2023, Ubuntu, Debian, RHEL and derivatives).
#
#   curl -fsSL http://<argus>:4318/install.sh | sudo ARGUS_KEY=<ingest key> bash
#   curl -fsSL http://<argus>:4318/install.sh | sudo bash -s -- --uninstall [--purge]
#
# Checks everything before changing anything (root, systemd, architecture, glibc, collector reachable, key
# accepted, download verified against its SHA-256), then installs the self-contained agent (its own Node.js
# runtime) under /opt/argus-agent/<version> with /opt/argus-agent/current pointing at it, the config in
# /etc/argus/agent.yaml (written once, kept on upgrade and on uninstall unless --purge), state and spool in
# /var/lib/argus-agent, a system user argus-agent and a hardened systemd unit; enables and starts it and waits
# until the collector has seen this host. Re-running it changes nothing; with a newer version it upgrades.
#
# Options (or environment):
#   --key KEY            ARGUS_KEY            ingest key (required for install)
#   --endpoint URL       ARGUS_ENDPOINT       collector ingest URL (default: where this script came from)
#   --version V          ARGUS_AGENT_VERSION  agent version (default: the collector's current one)
#   --zone NAME          ARGUS_ZONE           zone written into a new config
#   --tags k=v,k=v       ARGUS_TAGS           tags written into a new config
#   --no-start                                install and enable, do not start or wait
#   --wait SECONDS       ARGUS_WAIT_SECONDS   how long to wait for the collector to see the host (default 90)
#   --uninstall [--purge]                     remove the agent (keeps config and state unless --purge)
# Testing only: ARGUS_INSTALL_ROOT installs into a throwaway root (every path prefixed), ARGUS_SYSTEMCTL names the
# systemctl to call.
set -euo pipefail

DEFAULT_ENDPOINT='' # filled in by the collector that serves this script
DEFAULT_VERSION=''  # filled in by the collector that serves this script

SERVICE=argus-agent
USER_NAME=argus-agent

say() { printf 'argus: %s\n' "$*"; }
die() {
  printf 'argus: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<'USAGE'
usage: install.sh [--key KEY] [--endpoint URL] [--version V] [--zone NAME] [--tags k=v,...] [--no-start] [--wait S]
       install.sh --uninstall [--purge]
Environment: ARGUS_KEY, ARGUS_ENDPOINT, ARGUS_AGENT_VERSION, ARGUS_ZONE, ARGUS_TAGS, ARGUS_WAIT_SECONDS.
Installs the Argus agent as a systemd service (docs/deploy.md).
USAGE
}

parse_args() {
  ACTION=install
  PURGE=0
  START=1
  ENDPOINT="${ARGUS_ENDPOINT:-$DEFAULT_ENDPOINT}"
  KEY="${ARGUS_KEY:-}"
  VERSION="${ARGUS_AGENT_VERSION:-$DEFAULT_VERSION}"
  ZONE="${ARGUS_ZONE:-}"
  TAGS="${ARGUS_TAGS:-}"
  WAIT="${ARGUS_WAIT_SECONDS:-90}"
  while [ $# -gt 0 ]; do
    case "$1" in
      --key) KEY="${2:-}"; shift ;;
      --endpoint) ENDPOINT="${2:-}"; shift ;;
      --version) VERSION="${2:-}"; shift ;;
      --zone) ZONE="${2:-}"; shift ;;
      --tags) TAGS="${2:-}"; shift ;;
      --wait) WAIT="${2:-}"; shift ;;
      --no-start) START=0 ;;
      --uninstall) ACTION=uninstall ;;
      --purge) PURGE=1 ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option $1 (see --help)" ;;
    esac
    shift
  done
  [ "$PURGE" = 0 ] || [ "$ACTION" = uninstall ] || die "--purge goes with --uninstall"
  case "$WAIT" in '' | *[!0-9]*) die "--wait takes a number of seconds, got '$WAIT'" ;; esac

  ROOT="${ARGUS_INSTALL_ROOT:-}"
  ROOT="${ROOT%/}"
  SYSTEMCTL="${ARGUS_SYSTEMCTL:-systemctl}"
  OPT="$ROOT/opt/argus-agent"
  CONF_DIR="$ROOT/etc/argus"
  CONF="$CONF_DIR/agent.yaml"
  STATE="$ROOT/var/lib/argus-agent"
  UNIT="$ROOT/etc/systemd/system/$SERVICE.service"
}

# ---------------------------------------------------------------------------------------------- checks (no changes)

check_common() {
  [ "$(id -u)" = 0 ] || die "run as root, e.g. curl -fsSL <argus>/install.sh | sudo ARGUS_KEY=<key> bash"
  [ -d "$ROOT/run/systemd/system" ] || die "systemd is not running on this host (no /run/systemd/system): this installer needs systemd"
  command -v "$SYSTEMCTL" >/dev/null 2>&1 || die "systemctl not found"
}

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is needed: install the package $2"; }

user_exists() { grep -q "^$USER_NAME:" "$ROOT/etc/passwd" 2>/dev/null; }
uid_of() { awk -F: -v u="$USER_NAME" '$1 == u { print $3 }' "$ROOT/etc/passwd"; }
gid_of() { awk -F: -v u="$USER_NAME" '$1 == u { print $4 }' "$ROOT/etc/passwd"; }

detect_platform() {
  case "$(uname -m)" in
    x86_64 | amd64) PLATFORM=linux-x64 ;;
    aarch64 | arm64) PLATFORM=linux-arm64 ;;
    *) die "architecture $(uname -m) is not supported (linux x86_64 and aarch64 are)" ;;
  esac
  local libc
  libc="$(getconf GNU_LIBC_VERSION 2>/dev/null || true)"
  [ -n "$libc" ] || die "glibc not found (musl/Alpine is not supported: the agent's Node.js runtime needs glibc >= 2.28)"
  local v="${libc#glibc }" major minor
  major="${v%%.*}"
  minor="${v#*.}"
  minor="${minor%%.*}"
  if [ "$major" -lt 2 ] || { [ "$major" = 2 ] && [ "$minor" -lt 28 ]; }; then
    die "glibc $v is too old (the agent's Node.js runtime needs glibc >= 2.28; Amazon Linux 2 has 2.26: use Amazon Linux 2023)"
  fi
}

# http GET to a file; prints the status code (000 when unreachable)
http_get() {
  local url="$1" out="$2"
  shift 2
  curl -sS -L --connect-timeout 10 --max-time "${CURL_MAX_TIME:-600}" -o "$out" -w '%{http_code}' "$@" "$url" 2>"$TMP/curl.err" || true
}

check_collector() {
  [ -n "$ENDPOINT" ] || die "no collector endpoint: set ARGUS_ENDPOINT=http://<argus>:4318 (or fetch this script from the collector)"
  case "$ENDPOINT" in http://* | https://*) ;; *) die "ARGUS_ENDPOINT must start with http:// or https://, got '$ENDPOINT'" ;; esac
  ENDPOINT="${ENDPOINT%/}"
  [ -n "$KEY" ] || die "no ingest key: run with ARGUS_KEY=<ingest key> (printed by the collector at start)"
  local code
  code="$(CURL_MAX_TIME=15 http_get "$ENDPOINT/health" "$TMP/health")"
  [ "$code" = 200 ] || die "cannot reach the collector at $ENDPOINT (GET /health: $( [ "$code" = 000 ] && head -c 200 "$TMP/curl.err" || echo "HTTP $code"))"
  code="$(CURL_MAX_TIME=15 http_get "$ENDPOINT/v1/agent/check" "$TMP/check" -H "Authorization: Bearer $KEY")"
  case "$code" in
    200) ;;
    401 | 403) die "the collector at $ENDPOINT does not accept this ingest key (HTTP $code): check ARGUS_KEY" ;;
    *) die "the collector at $ENDPOINT could not check the key (GET /v1/agent/check: HTTP $code $(head -c 200 "$TMP/check" 2>/dev/null))" ;;
  esac
  if [ -z "$VERSION" ] || [ "$VERSION" = latest ]; then
    VERSION="$(sed -n 's/.*"agentVersion":"\([^"]*\)".*/\1/p' "$TMP/check")"
    [ -n "$VERSION" ] || die "the collector did not name an agent version"
  fi
}

download() {
  FILE="argus-agent-$VERSION-$PLATFORM.tar.gz"
  local base="$ENDPOINT/download/agent/$VERSION/$PLATFORM" code
  say "downloading agent $VERSION for $PLATFORM from $ENDPOINT"
  code="$(http_get "$base.sha256" "$TMP/$FILE.sha256")"
  [ "$code" = 200 ] || die "no checksum for agent $VERSION $PLATFORM on the collector (HTTP $code: $(head -c 300 "$TMP/$FILE.sha256" 2>/dev/null))"
  code="$(http_get "$base" "$TMP/$FILE")"
  [ "$code" = 200 ] || die "downloading agent $VERSION $PLATFORM failed (HTTP $code: $(head -c 300 "$TMP/$FILE" 2>/dev/null))"
  grep -q "  $FILE\$" "$TMP/$FILE.sha256" || die "checksum file names another file: $(head -c 200 "$TMP/$FILE.sha256")"
  (cd "$TMP" && sha256sum --check --status "$FILE.sha256") || die "checksum mismatch for $FILE: the download is corrupt or was altered"
  SHA256="$(cut -d' ' -f1 "$TMP/$FILE.sha256")"
  mkdir "$TMP/x"
  tar -xzf "$TMP/$FILE" -C "$TMP/x" --no-same-owner || die "cannot unpack $FILE"
  PKG="$TMP/x/argus-agent-$VERSION-$PLATFORM"
  for f in argus-agent argus-agent.mjs node argus-agent.service VERSION; do
    [ -e "$PKG/$f" ] || die "$FILE lacks $f: not an agent package"
  done
  "$PKG/node" --version >/dev/null 2>&1 || die "the bundled Node.js runtime does not run on this host ($(uname -m), $(getconf GNU_LIBC_VERSION))"
}

# ---------------------------------------------------------------------------------------------------------- changes

CHANGED=0
changed() {
  CHANGED=1
  say "$*"
}

ensure_user() {
  user_exists && return 0
  local shell=/usr/sbin/nologin
  [ -x "$ROOT$shell" ] || [ -z "$ROOT" ] || shell=/sbin/nologin
  [ -x "$shell" ] || shell=/sbin/nologin
  local prefix=()
  [ -z "$ROOT" ] || prefix=(--prefix "$ROOT")
  useradd "${prefix[@]}" --system --user-group --no-create-home --home-dir /var/lib/argus-agent --shell "$shell" \
    --comment "Argus host agent" "$USER_NAME" || die "could not create the system user $USER_NAME"
  changed "created system user $USER_NAME"
}

install_files() {
  local dir="$OPT/$VERSION"
  if [ "$(cat "$dir/.sha256" 2>/dev/null)" != "$SHA256" ]; then
    mkdir -p "$OPT"
    rm -rf "$OPT/.$VERSION.new"
    cp -a "$PKG" "$OPT/.$VERSION.new"
    printf '%s\n' "$SHA256" >"$OPT/.$VERSION.new/.sha256"
    chown -R 0:0 "$OPT/.$VERSION.new"
    rm -rf "$dir"
    mv "$OPT/.$VERSION.new" "$dir"
    changed "installed agent $VERSION in ${dir#"$ROOT"}"
  fi
  if [ "$(readlink "$OPT/current" 2>/dev/null)" != "$VERSION" ]; then
    local previous
    previous="$(readlink "$OPT/current" 2>/dev/null || true)"
    ln -sfn "$VERSION" "$OPT/.current.new"
    mv -T "$OPT/.current.new" "$OPT/current"
    changed "/opt/argus-agent/current -> $VERSION${previous:+ (was $previous)}"
    # keep the previous version for a quick rollback, drop older ones
    for old in "$OPT"/*; do
      local name="${old##*/}"
      [ "$name" = current ] || [ "$name" = "$VERSION" ] || [ "$name" = "$previous" ] || rm -rf "$old"
    done
  fi
  if ! cmp -s "$PKG/argus-agent.service" "$UNIT"; then
    mkdir -p "${UNIT%/*}"
    install -m 0644 "$PKG/argus-agent.service" "$UNIT"
    UNIT_CHANGED=1
    changed "installed ${UNIT#"$ROOT"}"
  fi
}

yaml_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

write_config() {
  local uid gid
  gid="$(gid_of)"
  if [ -f "$CONF" ]; then
    if ! grep -qxF "key: $(yaml_quote "$KEY")" "$CONF"; then
      say "kept the existing ${CONF#"$ROOT"} (its endpoint and key are used; edit it, or --uninstall --purge first, to replace them)"
    fi
  else
    mkdir -p "$CONF_DIR"
    umask 027
    {
      echo "# Argus agent configuration (written by install.sh; kept on upgrade). All keys: docs/agent.md"
      echo "endpoint: $(yaml_quote "$ENDPOINT")"
      echo "key: $(yaml_quote "$KEY")"
      [ -z "$ZONE" ] || echo "zone: $(yaml_quote "$ZONE")"
      if [ -n "$TAGS" ]; then
        echo "tags:"
        local IFS=,
        for kv in $TAGS; do echo "  $(yaml_quote "${kv%%=*}"): $(yaml_quote "${kv#*=}")"; done
      fi
    } >"$CONF.new"
    chown "0:$gid" "$CONF.new"
    chmod 0640 "$CONF.new"
    mv "$CONF.new" "$CONF"
    changed "wrote ${CONF#"$ROOT"} (mode 0640, readable by $USER_NAME)"
  fi
  uid="$(uid_of)"
  if [ ! -d "$STATE" ] || [ "$(stat -c '%u:%g:%a' "$STATE")" != "$uid:$gid:750" ]; then
    mkdir -p "$STATE"
    chown "$uid:$gid" "$STATE"
    chmod 0750 "$STATE"
    changed "state and spool in ${STATE#"$ROOT"}"
  fi
}

host_id() {
  local id
  for f in "$ROOT/etc/machine-id" "$ROOT/var/lib/dbus/machine-id"; do
    id="$(tr -d '[:space:]' <"$f" 2>/dev/null || true)"
    if printf '%s' "$id" | grep -Eq '^[0-9a-fA-F]{16,}$'; then
      printf '%s' "$id" | tr 'A-F' 'a-f'
      return
    fi
  done
}

# prints the collector's "lastSeen" for this host (empty when never seen) and its clock: "<lastSeen|null> <now>"
seen_state() {
  local code
  code="$(CURL_MAX_TIME=10 http_get "$ENDPOINT/v1/agent/seen?host=$1" "$TMP/seen" -H "Authorization: Bearer $KEY")"
  [ "$code" = 200 ] || return 1
  printf '%s %s\n' "$(sed -n 's/.*"lastSeen":\([0-9a-z]*\).*/\1/p' "$TMP/seen")" "$(sed -n 's/.*"now":\([0-9]*\).*/\1/p' "$TMP/seen")"
}

start_service() {
  local verb="" host before
  [ "${UNIT_CHANGED:-0}" = 0 ] || "$SYSTEMCTL" daemon-reload
  if ! "$SYSTEMCTL" is-enabled --quiet "$SERVICE" 2>/dev/null; then
    "$SYSTEMCTL" enable "$SERVICE" >/dev/null 2>&1 || die "systemctl enable $SERVICE failed"
    changed "enabled $SERVICE.service"
  fi
  [ "$START" = 1 ] || {
    say "not started (--no-start): systemctl start $SERVICE"
    return 0
  }
  if ! "$SYSTEMCTL" is-active --quiet "$SERVICE" 2>/dev/null; then
    verb=start
  elif [ "$CHANGED" = 1 ]; then
    verb=restart
  fi
  host="$(host_id)"
  if [ -z "$verb" ]; then
    say "argus-agent $VERSION is installed and running; nothing changed"
    [ -z "$host" ] || say "collector: $( [ "$(seen_state "$host" | cut -d' ' -f1)" = null ] && echo "has not seen this host yet" || echo "has seen this host (host:$host)")"
    return 0
  fi
  before=""
  if [ -n "$host" ]; then before="$(seen_state "$host" | cut -d' ' -f2 || true)"; fi
  "$SYSTEMCTL" "$verb" "$SERVICE" || die "systemctl $verb $SERVICE failed: see journalctl -u $SERVICE"
  say "${verb}ed $SERVICE.service"
  if [ -z "$host" ]; then
    say "no machine id on this host: check the collector's infrastructure view for it"
    return 0
  fi
  say "waiting up to ${WAIT}s for the collector to see this host (host:$host)"
  local deadline=$((SECONDS + WAIT)) last
  while [ "$SECONDS" -lt "$deadline" ]; do
    last="$(seen_state "$host" | cut -d' ' -f1 || true)"
    if [ -n "$last" ] && [ "$last" != null ] && [ "$last" -gt "${before:-0}" ]; then
      say "the collector at $ENDPOINT sees this host: done"
      return 0
    fi
    if ! "$SYSTEMCTL" is-active --quiet "$SERVICE" 2>/dev/null; then
      die "$SERVICE stopped right after starting: see journalctl -u $SERVICE"
    fi
    sleep 2
  done
  printf 'argus: error: the agent runs but the collector has not seen this host within %ss: see journalctl -u %s\n' "$WAIT" "$SERVICE" >&2
  exit 3
}

# -------------------------------------------------------------------------------------------------------- uninstall

uninstall() {
  if [ ! -e "$UNIT" ] && [ ! -e "$OPT" ] && { [ "$PURGE" = 0 ] || { [ ! -e "$CONF" ] && [ ! -e "$STATE" ] && ! user_exists; }; }; then
    say "the agent is not installed here; nothing to do"
    return 0
  fi
  if [ -e "$UNIT" ]; then
    "$SYSTEMCTL" disable --now "$SERVICE" >/dev/null 2>&1 || true
    rm -f "$UNIT"
    "$SYSTEMCTL" daemon-reload || true
    say "stopped and removed $SERVICE.service"
  fi
  rm -rf "$OPT"
  say "removed /opt/argus-agent"
  if [ "$PURGE" = 1 ]; then
    rm -f "$CONF"
    rmdir "$CONF_DIR" 2>/dev/null || true
    rm -rf "$STATE"
    if user_exists; then
      local prefix=()
      [ -z "$ROOT" ] || prefix=(--prefix "$ROOT")
      userdel "${prefix[@]}" "$USER_NAME" 2>/dev/null || say "could not remove user $USER_NAME (remove it with userdel)"
    fi
    say "purged /etc/argus/agent.yaml, /var/lib/argus-agent and user $USER_NAME"
  else
    say "kept /etc/argus/agent.yaml and /var/lib/argus-agent (spool) and user $USER_NAME: --uninstall --purge removes them"
  fi
}

main() {
  parse_args "$@"
  TMP="$(mktemp -d)"
  trap 'rm -rf "$TMP"' EXIT
  check_common
  if [ "$ACTION" = uninstall ]; then
    uninstall
    return 0
  fi
  need curl curl
  need tar tar
  need gzip gzip
  need sha256sum coreutils
  need cmp diffutils
  need useradd "shadow-utils (RHEL, Amazon Linux) or passwd (Debian, Ubuntu)"
  need getconf "glibc-common or libc-bin"
  detect_platform
  check_collector
  download
  ensure_user
  install_files
  write_config
  start_service
}

main "$@"
