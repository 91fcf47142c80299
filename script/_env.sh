# shellcheck shell=bash
# Shared by script/*: where the Python 3.14 environment lives and how to run in it.
#
# Home Assistant 2026.10 needs Python >= 3.14.2. A contributor's machine with such a
# Python gets a plain virtualenv in .venv. A machine without one (Debian 12 CI hosts)
# gets a minimal Debian "forky" root holding python3.14, kept in a cache directory
# outside the repository. Building and entering it needs no root privileges:
# script/setup downloads and unpacks the packages as the calling user, and commands
# run chrooted inside an unprivileged user namespace (the caller mapped to root, so
# every file made inside belongs to the caller) with a private mount namespace (so
# no mount outlives the command).

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_DIR=${TUYA_BLUETOOTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tuya-bluetooth}
CHROOT_DIR="$CACHE_DIR/py314-root"
CHROOT_VENV=/opt/venv
HOST_VENV="$REPO_ROOT/.venv"
# Byte code, tool caches and coverage data live outside the checkout, so a run
# leaves nothing behind in the tree: byte code in one tree shared by all checkouts
# (it mirrors the sources' absolute paths), the rest per checkout path.
STATE_ROOT="$CACHE_DIR/state"
STATE_DIR="$STATE_ROOT/$(printf %s "$REPO_ROOT" | sha256sum | cut -c1-16)"
# Host directories shown at the same path inside the root (script/develop adds its
# config directory).
ENV_BINDS=("$REPO_ROOT" "$STATE_ROOT")

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# True when we already run inside the prepared environment (chroot or venv).
in_env() { [ "${TUYA_BLUETOOTH_IN_ENV:-}" = 1 ]; }

# Print a host python that is >= 3.14.2, if any.
find_host_python() {
  local candidate
  for candidate in python3.14 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 14, 2) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# Which kind of environment this machine uses: "venv" or "chroot". Asking every
# python on PATH takes a moment (pyenv shims), so a script may keep the answer in
# ENV_KIND.
env_kind() {
  if [ -n "${ENV_KIND:-}" ]; then
    echo "$ENV_KIND"
  elif [ -n "${TUYA_BLUETOOTH_FORCE_CHROOT:-}" ]; then
    echo chroot
  elif find_host_python >/dev/null; then
    echo venv
  else
    echo chroot
  fi
}

# The pinned test requirements, read from pyproject.toml's "test" extra.
test_requirements() {
  sed -n '/^test = \[/,/^\]/p' "$REPO_ROOT/pyproject.toml" | sed -n 's/^ *"\(.*\)",\{0,1\}$/\1/p'
}

# $1: the environment's Python (its `-VV`): a new interpreter means a new venv.
requirements_hash() {
  { test_requirements; echo "$1"; cat "$REPO_ROOT/script/_env.sh" "$REPO_ROOT/script/setup"; } |
    sha256sum | cut -c1-16
}

# Variables every command in the environment gets: the caches and coverage data
# go out of the checkout, and the settings a caller may give (TUYA_BLUETOOTH_*, CI,
# HYPOTHESIS_PROFILE, proxies, a package index) pass through. Other PIP_* settings
# may name host paths the root does not have.
env_assignments() {
  local name
  printf '%s\n' TUYA_BLUETOOTH_IN_ENV=1 \
    "PYTHONPYCACHEPREFIX=$STATE_ROOT/pycache" \
    "COVERAGE_FILE=$STATE_DIR/coverage" \
    "HYPOTHESIS_STORAGE_DIRECTORY=$STATE_DIR/hypothesis" \
    "MYPY_CACHE_DIR=$STATE_DIR/mypy" \
    "RUFF_CACHE_DIR=$STATE_DIR/ruff" \
    "PYTEST_ADDOPTS=-o 'cache_dir=$STATE_DIR/pytest' ${PYTEST_ADDOPTS:-}"
  for name in $(compgen -e); do
    case $name in
      TUYA_BLUETOOTH_IN_ENV | PYTEST_ADDOPTS) ;;
      TUYA_BLUETOOTH_* | CI | HYPOTHESIS_PROFILE | TERM | PIP_INDEX_URL | PIP_EXTRA_INDEX_URL | \
        http_proxy | https_proxy | no_proxy | HTTP_PROXY | HTTPS_PROXY | NO_PROXY)
        printf '%s=%s\n' "$name" "${!name}"
        ;;
    esac
  done
}

# How to enter a private mount namespace: as an unprivileged user namespace where
# the caller is root, or, where those are disabled, as real root without one.
namespace_flags() {
  if unshare --user --map-root-user true 2>/dev/null; then
    echo --user --map-root-user --mount
  elif [ "$(id -u)" = 0 ]; then
    echo --mount
  else
    echo "Unprivileged user namespaces are disabled here (see the sysctls" \
      "user.max_user_namespaces, kernel.unprivileged_userns_clone and" \
      "kernel.apparmor_restrict_unprivileged_userns); install Python 3.14.2+ or run as root." >&2
    return 1
  fi
}

# Replace this process with a command run inside the environment, in the current
# directory (exec keeps one process, so signals reach the command itself).
exec_in_env() {
  in_env && exec "$@"
  local vars
  mapfile -t vars < <(env_assignments)
  mkdir -p "$STATE_DIR"
  if [ "$(env_kind)" = venv ]; then
    exec env "${vars[@]}" PATH="$HOST_VENV/bin:$PATH" VIRTUAL_ENV="$HOST_VENV" "$@"
  fi
  local flags
  flags=$(namespace_flags) || exit 1
  # Inside: bind the host directories at the same paths (so paths agree), then
  # /dev, /proc and /sys, and chroot with a clean environment.
  # shellcheck disable=SC2086,SC2016 # word-split flags; the script expands inside
  exec unshare $flags -- /bin/bash -c '
    PATH=$PATH:/usr/sbin:/sbin  # chroot and mount, for users without sbin on PATH
    set -e
    root=$1 cwd=$2
    shift 2
    while [ "$1" != -- ]; do
      mkdir -p "$root$1" && mount --rbind "$1" "$root$1"
      shift
    done
    shift
    for fs in dev proc sys; do mount --rbind "/$fs" "$root/$fs"; done
    for file in resolv.conf hosts; do  # name resolution as on the host
      cmp -s "/etc/$file" "$root/etc/$file" || cp -f "/etc/$file" "$root/etc/$file" || true
    done
    exec chroot "$root" /usr/bin/env -i -C "$cwd" "$@"
  ' bash "$CHROOT_DIR" "$(pwd)" "${ENV_BINDS[@]}" -- \
    HOME=/root LANG=C.UTF-8 \
    PATH="$CHROOT_VENV/bin:/usr/local/bin:/usr/bin:/usr/sbin" VIRTUAL_ENV="$CHROOT_VENV" \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    PIP_DEFAULT_TIMEOUT=180 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "${vars[@]}" "$@"
}

# Run a command inside the environment and come back.
run_in_env() { (exec_in_env "$@"); }
