using System.Collections.Immutable;
using System.Globalization;
using KopsPlatform.Kops;

namespace KopsPlatform.Platform;

/// <summary>
/// What a stack records about each cluster in its <c>clusters</c> output: the settings kops can't take back, so the
/// next run can refuse a change kops can't make before anything is touched.
/// </summary>
/// <param name="AllowDelete">Whether that up stored a delete step that may delete the cluster.</param>
/// <param name="Irsa">Whether the cluster issues service-account tokens for IRSA; null in records from before the setting.</param>
public sealed record ClusterRecord(int Slot, string KubernetesVersion, int ControlPlaneCount, string ApiLoadBalancer, bool AllowDelete, bool? Irsa = null)
{
    public static ClusterRecord Of(ClusterSettings cluster) =>
        new(cluster.Slot, cluster.KubernetesVersion, cluster.ControlPlane.Count, cluster.ApiLoadBalancer.ToString(), cluster.AllowDelete, cluster.Irsa);

    public ImmutableDictionary<string, object> ToOutput()
    {
        var output = ImmutableDictionary<string, object>.Empty
            .Add("slot", Slot)
            .Add("kubernetesVersion", KubernetesVersion)
            .Add("controlPlaneCount", ControlPlaneCount)
            .Add("apiLoadBalancer", ApiLoadBalancer)
            .Add("allowDelete", AllowDelete);
        return Irsa is { } irsa ? output.Add("irsa", irsa) : output;
    }

    /// <summary>Reads a record back from a stack output; null when a field is missing or of another kind.</summary>
    public static ClusterRecord? FromOutput(object? value) =>
        value is IReadOnlyDictionary<string, object> fields
        && Number(fields, "slot") is { } slot
        && fields.GetValueOrDefault("kubernetesVersion") is string version
        && Number(fields, "controlPlaneCount") is { } controlPlaneCount
        && fields.GetValueOrDefault("apiLoadBalancer") is string apiLoadBalancer
            ? new ClusterRecord(
                slot, version, controlPlaneCount, apiLoadBalancer, fields.GetValueOrDefault("allowDelete") is true, fields.GetValueOrDefault("irsa") as bool?)
            : null;

    // Numbers come back from the engine as doubles.
    private static int? Number(IReadOnlyDictionary<string, object> fields, string name) =>
        fields.GetValueOrDefault(name) is IConvertible number and not string
            ? Convert.ToInt32(number, CultureInfo.InvariantCulture)
            : null;
}
