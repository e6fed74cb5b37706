# Sourced by demo.sh and test.sh: makes .venv with huiwen installed in it.
# Usage: APT_PACKAGES="..." PIP_EXTRAS="test" source scripts/bootstrap.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

apt_install python3-venv ${APT_PACKAGES:-}

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# pip takes ~12 s even when everything is installed, so a stamp in the venv, one per set of
# extras, records what was installed from which pyproject.toml, checkout and Python. The
# install is editable: code changes need no reinstall. A fresh clone (CI) has no venv and
# installs everything.
stamp=".venv/huiwen-installed${PIP_EXTRAS:+-${PIP_EXTRAS//,/-}}"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1) $PWD $(.venv/bin/python -VV | head -n 1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  # The stock pip 23.2 cannot resolve lxml[html-clean]; a current pip can.
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${PIP_EXTRAS:+[$PIP_EXTRAS]}"
  printf '%s\n' "$wanted" > "$stamp"
fi
