using KopsPlatform.Migrate.Output;

namespace KopsPlatform.Migrate.KopsCluster;

/// <summary>What the team reads first: what was read and written, how much the first apply changes, and what to do next.</summary>
public static class KopsClusterSummary
{
    private static string Names(IEnumerable<string> names) => names.Any() ? $" ({string.Join(", ", names)})" : "";

    public static void Write(
        TextWriter output, StoredSpec stored, AdoptedCluster adopted, AdoptionReview review, string stack, string sources, string entryFile, string diffFile)
    {
        var settings = adopted.Settings;
        var network = adopted.Network;
        output.WriteLine($"kops-cluster {settings.Name} (from {sources}) -> stack {stack}");
        output.WriteLine($"  read: the Cluster and {stored.InstanceGroups.Count} InstanceGroups "
            + $"({string.Join(", ", stored.InstanceGroups.Select(group => StoredSpec.Text(group, "metadata", "name")))})");
        output.WriteLine($"  network: {network.VpcId} ({network.VpcCidr}); subnets in {string.Join(", ", network.AvailabilityZones)}, "
            + $"egress {string.Join(", ", network.NatGatewayIds)}");
        output.WriteLine($"  state store: s3://{adopted.Bucket} (kops-platform:stateStore.bucket)");
        output.WriteLine($"  control plane: {settings.ControlPlane.Count} x {settings.ControlPlane.MachineType}; "
            + $"workers: {string.Join(", ", settings.WorkerGroups().Select(group => group.PerZone ? $"{group.Name} (per zone)" : group.Name))}");
        output.WriteLine();
        output.WriteLine($"Wrote {entryFile} and {diffFile}.");

        var owned = review.Cluster.Count(difference => difference.Owner is not null);
        var kept = review.Cluster.Count(difference => difference.Kept);
        output.WriteLine($"The first apply would change {review.Count} things: {DiffFile.Count(review.Cluster.Count, "field", "fields")} of the Cluster "
            + $"({kept} kept by the suggested specOverrides, {owned} decided by settings), {DiffFile.Count(review.Groups.Count, "InstanceGroup field", "InstanceGroup fields")}, "
            + $"{DiffFile.Count(review.NotRendered.Count, "group", "groups")} deleted{Names(review.NotRendered.Select(group => group.Name))}, "
            + $"{review.Created.Count} created{Names(review.Created)}.");
        foreach (var note in adopted.Notes)
        {
            output.WriteLine($"  note: {note}");
        }

        output.WriteLine($"Next (README, \"Migrating from terraform-vpc and kops\", kops clusters): review both files; add the cluster's sshPublicKey "
            + $"and the specOverrides you keep to the entry and put it into Pulumi.{stack}.yaml; `pulumi preview --stack {stack} --diff`, whose kops "
            + $"plan must show nothing the diff doesn't; then `pulumi up --stack {stack}`.");
    }
}
