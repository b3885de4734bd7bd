#!/bin/sh
# Installs everything Appliance Studio needs to build and test on a fresh Debian/Ubuntu machine:
# the oracles the tests run (qemu-img, QEMU, xmllint, openssl, GNU tar, govmomi, virt-v2v), Debian's
# Chromium for the end-to-end tests, then the npm dependencies (which bring Node 22 for the
# project's scripts, whatever the system Node is). Safe to run again.
set -eu
cd "$(dirname "$0")/.."

# virt-v2v needs a kernel and nbdkit for libguestfs; ovmf boots the EFI targets in QEMU;
# libvirt-clients brings virt-xml-validate for the KVM domain XML; the partitioning and mkfs
# tools build the disks the inspection tests read; time measures the benchmarks' memory.
packages="ca-certificates openssl tar gzip qemu-utils qemu-system-x86 ovmf libxml2-utils chromium golang-go golang-github-vmware-govmomi-dev virt-v2v libguestfs-tools linux-image-amd64 nbdkit libnbd-bin libvirt-clients fdisk gdisk e2fsprogs xfsprogs btrfs-progs dosfstools ntfs-3g time xxhash"

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  missing=""
  for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "setup: installing Debian packages:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
else
  echo "setup: apt-get not found; install these yourself: $packages" >&2
fi

# The Electron binary is an optional dependency: where it cannot be downloaded, npm ci still
# succeeds (the CLI and all tests work; `npm start` needs the binary).
npm ci --no-audit --no-fund
echo "setup: done"
