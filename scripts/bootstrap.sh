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
# The stock pip 23.2 cannot resolve lxml[html-clean]; a current pip can.
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${PIP_EXTRAS:+[$PIP_EXTRAS]}"
