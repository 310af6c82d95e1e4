#!/usr/bin/env bash
# Installs kops VERSION for this machine (linux or darwin, amd64 or arm64) into /usr/local/bin, verified against the
# checksum committed in .github/kops.sha256, never against one downloaded beside the binary (that would prove only
# that the download is whole). A release without a committed checksum is refused before anything is downloaded.
set -euo pipefail
version=${1:?usage: install-kops.sh VERSION}

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "::error::install-kops.sh: no kops build for $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "::error::install-kops.sh: no kops build for $(uname -m)" >&2; exit 1 ;;
esac
file=kops-$os-$arch
base="https://github.com/kubernetes/kops/releases/download/v$version"
sums="$(cd "$(dirname "$0")/.." && pwd)/kops.sha256"

expected=$(awk -v release="v$version" -v file="$file" '$1 !~ /^#/ && $2 == release && $3 == file { print $1 }' "$sums")
if ! printf '%s\n' "$expected" | grep -Eq '^[0-9a-f]{64}$'; then
  echo "::error::.github/kops.sha256 has no checksum for kops v$version ($file), so it is not installed. Add the line" \
    "'<sha256> v$version $file' in its own commit: take the sha256 from $base/$file.sha256 and confirm it from a second" \
    "source (a download on another network, or the release's signed provenance) before committing it." >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/kops" "$base/$file"
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$work/kops" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/kops" | awk '{ print $1 }')
fi
if [ "$actual" != "$expected" ]; then
  echo "::error::kops v$version ($file) has sha256 $actual, but .github/kops.sha256 says $expected: not installed." >&2
  exit 1
fi

if [ -w /usr/local/bin ]; then
  install -m 0755 "$work/kops" /usr/local/bin/kops
else
  sudo install -m 0755 "$work/kops" /usr/local/bin/kops
fi
kops version --short
