using Pulumi;
using Pulumi.Command.Local;
using Aws = Pulumi.Aws;

namespace KopsPlatform.Kops;

/// <summary>The VPC's S3 gateway endpoint as a cluster sees it: kops's private route table in each zone joins it.</summary>
public sealed class ClusterS3Endpoint
{
    /// <summary>The endpoint's id: the <c>Vpc</c> component's <c>S3EndpointId</c>, or a network stack's <c>s3EndpointId</c>.</summary>
    public required Input<string> Id { get; init; }

    /// <summary>
    /// The zones of the cluster's subnets, as plain values: an association is declared per zone, so the count must be
    /// known when the cluster is (the VPC's zones reach the spec as an output, which may be read from another stack).
    /// </summary>
    public required IReadOnlyList<string> Zones { get; init; }
}

/// <summary>
/// Associates each of a cluster's private route tables with the VPC's S3 gateway endpoint, so that instance traffic to
/// S3 (kops's state store, image layers) skips the NAT gateways: one <c>VpcEndpointRouteTableAssociation</c> per zone,
/// <c>&lt;cluster&gt;-s3-&lt;zone&gt;</c>, a child of the cluster created after its apply, with the table looked up by kops's
/// tags in the VPC (<see cref="KopsRouteTables"/> says which tables exist already).
/// </summary>
internal static class ClusterS3Associations
{
    public static void Declare(KopsCluster cluster, ClusterSettings settings, KopsClusterArgs args, Command applied)
    {
        if (args.S3Endpoint is not { } endpoint)
        {
            return;
        }

        foreach (var table in KopsRouteTables.Of(settings.Name, endpoint.Zones, args.AppliedSpec))
        {
            // A table that exists is looked up with values known in a preview, so its association's route table id stays
            // known and the association unchanged (the id forces a replacement). One kops is still to make is looked up
            // through the apply's id: after the apply in an up, and unknown (a plain create) in the preview.
            Input<string> vpcId = table.Exists ? args.VpcId : Output.Tuple(args.VpcId.ToOutput(), applied.Id).Apply(values => values.Item1);
            var found = Aws.Ec2.GetRouteTable.Invoke(new Aws.Ec2.GetRouteTableInvokeArgs
            {
                Region = args.Region,
                Filters =
                {
                    Filter("vpc-id", vpcId),
                    Filter("tag:Name", table.NameTag),
                    Filter("tag:KubernetesCluster", settings.Name),
                },
            }, new InvokeOptions { Parent = cluster });

            // Every association also depends on the apply: it is made once kops is done with the table, and a destroy
            // removes it before the cluster's delete step removes the table.
            _ = new Aws.Ec2.VpcEndpointRouteTableAssociation(table.S3AssociationName, new Aws.Ec2.VpcEndpointRouteTableAssociationArgs
            {
                VpcEndpointId = endpoint.Id,
                RouteTableId = found.Apply(routeTable => routeTable.RouteTableId),
                Region = args.Region,
            }, new CustomResourceOptions { Parent = cluster, DependsOn = { applied } });
        }
    }

    private static Aws.Ec2.Inputs.GetRouteTableFilterInputArgs Filter(string name, Input<string> value) =>
        new() { Name = name, Values = { value } };
}
