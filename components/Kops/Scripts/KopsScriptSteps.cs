using System.Globalization;

namespace KopsPlatform.Kops.Scripts;

/// <summary>
/// The steps <see cref="KopsScripts"/> composes its bash from: each method returns one bash function (or, for
/// <see cref="Preamble"/>, the setup every script starts with). Every kops call names the cluster with --name, reads
/// nothing from stdin but the spec, writes its output to stderr, and runs through <c>run_in_own_group</c>.
/// </summary>
public static class KopsScriptSteps
{
    /// <summary>What the apply script writes to stderr, before a command the operator must still run.</summary>
    public const string PendingMarker = "kops-platform: pending: ";

    /// <summary>The first line of a plan's stdout when kops planned; kops's dry-run report follows.</summary>
    public const string Planned = "planned";

    /// <summary>
    /// Strict mode, the cluster and the pinned version, then (after the functions, which the traps call) the private
    /// temp folder, the traps and the kubeconfig location: <see cref="PrivateFolderAndTraps"/>.
    /// </summary>
    public static string Preamble(ClusterSettings cluster, string kopsVersion) => string.Create(CultureInfo.InvariantCulture, $"""
        set -euo pipefail
        cluster={Quote(cluster.Name)}
        pinned={Quote(kopsVersion)}
        # kops takes the cluster from KOPS_CLUSTER_NAME when a command names none, and fails on a positional name beside it.
        unset KOPS_CLUSTER_NAME
        child=

        """);

    /// <summary>
    /// The private temp folder, removed on every exit; the signal traps; and KUBECONFIG inside the folder, as kops
    /// writes contexts into $KUBECONFIG, else into ~/.kube/config, which no script may touch.
    /// </summary>
    public static string PrivateFolderAndTraps() => """
        work=$(mktemp -d)
        trap 'rm -rf "$work"' EXIT
        trap 'cancel 130' INT
        trap 'cancel 143' TERM
        trap 'cancel 129' HUP
        export KUBECONFIG="$work/kubeconfig"

        """;

    /// <summary>
    /// Runs a command as a background job and waits for it. Job control (<c>set -m</c>) gives the job a process group
    /// of its own, which <see cref="Cancel"/> stops as a whole; it is off again while waiting, so that bash reports
    /// no job status. A trapped signal interrupts <c>wait</c> at once, where it would wait for a foreground command.
    /// </summary>
    public static string RunInOwnGroup() => """
        run_in_own_group() {
          local status=0
          set -m
          "$@" &
          child=$!
          set +m
          wait "$child" || status=$?
          child=
          return "$status"
        }

        """;

    /// <summary>
    /// A cancel (Pulumi sends bash INT or TERM; a lost terminal sends HUP) stops the running command's whole process
    /// group, waits for it, and exits non-zero; the EXIT trap then removes the temp folder. No kops is left running.
    /// </summary>
    public static string Cancel() => """
        cancel() {
          trap '' INT TERM HUP
          if [ -n "$child" ]; then
            kill -TERM -- "-$child" 2>/dev/null || true
            wait "$child" 2>/dev/null || true
          fi
          exit "$1"
        }

        """;

    /// <summary>Copies a command's output to stderr and into a file, for the steps that read what kops said.</summary>
    public static string TeeOutput() => """
        tee_output() {
          local file=$1
          shift
          "$@" 2>&1 | tee "$file" >&2
        }

        """;

    public static string CheckVersion() => """
        check_version() {
          if ! run_in_own_group kops version --short </dev/null >"$work/version"; then
            echo "kops-platform: 'kops version' failed; install kops $pinned on PATH" >&2
            exit 1
          fi
          local found
          found=$(cat "$work/version")
          if [ "${found#v}" != "$pinned" ]; then
            echo "kops-platform: kops $found is on PATH, but this stack pins kops $pinned (kops-platform:kopsVersion); install kops $pinned or change the pin" >&2
            exit 1
          fi
        }

        """;

    /// <summary>
    /// 0: the state store has the cluster; 1: kops says it has not; any other failure ends the script (a missing
    /// credential or bucket must never pass for a missing cluster).
    /// </summary>
    public static string ClusterExists() => """
        cluster_exists() {
          if run_in_own_group kops get cluster --name "$cluster" </dev/null >/dev/null 2>"$work/get.err"; then
            return 0
          fi
          if grep -qF "cluster not found \"$cluster\"" "$work/get.err"; then
            return 1
          fi
          cat "$work/get.err" >&2
          exit 1
        }

        """;

    public static string SaveSpec() => """
        save_spec() {
          cat >"$work/spec.yaml"
        }

        """;

    /// <summary>
    /// Before creating a cluster the state store lacks: kops tags what it owns <c>KubernetesCluster=NAME</c>, so tagged
    /// resources mean the cluster runs, most likely recorded in another state store, and a second create would fight
    /// it over them. A failing AWS CLI stops the script: not knowing is no reason to create.
    /// </summary>
    public static string RefuseIfRunningElsewhere() => """
        refuse_if_running_elsewhere() {
          local region=${AWS_REGION:?kops-platform: AWS_REGION must name the cluster region}
          if ! run_in_own_group aws ec2 describe-tags --region "$region" \
              --filters Name=key,Values=KubernetesCluster "Name=value,Values=$cluster" --output text </dev/null >"$work/tags"; then
            echo "kops-platform: could not list the resources tagged KubernetesCluster=$cluster in $region with the AWS CLI (is it installed, with credentials?); refusing to create $cluster without knowing that none exist" >&2
            exit 1
          fi
          if [ -s "$work/tags" ]; then
            echo "kops-platform: refusing to create cluster $cluster: the state store ${KOPS_STATE_STORE:-} has no such cluster, but $(awk 'END { print NR }' "$work/tags") resources in $region are tagged KubernetesCluster=$cluster, so it most likely runs, recorded in another state store than KOPS_STATE_STORE. Point kops-platform:stateStore.bucket at the store that created it. If they are leftovers of a deleted cluster, delete them first." >&2
            exit 1
          fi
        }

        """;

    /// <summary>
    /// Writes "name role" to $work/dropped for every instance group kops has for the cluster that the spec no longer
    /// names. kops prints one JSON object for a single group, else a list; a small JSON reader (no jq on every
    /// machine) takes metadata.name and spec.role of each.
    /// </summary>
    public static string FindDroppedGroups() => """
        find_dropped_groups() {
          run_in_own_group kops get instancegroups --name "$cluster" -o json </dev/null >"$work/groups.json"
          awk '
            { text = text $0 "\n" }
            END {
              n = length(text)
              for (i = 1; i <= n; i++) {
                c = substr(text, i, 1)
                if (c == "{") { depth++; type[depth] = "object"; key[depth] = ""; expect_key = 1 }
                else if (c == "[") { depth++; type[depth] = "list"; key[depth] = 0 }
                else if (c == "}" || c == "]") depth--
                else if (c == ",") { if (type[depth] == "object") expect_key = 1; else key[depth]++ }
                else if (c == "\"") {
                  value = ""
                  for (i++; i <= n && (c = substr(text, i, 1)) != "\""; i++) {
                    if (c == "\\") c = substr(text, ++i, 1)
                    value = value c
                  }
                  if (type[depth] == "object" && expect_key) { key[depth] = value; expect_key = 0; continue }
                  first = type[1] == "list" ? 2 : 1
                  group = type[1] == "list" ? key[1] : 0
                  path = key[first]
                  for (d = first + 1; d <= depth; d++) path = path "." key[d]
                  if (path == "metadata.name") name[group] = value
                  if (path == "spec.role") role[group] = value
                }
              }
              for (group in name) print name[group], role[group]
            }' "$work/groups.json" >"$work/groups"
          awk '
            function flush() { if (kind == "InstanceGroup") print name; kind = ""; name = "" }
            /^---$/ { flush(); next }
            /^kind:/ { kind = $2 }
            /^[A-Za-z]/ { metadata = $1 == "metadata:" }
            metadata && /^  name:/ { name = $2 }
            END { flush() }' "$work/spec.yaml" >"$work/kept"
          awk 'NR == FNR { kept[$1] = 1; next } !($1 in kept)' "$work/kept" "$work/groups" >"$work/dropped"
        }

        """;

    /// <summary>kops cannot remove etcd members: a control plane only grows, so dropping one of its groups is refused.</summary>
    public static string RefuseDroppingControlPlanes() => """
        refuse_dropping_control_planes() {
          local groups
          groups=$(awk '$2 == "ControlPlane" || $2 == "Master" { printf "%s ", $1 }' "$work/dropped")
          if [ -n "$groups" ]; then
            echo "kops-platform: refusing to remove the control-plane instance groups ${groups}from cluster $cluster: kops cannot remove etcd members, so a control plane can only grow. Set controlPlane.count back to its current value; nothing was changed." >&2
            exit 1
          fi
        }

        """;

    public static string ReplaceSpec() => """
        replace_spec() {
          run_in_own_group kops replace -f - --force <"$work/spec.yaml" >&2
        }

        """;

    /// <summary>kops keeps every SSH key it is given and refuses to update with two: replace the key, never add one.</summary>
    public static string InstallSshKey() => string.Create(CultureInfo.InvariantCulture, $$"""
        install_ssh_key() {
          run_in_own_group kops delete sshpublickey --name "$cluster" </dev/null >&2
          printf '%s\n' "${{{KopsScripts.SshPublicKeyVariable}}:?kops-platform: {{KopsScripts.SshPublicKeyVariable}} must hold the SSH public key}" >"$work/id.pub"
          run_in_own_group kops create sshpublickey --name "$cluster" -i "$work/id.pub" </dev/null >&2
        }

        """);

    /// <summary>What kops 1.36 says, without --force, when the cluster already has an encryptionconfig secret.</summary>
    public const string EncryptionSecretExists = "failed to create the encryptionconfig secret as it already exists";

    /// <summary>
    /// Writes a Kubernetes EncryptionConfiguration to the file given ($1, in the private folder): Secrets encrypted
    /// with aescbc under a fresh 32-byte key from /dev/urandom, and identity second, so that what was stored before
    /// encryption stays readable. The key goes from base64 straight into the file (mode 0600): it is never a shell
    /// variable or a command-line word, so neither a trace (<c>set -x</c>) nor a process listing shows it. Fails,
    /// saying why on stderr, when no key came out (no /dev/urandom, no base64).
    /// </summary>
    public static string WriteEncryptionConfig() => """
        write_encryption_config() {
          local file=$1
          (
            umask 077
            {
              printf '%s\n' 'apiVersion: apiserver.config.k8s.io/v1' 'kind: EncryptionConfiguration' 'resources:' \
                '  - resources:' '      - secrets' '    providers:' '      - aescbc:' '          keys:' '            - name: key1'
              printf '              secret: "'
              head -c 32 /dev/urandom | base64 | tr -d '\n'
              printf '"\n'
              printf '%s\n' '      - identity: {}'
            } >"$file"
          )
          if ! grep -q '^              secret: "[A-Za-z0-9+/]\{43\}="$' "$file"; then
            echo "kops-platform: could not generate an encryption key (head -c 32 /dev/urandom | base64)" >&2
            return 1
          fi
        }

        """;

    /// <summary>
    /// Puts the encryption-at-rest key into the state store, once: kops refuses to update a cluster with
    /// encryptionConfig and no encryptionconfig secret, and needs the cluster stored first. Without --force kops
    /// keeps a secret that exists and says so; that exact answer is success, as a new key would leave everything the
    /// old one encrypted unreadable. Any other failure ends the script with kops's words. The key file lives in the
    /// private folder only while kops reads it; the key reaches no command line and no output.
    /// </summary>
    public static string CreateEncryptionSecret() => string.Create(CultureInfo.InvariantCulture, $$"""
        create_encryption_secret() {
          write_encryption_config "$work/encryptionconfig.yaml" || exit 1
          local status=0
          run_in_own_group kops create secret encryptionconfig -f "$work/encryptionconfig.yaml" --name "$cluster" </dev/null >&2 2>"$work/secret.err" || status=$?
          rm -f "$work/encryptionconfig.yaml"
          if [ "$status" -eq 0 ]; then
            cat "$work/secret.err" >&2
            return 0
          fi
          if grep -qF '{{EncryptionSecretExists}}' "$work/secret.err"; then
            echo "kops-platform: the state store already holds the encryptionconfig secret of $cluster; keeping it (a new key would leave what the old one encrypted unreadable)" >&2
            return 0
          fi
          cat "$work/secret.err" >&2
          echo "kops-platform: kops could not store the encryptionconfig secret of $cluster" >&2
          exit 1
        }

        """);

    /// <summary>
    /// replace never deletes an instance group the spec stopped naming, and update would keep it running, or fail
    /// on it when it names a subnet that is gone: delete each one (kops deletes its instances at once).
    /// </summary>
    public static string DeleteDroppedGroups() => """
        delete_dropped_groups() {
          local group role
          while read -r group role; do
            run_in_own_group kops delete instancegroup "$group" --name "$cluster" --yes </dev/null >&2
          done <"$work/dropped"
        }

        """;

    /// <summary>Applies the stored spec to the cloud, keeping kops's output for <see cref="ReportPendingActions"/>.</summary>
    public static string UpdateCluster() => """
        update_cluster() {
          run_in_own_group tee_output "$work/update.log" kops update cluster --name "$cluster" --yes --create-kube-config=false </dev/null
        }

        """;

    /// <summary>
    /// With rolling updates off, what kops's update said is left to do, one marker line per command: it says
    /// instances may need a restart after every update of an existing cluster, and logs each deferred deletion
    /// (dropped security-group rules, old load balancers) that only an update with --prune carries out.
    /// </summary>
    public static string ReportPendingActions() => string.Create(CultureInfo.InvariantCulture, $$"""
        report_pending_actions() {
          if grep -qF 'Changes may require instances to restart: kops rolling-update cluster' "$work/update.log"; then
            echo "{{PendingMarker}}kops rolling-update cluster --name $cluster --yes" >&2
          fi
          if grep -qF 'because it is marked for deferred-deletion' "$work/update.log"; then
            echo "{{PendingMarker}}kops update cluster --name $cluster --prune --yes" >&2
          fi
        }

        """);

    /// <summary>
    /// Updates and rolls the control plane first, then the nodes, then prunes: no kubelet is ever newer than its API
    /// server, and dropped security-group rules close.
    /// </summary>
    public static string ReconcileCluster() => """
        reconcile_cluster() {
          run_in_own_group kops reconcile cluster --name "$cluster" --yes </dev/null >&2
        }

        """;

    /// <summary>kops validate mints its own credential, so it needs no kubeconfig; it exits non-zero when --wait runs out.</summary>
    public static string ValidateCluster(string timeout) => string.Create(CultureInfo.InvariantCulture, $$"""
        validate_cluster() {
          run_in_own_group kops validate cluster --name "$cluster" --wait {{timeout}} </dev/null >&2
        }

        """);

    /// <summary>
    /// Prints the cluster's kubeconfig: without <paramref name="adminTtl"/> only the API server and its CA (kops 1.19
    /// and later export no user then); with it, also an admin credential valid that long.
    /// </summary>
    public static string PrintKubeconfig(string? adminTtl = null) => string.Create(CultureInfo.InvariantCulture, $$"""
        print_kubeconfig() {
          run_in_own_group kops export kubeconfig --name "$cluster"{{(adminTtl is null ? "" : $" --admin={adminTtl}")}} </dev/null >&2
          cat "$KUBECONFIG"
        }

        """);

    public static string DeleteCluster() => """
        delete_cluster() {
          run_in_own_group kops delete cluster --name "$cluster" --yes </dev/null >&2
        }

        """;

    /// <summary>
    /// The delete step a cluster gets unless its config set allowDelete: Pulumi runs the delete script stored at the
    /// last successful up, so deleting takes two reviewed changes.
    /// </summary>
    public static string RefuseDelete() => """
        refuse_delete() {
          echo "kops-platform: refusing to delete cluster $cluster: its config did not set allowDelete: true at the last successful up. To delete it, set allowDelete: true on the cluster in kops-platform:clusters, run pulumi up, then remove the cluster and run pulumi up again." >&2
          exit 1
        }

        """;

    /// <summary>
    /// Succeeds when the pinned kops is on PATH; else prints <c>unavailable: why</c> on stdout and fails. For the scripts
    /// that run in previews and never fail: a machine without kops or the pinned version can still preview, and the
    /// reason is shown instead.
    /// </summary>
    public static string KopsUsable() => string.Create(CultureInfo.InvariantCulture, $$"""
        kops_usable() {
          if ! command -v kops >/dev/null 2>&1; then
            echo "{{StoreDrift.Unavailable}}: kops is not on PATH"
            return 1
          fi
          if ! run_in_own_group kops version --short </dev/null >"$work/version" 2>/dev/null; then
            echo "{{StoreDrift.Unavailable}}: 'kops version' failed"
            return 1
          fi
          if [ "$(sed 's/^v//' "$work/version")" != "$pinned" ]; then
            echo "{{StoreDrift.Unavailable}}: kops $(cat "$work/version") is on PATH, but the stack pins kops $pinned"
            return 1
          fi
        }

        """);

    /// <summary>
    /// Prints the cluster's stored documents for <see cref="StoreDrift"/>: a status line (<c>stored</c>, then the
    /// Cluster and its InstanceGroups; <c>absent</c>; or <c>unavailable: why</c>). Read-only, and it never fails; it
    /// needs <see cref="KopsUsable"/>.
    /// </summary>
    public static string PrintStoredSpec() => string.Create(CultureInfo.InvariantCulture, $$"""
        print_stored_spec() {
          kops_usable || return 0
          if ! run_in_own_group kops get cluster --name "$cluster" -o yaml </dev/null >"$work/cluster.yaml" 2>"$work/get.err"; then
            if grep -qF "cluster not found \"$cluster\"" "$work/get.err"; then
              echo "{{StoreDrift.Absent}}"
            else
              echo "{{StoreDrift.Unavailable}}: $(head -n 1 "$work/get.err")"
            fi
            return
          fi
          if ! run_in_own_group kops get instancegroups --name "$cluster" -o yaml </dev/null >"$work/groups.yaml" 2>"$work/get.err"; then
            echo "{{StoreDrift.Unavailable}}: $(head -n 1 "$work/get.err")"
            return
          fi
          echo "{{StoreDrift.Stored}}"
          cat "$work/cluster.yaml"
          echo "---"
          cat "$work/groups.yaml"
        }

        """);

    /// <summary>
    /// Runs the given steps in turn, up to the first that fails (each says why on stdout). Only ever as
    /// <c>run_in_own_group</c>'s job, since <c>kill 0</c> signals the caller's process group: a watchdog beside the
    /// steps, in that group, writes why to $work/expired after <paramref name="bound"/> and stops the whole group
    /// (aws, kops, the job and itself), so a hung kops or aws can't hold a preview. When the steps end first, the job
    /// stops the group the same way, ignoring the signal itself, so the watchdog and its sleep end with it; a cancel
    /// stops them with the rest of the group. Signalling only its own group, the watchdog can't hit a process that
    /// reused a pid even when a SIGKILL orphaned it. The steps run their commands directly: a run_in_own_group inside
    /// would move them out of the group.
    /// </summary>
    public static string WithinBound(TimeSpan bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, TimeSpan.FromSeconds(1));
        var seconds = (int)Math.Ceiling(bound.TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            within_bound() {
              ( sleep {{seconds}}; echo "no result within {{seconds}} s, the bound kops-platform sets; it stopped kops and aws" >"$work/expired"; kill -TERM 0 ) </dev/null >/dev/null 2>&1 &
              trap 'trap "" TERM; kill -TERM 0' EXIT
              local step
              for step in "$@"; do
                "$step" || break
              done
            }

            """);
    }

    /// <summary>
    /// Copies the cluster's part of the state store ($bucket) into $work/store, as kops's review workflow does: a
    /// download only, which read-only credentials allow. A cluster not yet in the store gets an empty copy. It leaves
    /// out etcd-manager's backups (backups/ beside the cluster's config), which kops's update never reads and which grow
    /// with every day the cluster runs. Runs in <see cref="WithinBound"/>.
    /// </summary>
    public static string CopyStore() => string.Create(CultureInfo.InvariantCulture, $$"""
        copy_store() {
          if ! command -v aws >/dev/null 2>&1; then
            echo "{{StoreDrift.Unavailable}}: the AWS CLI (aws) is not on PATH"
            return 1
          fi
          mkdir -p "$work/store"
          if ! aws s3 sync "${bucket%/}/$cluster/" "$work/store/$cluster" --exclude 'backups/*' </dev/null >/dev/null 2>"$work/aws.err"; then
            cat "$work/aws.err" >&2
            echo "{{StoreDrift.Unavailable}}: aws s3 sync ${bucket%/}/$cluster/ failed: $(head -n 1 "$work/aws.err")"
            return 1
          fi
        }

        """);

    /// <summary>
    /// The spec to plan, in $work/plan.yaml: the documents from stdin with the Cluster's configBase (where kops reads and
    /// writes the cluster's keys and secrets) pointing at the copy, so that kops never reaches the bucket through it.
    /// Only the Cluster has a configBase.
    /// </summary>
    public static string PointConfigBaseAtCopy() => """
        point_config_base_at_copy() {
          copy="file://$work/store/$cluster" awk '/^  configBase: / { $0 = "  configBase: " ENVIRON["copy"] } { print }' "$work/spec.yaml" >"$work/plan.yaml"
        }

        """;

    /// <summary>
    /// kops's review on the copy: replace stores the planned spec there, and update without --yes prints the plan, its
    /// dry-run report (stdout and stderr merged, as kops prints them). Both name the copy with --state, and the script
    /// unsets KOPS_STATE_STORE, so no call falls back to the bucket. With <paramref name="encryptionSecret"/>, between
    /// the two, <see cref="EncryptionSecretInCopy"/> gives the copy the encryptionconfig secret kops's update needs, as
    /// the apply gives the store. Prints <see cref="Planned"/> and the report, or <c>unavailable: why</c>; kops's output
    /// also goes to stderr. Runs in <see cref="WithinBound"/>.
    /// </summary>
    public static string PlanInCopy(bool encryptionSecret)
    {
        var secret = encryptionSecret ? "  encryption_secret_in_copy || return 1" : "";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            plan_in_copy() {
              if ! tee_output "$work/replace.log" kops replace -f - --force --state "file://$work/store" <"$work/plan.yaml"; then
                echo "{{StoreDrift.Unavailable}}: kops replace failed on the copy of the state store: $(tail -n 1 "$work/replace.log")"
                return 1
              fi
            {{secret}}
              if ! tee_output "$work/plan.log" kops update cluster --name "$cluster" --state "file://$work/store" --create-kube-config=false </dev/null; then
                echo "{{StoreDrift.Unavailable}}: kops update cluster failed: $(tail -n 1 "$work/plan.log")"
                return 1
              fi
              echo "{{Planned}}"
              cat "$work/plan.log"
            }

            """);
    }

    /// <summary>
    /// The plan's counterpart of <see cref="CreateEncryptionSecret"/>, on the copy only (--state, no --force): kops's
    /// update, dry run included, refuses a cluster with encryptionConfig and no encryptionconfig secret. The copy of a
    /// cluster that has one holds the store's own (the same download as the cluster's other keys), and kops keeps it,
    /// so the plan hashes the key the cluster runs with and shows no change where there is none; a cluster without
    /// one, such as a new cluster, gets a throwaway key, as the apply will give it a fresh one. Nothing reaches the
    /// bucket, and the key file goes as soon as kops has read it. Prints <c>unavailable: why</c> on any other failure.
    /// Runs in <see cref="WithinBound"/>, so kops runs directly.
    /// </summary>
    public static string EncryptionSecretInCopy() => string.Create(CultureInfo.InvariantCulture, $$"""
        encryption_secret_in_copy() {
          if ! write_encryption_config "$work/encryptionconfig.yaml"; then
            echo "{{StoreDrift.Unavailable}}: could not generate an encryption key for the copy of the state store (head -c 32 /dev/urandom | base64)"
            return 1
          fi
          local status=0
          kops create secret encryptionconfig -f "$work/encryptionconfig.yaml" --name "$cluster" --state "file://$work/store" </dev/null >&2 2>"$work/secret.err" || status=$?
          rm -f "$work/encryptionconfig.yaml"
          cat "$work/secret.err" >&2
          if [ "$status" -ne 0 ] && ! grep -qF '{{EncryptionSecretExists}}' "$work/secret.err"; then
            echo "{{StoreDrift.Unavailable}}: kops create secret encryptionconfig failed on the copy of the state store: $(tail -n 1 "$work/secret.err")"
            return 1
          fi
        }

        """);

    private static string Quote(string text) => $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
