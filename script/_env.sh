# shellcheck shell=bash
# Shared by script/*: where the Python 3.14 environment lives and how to run in it.
#
# Home Assistant 2026.10 needs Python >= 3.14.2. A contributor's machine with such a
# Python gets a plain virtualenv in .venv. A machine without one (Debian 12 CI hosts)
# gets a minimal Debian "forky" root holding python3.14, kept in a cache directory
# outside the repository and entered with chroot inside a private mount namespace,
# so no mount outlives the command.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_DIR=${TUYA_BLUETOOTH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tuya-bluetooth}
CHROOT_DIR="$CACHE_DIR/py314-root"
CHROOT_VENV=/opt/venv
HOST_VENV="$REPO_ROOT/.venv"
DEBIAN_MIRROR=${TUYA_BLUETOOTH_DEBIAN_MIRROR:-http://deb.debian.org/debian}

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

# Which kind of environment this machine uses: "venv" or "chroot".
env_kind() {
  if [ -n "${TUYA_BLUETOOTH_FORCE_CHROOT:-}" ]; then
    echo chroot
  elif [ -x "$HOST_VENV/bin/python" ] || find_host_python >/dev/null; then
    echo venv
  else
    echo chroot
  fi
}

# The pinned test requirements, read from pyproject.toml's "test" extra.
test_requirements() {
  sed -n '/^test = \[/,/^\]/p' "$REPO_ROOT/pyproject.toml" | sed -n 's/^ *"\(.*\)",\{0,1\}$/\1/p'
}

requirements_hash() {
  { test_requirements; cat "$REPO_ROOT/script/_env.sh" "$REPO_ROOT/script/setup"; } | sha256sum | cut -c1-16
}

# Run a command inside the environment, in the current directory.
run_in_env() {
  if in_env; then
    "$@"
    return
  fi
  local kind
  kind=$(env_kind)
  if [ "$kind" = venv ]; then
    PATH="$HOST_VENV/bin:$PATH" TUYA_BLUETOOTH_IN_ENV=1 VIRTUAL_ENV="$HOST_VENV" "$@"
    return
  fi
  local cwd quoted
  cwd=$(pwd)
  printf -v quoted '%q ' "$@"
  # The repository is bind-mounted at the same path inside the root, so paths agree.
  unshare --mount --propagation private -- /bin/bash -c '
    set -e
    root=$1 repo=$2 cwd=$3 cmd=$4
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    mount -t sysfs sysfs "$root/sys" 2>/dev/null || true
    mkdir -p "$root$repo" "$root/tmp"
    mount --bind "$repo" "$root$repo"
    cp -f /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    exec chroot "$root" /usr/bin/env -i \
      HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}" \
      HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}" \
      PATH=/opt/venv/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
      VIRTUAL_ENV=/opt/venv TUYA_BLUETOOTH_IN_ENV=1 \
      SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt PIP_DEFAULT_TIMEOUT=180 \
      PIP_DISABLE_PIP_VERSION_CHECK=1 \
      /bin/bash -c "cd \"$cwd\" && exec $cmd"
  ' bash "$CHROOT_DIR" "$REPO_ROOT" "$cwd" "$quoted"
}
