using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using KopsPlatform.Kops;

namespace KopsPlatform.Platform;

/// <summary>
/// What a stack records about each cluster in its <c>clusters</c> output: the settings kops can't take back, so the
/// next run can refuse a change kops can't make before anything is touched.
/// </summary>
/// <param name="AllowDelete">Whether that up stored a delete step that may delete the cluster.</param>
/// <param name="Slot">The cluster's slot; null for an adopted cluster, which has <paramref name="Subnets"/>.</param>
/// <param name="Irsa">Whether the cluster issues service-account tokens for IRSA; null in records from before the setting.</param>
/// <param name="Subnets">An adopted cluster's subnets, as <c>zone privateName=privateCidr utilityName=utilityCidr</c>.</param>
public sealed record ClusterRecord(
    int? Slot, string KubernetesVersion, int ControlPlaneCount, string ApiLoadBalancer, bool AllowDelete, bool? Irsa = null, ImmutableArray<string>? Subnets = null)
{
    public static ClusterRecord Of(ClusterSettings cluster) =>
        new(cluster.Slot, cluster.KubernetesVersion, cluster.ControlPlane.Count, cluster.ApiLoadBalancer.ToString(), cluster.AllowDelete, cluster.Irsa,
            cluster.Subnets is { } subnets ? [.. subnets.Select(Describe)] : null);

    /// <summary>What of an explicit subnet kops can't change: its zone, names and blocks.</summary>
    public static string Describe(ClusterSubnetSettings subnet) =>
        $"{subnet.Zone} {subnet.PrivateName ?? subnet.Zone}={subnet.PrivateCidr} {subnet.UtilityName ?? $"utility-{subnet.Zone}"}={subnet.UtilityCidr}";

    /// <summary>The blocks of the adopted subnets this record describes (<see cref="Describe"/>); none for a slot.</summary>
    public IEnumerable<IPNetwork> SubnetBlocks() =>
        Subnets is { } described
            ? described.SelectMany(subnet => subnet.Split(' ').Skip(1)).Select(named => IPNetwork.Parse(named[(named.IndexOf('=') + 1)..]))
            : [];

    public ImmutableDictionary<string, object> ToOutput()
    {
        var output = ImmutableDictionary<string, object>.Empty
            .Add("kubernetesVersion", KubernetesVersion)
            .Add("controlPlaneCount", ControlPlaneCount)
            .Add("apiLoadBalancer", ApiLoadBalancer)
            .Add("allowDelete", AllowDelete);
        output = Slot is { } slot ? output.Add("slot", slot) : output;
        output = Subnets is { } subnets ? output.Add("subnets", subnets) : output;
        return Irsa is { } irsa ? output.Add("irsa", irsa) : output;
    }

    /// <summary>Reads a record back from a stack output; null when a field is missing or of another kind.</summary>
    public static ClusterRecord? FromOutput(object? value) =>
        value is IReadOnlyDictionary<string, object> fields
        && (Number(fields, "slot") is not null || Texts(fields, "subnets") is not null)
        && fields.GetValueOrDefault("kubernetesVersion") is string version
        && Number(fields, "controlPlaneCount") is { } controlPlaneCount
        && fields.GetValueOrDefault("apiLoadBalancer") is string apiLoadBalancer
            ? new ClusterRecord(
                Number(fields, "slot"),
                version,
                controlPlaneCount,
                apiLoadBalancer,
                fields.GetValueOrDefault("allowDelete") is true,
                fields.GetValueOrDefault("irsa") as bool?,
                Texts(fields, "subnets"))
            : null;

    private static ImmutableArray<string>? Texts(IReadOnlyDictionary<string, object> fields, string name) =>
        fields.GetValueOrDefault(name) is IEnumerable<object> items && items.All(item => item is string)
            ? [.. items.Cast<string>()]
            : null;

    // Numbers come back from the engine as doubles.
    private static int? Number(IReadOnlyDictionary<string, object> fields, string name) =>
        fields.GetValueOrDefault(name) is IConvertible number and not string
            ? Convert.ToInt32(number, CultureInfo.InvariantCulture)
            : null;
}
