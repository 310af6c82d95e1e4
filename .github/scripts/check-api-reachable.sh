#!/usr/bin/env bash
# Before `pulumi up`: can this machine reach the API of every cluster the stack already has? kops validates the
# cluster and rolls its instances through the API, so an up from a machine outside the cluster's apiAccess (or
# outside the VPC, for an internal API load balancer) would change the cloud and then fail half-way. This fails
# first, naming the runner variable to set.
#
# Usage: check-api-reachable.sh STACK   (the Pulumi CLI logged in; reads only the non-secret clusterKubeconfigs
# output, whose kubeconfigs name each API server). API_CHECK_TIMEOUT: seconds per API server (default 10).
# Portable: bash 3.2 and POSIX tools, no GNU timeout; the TCP connection is bash's /dev/tcp.
set -euo pipefail
stack=${1:?usage: check-api-reachable.sh STACK}
timeout=${API_CHECK_TIMEOUT:-10}
case "$timeout" in
  '' | *[!0-9]* | 0) echo "::error::API_CHECK_TIMEOUT must be a whole number of seconds, not '$timeout'" >&2; exit 2 ;;
esac

# reachable HOST PORT: a TCP connection opens within $timeout seconds. The attempt runs in a process group of its
# own with a watchdog that stops the group at the deadline; an attempt that ends first stops the watchdog and its
# sleep the same way, ignoring the signal itself.
attempt() {
  (sleep "$timeout"; kill -TERM 0) </dev/null >/dev/null 2>&1 &
  local status=0
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null || status=1
  trap '' TERM
  kill -TERM 0 2>/dev/null || true
  exit "$status"
}
reachable() {
  local pid status=0
  set -m
  attempt "$1" "$2" &
  pid=$!
  set +m
  wait "$pid" || status=$?
  return "$status"
}

if ! outputs=$(pulumi stack output --stack "$stack" --json); then
  echo "::error::could not read the outputs of stack $stack (is the Pulumi CLI logged in?)" >&2
  exit 1
fi
case "$outputs" in
  *'"clusterKubeconfigs"'*) ;;
  *)
    echo "::notice::stack $stack has deployed no cluster yet (no clusterKubeconfigs output): no API to check"
    exit 0
    ;;
esac
kubeconfigs=$(pulumi stack output clusterKubeconfigs --stack "$stack" --json)

# The kubeconfigs are JSON strings, so their lines are joined by \n: a server URL ends at a backslash or a quote.
servers=$(printf '%s\n' "$kubeconfigs" | grep -oE 'server: *https://[^"\\ ]+' | sed -E 's/^server: *//' | sort -u || true)
if [ -z "$servers" ]; then
  echo "::notice::stack $stack has no cluster yet: no API to check"
  exit 0
fi

failed=0
for server in $servers; do
  hostport=${server#https://}
  hostport=${hostport%%/*}
  case "$hostport" in
    *:*) host=${hostport%:*} port=${hostport##*:} ;;
    *) host=$hostport port=443 ;;
  esac
  if reachable "$host" "$port"; then
    echo "API $server: reachable from this runner"
  else
    failed=1
    echo "::error::the API server $server of a cluster in stack $stack is not reachable from this runner (no TCP connection to $host:$port within $timeout s). pulumi up would change the cluster and then fail when kops validates or rolls it. Run deploys on a runner inside the cluster's apiAccess, or inside the VPC (its admin tier) for an internal API load balancer, by setting the repository variable DEPLOY_RUNNER to that runner's label (README: CI, The deploy runner)." >&2
  fi
done
exit "$failed"
