#!/usr/bin/env bash
# Make sure a Debian package is installed: `bash scripts/debian-package.sh PACKAGE CHECK WHY`.
# CHECK is a shell test that succeeds when what the package gives is there (run first, so nothing is installed twice);
# as root with apt-get the package is installed, otherwise the reader is told what to install and WHY it is needed.
set -euo pipefail
package="$1" check="$2" why="$3"
if bash -c "$check" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian's $package ($why)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
else
  echo "$package is missing (Debian: sudo apt-get install $package): $why." >&2
fi
