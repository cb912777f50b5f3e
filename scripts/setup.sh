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

# The kernel VMs boot when the host has none in /boot: Debian's linux-image package (the version that
# linux-image-amd64 points at), unpacked with its modules into /var/cache/berth/vm-kernel, where berthd looks.
need_vm_kernel() {
  local cache=/var/cache/berth/vm-kernel
  if compgen -G "/boot/vmlinuz-*" >/dev/null || compgen -G "$cache/boot/vmlinuz-*" >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root to fetch a kernel for VMs into $cache (or pass berthd --vm-kernel PATH)" >&2
    exit 1
  fi
  local package download
  package=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  if [ -z "$package" ]; then
    apt-get update -qq >&2
    package=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  fi
  echo "setup: fetching $package for VMs into $cache" >&2
  download=$(mktemp -d)
  (cd "$download" && apt-get download "$package" >&2 2>/dev/null) \
    || { echo "setup: apt-get download $package failed; pass berthd --vm-kernel PATH instead" >&2; rm -rf "$download"; exit 1; }
  rm -rf "$cache.partial" && mkdir -p "$cache.partial"
  dpkg-deb -x "$download"/*.deb "$cache.partial"
  rm -rf "$download" "$cache" && mv "$cache.partial" "$cache"
}

# The Debian packages `berth image bootstrap debian` installs, fetched once from Debian's mirror into a
# debootstrap tarball, so that the bootstrap itself (and every test) runs without a network. berthd looks for
# /var/cache/berth/debootstrap/SUITE-ARCH.tgz with the mirror and package list it was made with beside it
# (debootstrap finds the package lists in the tarball only under the mirror they came from). The list is
# DebianBootstrap.PACKAGES, which DebianBootstrapTest keeps equal to this one.
need_debian_bootstrap() {
  local suite=${1:-bookworm} cache=/var/cache/berth/debootstrap arch work
  local mirror=http://deb.debian.org/debian packages=systemd-sysv,udev,dbus,iproute2,ifupdown,procps
  need_packages debootstrap
  arch=$(dpkg --print-architecture)
  [ -s "$cache/$suite-$arch.tgz" ] && [ "$(cat "$cache/$suite-$arch.packages" 2>/dev/null)" = "$packages" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root to fetch Debian $suite packages into $cache" >&2
    exit 1
  fi
  echo "setup: fetching Debian $suite packages for berth image bootstrap debian into $cache" >&2
  mkdir -p "$cache"
  work=$(mktemp -d)
  debootstrap --arch="$arch" --variant=minbase --include="$packages" \
      --make-tarball="$cache/$suite-$arch.partial.tgz" "$suite" "$work" "$mirror" >&2 \
    || { echo "setup: debootstrap --make-tarball failed (see above)" >&2; rm -rf "$work" "$cache/$suite-$arch.partial.tgz"; exit 1; }
  rm -rf "$work"
  echo "$mirror" >"$cache/$suite-$arch.mirror"
  echo "$packages" >"$cache/$suite-$arch.packages"
  mv "$cache/$suite-$arch.partial.tgz" "$cache/$suite-$arch.tgz"
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
