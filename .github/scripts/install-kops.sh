#!/usr/bin/env bash
# Installs kops VERSION (linux amd64) into /usr/local/bin, verified against the checksum committed in
# .github/kops.sha256. A release without a committed checksum is verified against the one published beside it,
# with a warning: that proves only that the download is whole, so commit the checksum.
set -euo pipefail
version=${1:?usage: install-kops.sh VERSION}
file=kops-linux-amd64
base="https://github.com/kubernetes/kops/releases/download/v$version"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

expected=$(awk -v release="v$version" -v file="$file" '$1 !~ /^#/ && $2 == release && $3 == file { print $1 }' \
  "$(dirname "$0")/../kops.sha256")
if [ -z "$expected" ]; then
  echo "::warning::.github/kops.sha256 has no checksum for kops $version ($file); verifying against the published one. Commit the checksum."
  expected=$(curl -fsSL "$base/$file.sha256" | awk '{ print $1 }')
fi

curl -fsSL -o "$work/kops" "$base/$file"
echo "$expected  $work/kops" | sha256sum --check --quiet
sudo install -m 0755 "$work/kops" /usr/local/bin/kops
kops version --short
