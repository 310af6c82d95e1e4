using System.Globalization;
using System.Text;

namespace KopsPlatform.Kops;

/// <summary>
/// The bash the kops Commands run. Every script is safe to re-run after a failure at any step: it checks the pinned
/// kops version first, keeps its files in a private temp folder that it removes whenever it exits (success, failure,
/// INT or TERM; only a SIGKILL can leave it behind), feeds kops nothing secret on its command line, and sends kops's
/// own output to stderr so that stdout carries only the script's result.
/// </summary>
public static class KopsScripts
{
    /// <summary>Environment variable carrying the SSH public key text into the apply script.</summary>
    public const string SshPublicKeyVariable = "KOPS_SSH_PUBLIC_KEY";

    public const string DefaultKopsVersion = "1.36.2";

    /// <summary>The version check alone: what the cluster's owning Command runs on create and update.</summary>
    public static string Check(ClusterSettings cluster, string kopsVersion) => Preamble(cluster, kopsVersion).ToString();

    /// <summary>
    /// Creates or updates the cluster from the spec on stdin and prints an admin kubeconfig. Whether it is an update
    /// is read from the state store, not from Pulumi's verb: a spec change replaces the Command, so it runs as a create.
    /// </summary>
    public static string Apply(ClusterSettings cluster, string kopsVersion)
    {
        var script = Preamble(cluster, kopsVersion);
        script.AppendLine("""
            cat >"$work/spec.yaml"
            existed=false
            if cluster_exists; then existed=true; fi

            timeout 600 kops replace -f - --force <"$work/spec.yaml" >&2
            # kops keeps every key it is given and refuses to run with two: replace, don't add.
            timeout 120 kops delete sshpublickey "$cluster" </dev/null >&2
            printf '%s\n' "$KOPS_SSH_PUBLIC_KEY" >"$work/id.pub"
            timeout 120 kops create sshpublickey "$cluster" -i "$work/id.pub" </dev/null >&2
            timeout 1800 kops update cluster --name "$cluster" --yes </dev/null >&2
            """);
        script.AppendLine(CultureInfo.InvariantCulture, $"""
            export KUBECONFIG="$work/kubeconfig"
            timeout 120 kops export kubeconfig --name "$cluster" --admin={cluster.KubeconfigTtl} </dev/null >&2
            """);
        if (cluster.Validate)
        {
            script.AppendLine(CultureInfo.InvariantCulture, $"""
                timeout {DurationSeconds(cluster.ValidateTimeout) + 60} kops validate cluster --name "$cluster" --wait {cluster.ValidateTimeout} </dev/null >&2
                """);
        }

        // Rolling reads the cluster through the kubeconfig, and only after validation: a cluster whose first
        // apply failed half-way is brought up before anything is rolled.
        script.AppendLine(cluster.RollingUpdate
            ? """
              if [ "$existed" = true ]; then
                timeout 7200 kops rolling-update cluster --name "$cluster" --yes </dev/null >&2
              fi
              """
            : """
              if [ "$existed" = true ]; then
                echo "kops-platform: rolling updates are off for $cluster; roll changed instances with: kops rolling-update cluster --name $cluster --yes" >&2
              fi
              """);
        script.AppendLine("cat \"$KUBECONFIG\"");
        return script.ToString();
    }

    public static string AdminKubeconfig(ClusterSettings cluster, string kopsVersion) => throw new NotImplementedException();

    public static IReadOnlyList<string> PendingActions(string stderr) => throw new NotImplementedException();

    /// <summary>Deletes the cluster, or counts it as deleted when the state store no longer has it.</summary>
    public static string Delete(ClusterSettings cluster, string kopsVersion)
    {
        var script = Preamble(cluster, kopsVersion);
        script.AppendLine("""
            if ! cluster_exists; then
              echo "kops-platform: $cluster is not in the state store; counting it as deleted" >&2
              exit 0
            fi
            timeout 3600 kops delete cluster --name "$cluster" --yes </dev/null >&2
            """);
        return script.ToString();
    }

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

    private static StringBuilder Preamble(ClusterSettings cluster, string kopsVersion) => new StringBuilder()
        .AppendLine("set -euo pipefail")
        .AppendLine(CultureInfo.InvariantCulture, $"cluster={Quote(cluster.Name)}")
        .AppendLine(CultureInfo.InvariantCulture, $"pinned={Quote(kopsVersion)}")
        .AppendLine("""
            work=$(mktemp -d)
            trap 'rm -rf "$work"' EXIT
            trap 'exit 130' INT
            trap 'exit 143' TERM

            found=$(timeout 60 kops version --short </dev/null) || {
              echo "kops-platform: 'kops version' failed; install kops $pinned on PATH" >&2
              exit 1
            }
            if [ "${found#v}" != "$pinned" ]; then
              echo "kops-platform: kops $found is on PATH, but this stack pins kops $pinned (kops-platform:kopsVersion); install kops $pinned or change the pin" >&2
              exit 1
            fi

            # 0: the state store has the cluster; 1: kops says it has not; any other failure ends the script
            # (a missing credential or bucket must never pass for a deleted cluster).
            cluster_exists() {
              if timeout 120 kops get cluster "$cluster" </dev/null >/dev/null 2>"$work/get.err"; then
                return 0
              fi
              if grep -qF "cluster not found \"$cluster\"" "$work/get.err"; then
                return 1
              fi
              cat "$work/get.err" >&2
              exit 1
            }
            """);

    private static string Quote(string text) => $"'{text.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
