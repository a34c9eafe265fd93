# Shared by scripts/demo and scripts/test (sourced, not run): find Python 3.11+,
# make .venv, install the project into it, and run root-only steps with sudo
# when that is possible and needed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
cd "$ROOT"

say() { printf '\n==> %s\n' "$*"; }
warn() { printf '\n!!! %s\n' "$*" >&2; }
die() { printf '\nxxx %s\n' "$*" >&2; exit 1; }

# Run a command as root: directly when we are root, else through sudo if there is one.
# Without a terminal sudo must not wait for a password (-n).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
  else
    return 1
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" \
    || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; }
}

is_python_311() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }

find_python() {
  local candidate
  for candidate in ${PYTHON:-} python3 python3.11 python3.12 python3.13; do
    if command -v "$candidate" >/dev/null 2>&1 && is_python_311 "$candidate"; then
      echo "$candidate"
      return
    fi
  done
  die "Python 3.11 or newer is needed (Debian 12: apt-get install python3 python3-venv)."
}

# .venv with pip in it; on Debian, venv needs the python3-venv package.
ensure_venv() {
  if [ -x "$PY" ] && is_python_311 "$PY" && "$PY" -m pip --version >/dev/null 2>&1; then
    return
  fi
  local python version
  python="$(find_python)"
  version="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
  say "Creating .venv with $("$python" --version)"
  rm -rf "$VENV"
  if ! "$python" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    say "Installing Debian's python$version-venv (venv needs it)"
    apt_install "python$version-venv" \
      || die "Cannot create a virtualenv. Install python$version-venv (sudo apt-get install python$version-venv) and run this again."
    "$python" -m venv "$VENV"
  fi
  "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
}

# What an install depends on: the dependency list, the packages, the interpreter.
install_fingerprint() {
  {
    echo "$1"
    cat pyproject.toml
    ls -d -- */__init__.py
    "$PY" --version
  } | sha256sum | cut -d' ' -f1
}

# install_project runtime|test: pip install -e the project, skipped when nothing
# it depends on changed since the last install (a stamp file in .venv).
install_project() {
  local flavour="$1" spec="." stamp="$VENV/.installed-$1"
  [ "$flavour" = test ] && spec=".[test]"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(install_fingerprint "$flavour")" ]; then
    return
  fi
  # The test install holds everything the runtime needs.
  if [ "$flavour" = runtime ] && [ -f "$VENV/.installed-test" ] \
    && [ "$(cat "$VENV/.installed-test")" = "$(install_fingerprint test)" ]; then
    return
  fi
  say "Installing the project and its dependencies into .venv (the first time takes a minute)"
  # PYTHONWARNINGS: setuptools warns on every editable install that folders named like
  # the packages take precedence; here that is the point.
  PYTHONWARNINGS=ignore "$PY" -m pip install --quiet --disable-pip-version-check -e "$spec"
  install_fingerprint "$flavour" >"$stamp"
}
