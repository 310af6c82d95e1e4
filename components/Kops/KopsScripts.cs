using System.Globalization;
using System.Text;
using KopsPlatform.Kops.Scripts;

namespace KopsPlatform.Kops;

/// <summary>
/// The bash the kops Commands run, composed of the steps in <see cref="KopsScriptSteps"/>. Every script is safe to
/// re-run after a failure at any step: it checks the pinned kops version first, keeps its files (the kubeconfig
/// included) in a private temp folder that it removes whenever it exits (success, failure, INT, TERM or HUP; only a
/// SIGKILL can leave it behind), stops kops's whole process group when cancelled, feeds kops nothing secret on its
/// command line, and sends kops's own output to stderr so that stdout carries only the script's result. Portable
/// bash 3.2 with POSIX tools: kops bounds its own waits, and the caller sets Pulumi customTimeouts.
/// </summary>
public static class KopsScripts
{
    /// <summary>Environment variable carrying the SSH public key text into the apply script.</summary>
    public const string SshPublicKeyVariable = "KOPS_SSH_PUBLIC_KEY";

    public const string DefaultKopsVersion = "1.36.2";

    /// <summary>The version check alone: what the cluster's owning Command runs on create and update.</summary>
    public static string Check(ClusterSettings cluster, string kopsVersion) => Script(cluster, kopsVersion, [], "check_version\n");

    /// <summary>
    /// Creates or updates the cluster from the spec on stdin and prints a kubeconfig with the API server and its CA
    /// but no credential. Whether it is an update is read from the state store, not from Pulumi's verb: a spec change
    /// replaces the Command, so it runs as a create. With rolling updates off, it writes a
    /// <see cref="KopsScriptSteps.PendingMarker"/> line to stderr for every command kops says is left to run
    /// (<see cref="PendingActions"/> reads them back).
    /// </summary>
    public static string Apply(ClusterSettings cluster, string kopsVersion)
    {
        List<string> steps =
        [
            KopsScriptSteps.ClusterExists(),
            KopsScriptSteps.SaveSpec(),
            KopsScriptSteps.RefuseIfRunningElsewhere(),
            KopsScriptSteps.FindDroppedGroups(),
            KopsScriptSteps.RefuseDroppingControlPlanes(),
            KopsScriptSteps.ReplaceSpec(),
            KopsScriptSteps.InstallSshKey(),
            KopsScriptSteps.DeleteDroppedGroups(),
            KopsScriptSteps.TeeOutput(),
            KopsScriptSteps.UpdateCluster(),
            cluster.RollingUpdate ? KopsScriptSteps.ReconcileCluster() : KopsScriptSteps.ReportPendingActions(),
            KopsScriptSteps.PrintKubeconfig(),
        ];
        var main = new StringBuilder("""
            check_version
            save_spec
            existed=false
            if cluster_exists; then existed=true; fi
            if [ "$existed" = true ]; then
              find_dropped_groups
              refuse_dropping_control_planes
            else
              refuse_if_running_elsewhere
            fi
            replace_spec

            """);

        // kops updates a cluster with encryptionConfig only once its store holds the encryptionconfig secret, and
        // stores the secret only for a stored cluster: right after replace, so that a store whose spec asks for
        // encryption lacks the key as briefly as possible. It is created once and kept ever after.
        if (cluster.EncryptionConfig)
        {
            steps.Add(KopsScriptSteps.WriteEncryptionConfig());
            steps.Add(KopsScriptSteps.CreateEncryptionSecret());
            main.Append("create_encryption_secret\n");
        }

        main.Append("""
            install_ssh_key
            if [ "$existed" = true ]; then
              delete_dropped_groups
            fi

            """);

        // A first create has nothing to roll: a plain update builds it. Changing a running cluster with rolling
        // updates on is reconcile's job: a plain update first would let new nodes launch a kubelet newer than the
        // control plane during an upgrade, and rolling-update never prunes what the change dropped.
        main.Append(cluster.RollingUpdate
            ? """
              if [ "$existed" = true ]; then
                reconcile_cluster
              else
                update_cluster
              fi

              """
            : """
              update_cluster
              if [ "$existed" = true ]; then
                report_pending_actions
              fi

              """);

        // Validation comes after the change, reconcile included: reconcile waits only for the control plane's API
        // and validates the cluster only around the instances it rolls, so a change that rolls nothing (or a first
        // create) would otherwise end unchecked. Validation mints its own credential; it needs no kubeconfig.
        if (cluster.Validate)
        {
            steps.Add(KopsScriptSteps.ValidateCluster(cluster.ValidateTimeout));
            main.Append("validate_cluster\n");
        }

        main.Append("print_kubeconfig\n");
        return Script(cluster, kopsVersion, steps, main.ToString());
    }

    /// <summary>
    /// Prints only an admin kubeconfig, valid for the cluster's kubeconfig TTL, for whoever needs a credential; the
    /// apply script never mints one.
    /// </summary>
    public static string AdminKubeconfig(ClusterSettings cluster, string kopsVersion) => Script(
        cluster,
        kopsVersion,
        [KopsScriptSteps.PrintKubeconfig(adminTtl: cluster.KubeconfigTtl)],
        """
        check_version
        print_kubeconfig

        """);

    /// <summary>
    /// Deletes the cluster, or counts it as deleted when the state store no longer has it. Unless the cluster's
    /// config set <see cref="ClusterSettings.AllowDelete"/>, it refuses to delete one that exists.
    /// </summary>
    public static string Delete(ClusterSettings cluster, string kopsVersion) => Script(
        cluster,
        kopsVersion,
        [KopsScriptSteps.ClusterExists(), cluster.AllowDelete ? KopsScriptSteps.DeleteCluster() : KopsScriptSteps.RefuseDelete()],
        $"""
        check_version
        if ! cluster_exists; then
          echo "kops-platform: $cluster is not in the state store; counting it as deleted" >&2
          exit 0
        fi
        {(cluster.AllowDelete ? "delete_cluster" : "refuse_delete")}

        """);

    /// <summary>
    /// Reads what the state store holds for the cluster, for <see cref="StoreDrift"/>; it runs in previews too, so it
    /// only reads, and it reports what it can't read instead of failing.
    /// </summary>
    public static string ReadStore(ClusterSettings cluster, string kopsVersion) =>
        Script(cluster, kopsVersion, [KopsScriptSteps.KopsUsable(), KopsScriptSteps.PrintStoredSpec()], "print_stored_spec\n");

    /// <summary>How long a plan may take before the script stops kops and reports it unavailable.</summary>
    public static readonly TimeSpan DefaultPlanBound = TimeSpan.FromSeconds(300);

    /// <summary>
    /// What kops would do with the spec on stdin, for <c>pulumi preview</c>, following kops's review workflow: it copies
    /// the cluster's part of the state store (KOPS_STATE_STORE, read once by aws) into the private temp folder, stores
    /// the spec there with configBase pointing at the copy, and runs <c>kops update cluster</c> without --yes on the
    /// copy. With <see cref="ClusterSettings.EncryptionConfig"/>, the copy gets the encryptionconfig secret kops's update
    /// needs when it lacks one, as the apply gives the store (<see cref="KopsScriptSteps.EncryptionSecretInCopy"/>).
    /// It never writes to the bucket, passes no --yes and touches no SSH key; kops gets only the copy. Stdout is
    /// <see cref="KopsScriptSteps.Planned"/> and kops's dry-run report, or one line <c>unavailable: why</c>; both exit
    /// 0, so that the caller decides what a missing plan means. The copy, replace and update together get
    /// <paramref name="bound"/> (default <see cref="DefaultPlanBound"/>), after which the script stops them and reports
    /// why.
    /// </summary>
    public static string Plan(ClusterSettings cluster, string kopsVersion, TimeSpan? bound = null) => Script(
        cluster,
        kopsVersion,
        [
            KopsScriptSteps.KopsUsable(),
            KopsScriptSteps.SaveSpec(),
            KopsScriptSteps.PointConfigBaseAtCopy(),
            KopsScriptSteps.TeeOutput(),
            KopsScriptSteps.CopyStore(),
            .. cluster.EncryptionConfig ? [KopsScriptSteps.WriteEncryptionConfig(), KopsScriptSteps.EncryptionSecretInCopy()] : Array.Empty<string>(),
            KopsScriptSteps.PlanInCopy(encryptionSecret: cluster.EncryptionConfig),
            KopsScriptSteps.WithinBound(bound ?? DefaultPlanBound),
        ],
        $$"""
        # aws reads the bucket, once; kops gets only the copy, and without KOPS_STATE_STORE no call can fall back to it.
        bucket=${KOPS_STATE_STORE:-}
        unset KOPS_STATE_STORE
        save_spec
        kops_usable || exit 0
        point_config_base_at_copy
        # The job's report goes to a file, printed only once the job has ended: a watchdog stopping it mid-way can't
        # leave half a plan on stdout.
        if run_in_own_group within_bound copy_store plan_in_copy >"$work/report"; then
          cat "$work/report"
        else
          echo "{{StoreDrift.Unavailable}}: $(cat "$work/expired" 2>/dev/null || echo "the plan was stopped from outside")"
        fi

        """);

    /// <summary>The kops commands the apply script reported as still to run (its pending-marker lines in stderr), in order.</summary>
    public static IReadOnlyList<string> PendingActions(string stderr) =>
    [
        .. stderr.Split('\n')
            .Where(line => line.StartsWith(KopsScriptSteps.PendingMarker, StringComparison.Ordinal))
            .Select(line => line[KopsScriptSteps.PendingMarker.Length..].TrimEnd('\r')),
    ];

    /// <summary>Seconds in a kops duration such as <c>15m</c>, <c>1h</c> or <c>90s</c>.</summary>
    public static int DurationSeconds(string duration)
    {
        var value = int.Parse(duration[..^1], NumberStyles.None, CultureInfo.InvariantCulture);
        return duration[^1] switch
        {
            's' => value,
            'm' => value * 60,
            'h' => value * 3600,
            _ => throw new FormatException($"'{duration}' is not a duration such as 15m."),
        };
    }

    /// <summary>The preamble, the functions every script needs and the given ones, the temp folder and traps, then the main part.</summary>
    private static string Script(ClusterSettings cluster, string kopsVersion, IEnumerable<string> steps, string main) => string.Concat(
        [
            KopsScriptSteps.Preamble(cluster, kopsVersion),
            KopsScriptSteps.RunInOwnGroup(),
            KopsScriptSteps.Cancel(),
            KopsScriptSteps.CheckVersion(),
            .. steps,
            KopsScriptSteps.PrivateFolderAndTraps(),
            main,
        ]);
}
