using KopsPlatform.Migrate.Input;
using KopsPlatform.Migrate.Output;

namespace KopsPlatform.Migrate.KopsCluster;

/// <summary>The <c>kops-cluster</c> command's options.</summary>
/// <param name="ClusterYaml">What <c>kops get cluster NAME -o yaml</c> printed.</param>
/// <param name="InstanceGroupsYaml">What <c>kops get instancegroups --name NAME -o yaml</c> printed.</param>
/// <param name="Force">Write into an output folder that already holds files.</param>
public sealed record KopsClusterRequest(string ClusterYaml, string InstanceGroupsYaml, string Stack, string Out, bool Force);

/// <summary>
/// <c>kops-cluster</c>: reads a running cluster's stored spec, writes the stack config that adopts it (the existing state
/// store and the cluster's entry, with explicit subnets) and the diff of what its first apply changes, and prints a
/// summary. Everything is checked before anything is written.
/// </summary>
public static class KopsClusterCommand
{
    public static void Run(KopsClusterRequest request, TextWriter stdout)
    {
        CommandInput.CheckStackName(request.Stack);
        CommandInput.CheckOutputFolder(request.Out, request.Force);
        var clusterText = CommandInput.Read(request.ClusterYaml, "--cluster-yaml", $"kops get cluster NAME -o yaml > {Path.GetFileName(request.ClusterYaml)}");
        var groupsText = CommandInput.Read(
            request.InstanceGroupsYaml, "--instancegroups-yaml", $"kops get instancegroups --name NAME -o yaml > {Path.GetFileName(request.InstanceGroupsYaml)}");
        var stored = StoredSpec.Parse(clusterText, request.ClusterYaml, groupsText, request.InstanceGroupsYaml);
        var adopted = ClusterAdoption.Adopt(stored);
        var review = AdoptionReview.Create(stored, adopted);

        var sources = $"{Path.GetFileName(request.ClusterYaml)} and {Path.GetFileName(request.InstanceGroupsYaml)}";
        var entryFile = Path.Combine(request.Out, ClusterEntryFile.FileName(stored.Name));
        var diffFile = Path.Combine(request.Out, DiffFile.FileName(stored.Name));
        CommandInput.Write(request.Out,
        [
            (entryFile, ClusterEntryFile.Render(adopted, sources, request.Stack, Path.GetFileName(diffFile))),
            (diffFile, DiffFile.Render(review, adopted, sources, Path.GetFileName(entryFile))),
        ]);

        KopsClusterSummary.Write(stdout, stored, adopted, review, request.Stack, sources, entryFile, diffFile);
    }
}
