#!/usr/bin/env bash
# Downloads kops VERSION's CRDs (the Cluster and InstanceGroup schemas) and points KOPS_CRD_DIR at them for the
# following steps, so that `dotnet test` checks every rendered spec against kops's own schemas.
set -euo pipefail
version=${1:?usage: fetch-kops-crds.sh VERSION}
dir="${RUNNER_TEMP:?RUNNER_TEMP is set by GitHub Actions}/kops-crds-$version"
mkdir -p "$dir"
for kind in clusters instancegroups; do
  curl -fsSL --retry 3 -o "$dir/kops.k8s.io_$kind.yaml" \
    "https://raw.githubusercontent.com/kubernetes/kops/v$version/k8s/crds/kops.k8s.io_$kind.yaml"
done
echo "KOPS_CRD_DIR=$dir" >>"${GITHUB_ENV:?GITHUB_ENV is set by GitHub Actions}"
