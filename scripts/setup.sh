#!/usr/bin/env bash
# Sourced by bin/demo and bin/test: installs what Berth needs on a fresh Debian 12 machine, finds Java 25 and
# builds Berth when its sources changed. Safe to run again: it only does what is missing.
set -euo pipefail
BERTH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    if [ "$(id -u)" -ne 0 ]; then
      echo "setup: run as root (or install: apt-get install ${missing[*]})" >&2
      exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

# shellcheck source=scripts/java.sh
source "$BERTH_HOME/scripts/java.sh"

build_if_stale() {
  local jar="$BERTH_HOME/target/berth.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$BERTH_HOME/src/main" "$BERTH_HOME/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "setup: building Berth" >&2
    (cd "$BERTH_HOME" && JAVA_HOME="$BERTH_JAVA_HOME" mvn -B -q -DskipTests package >&2)
  fi
}
