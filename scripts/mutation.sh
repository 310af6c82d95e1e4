#!/usr/bin/env bash
# Mutation testing with Stryker.NET, the version pinned in .config/dotnet-tools.json; nothing but the NuGet
# registry is needed. Not part of .ci/run: a whole run takes about 50 minutes on 2 cores.
#
#   scripts/mutation.sh [components|infra|all] [--since[:REF]]
#
# components and infra are mutated one at a time (a score per project); --since mutates only the files changed
# since REF (default main), for a quick check of a change. Stryker runs from tests/, where its config is
# (tests/stryker-config.json), which leaves out the end-to-end tests against moto: they cover the code the stack
# tests cover, at seconds a run. Reports: tests/StrykerOutput/<project>/reports/.
set -euo pipefail

cd "$(dirname "$0")/.."
if [ -f ../shared/pulumi-offline/env.sh ]; then
  . ../shared/pulumi-offline/env.sh
fi

which=${1:-all}
since=${2:-}
case "$which" in
  components) projects="Components" ;;
  infra) projects="Infra" ;;
  all) projects="Components Infra" ;;
  *) echo "usage: scripts/mutation.sh [components|infra|all] [--since[:REF]]" >&2; exit 2 ;;
esac
case "$since" in
  "" | --since | --since:*) ;;
  *) echo "usage: scripts/mutation.sh [components|infra|all] [--since[:REF]]" >&2; exit 2 ;;
esac

dotnet tool restore >/dev/null
cd tests
for project in $projects; do
  output="StrykerOutput/$(echo "$project" | tr '[:upper:]' '[:lower:]')"
  rm -rf "$output"
  # shellcheck disable=SC2086 # $since is one optional word
  dotnet stryker --config-file stryker-config.json --project "KopsPlatform.$project.csproj" \
    --output "$output" --skip-version-check $since
done
