using System.Collections.Immutable;
using Moq;
using Pulumi.Testing;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// A mock engine that echoes inputs back as state, gives every resource an AWS-shaped id derived from its
/// logical name (<c>nat-main-nat-0</c>), and answers the few invokes the program makes. It records every
/// registration so tests can look at what was asked for.
/// </summary>
public sealed class AwsMocks
{
    private static readonly Dictionary<string, string> IdPrefixes = new()
    {
        ["aws:ec2/vpc:Vpc"] = "vpc-",
        ["aws:ec2/subnet:Subnet"] = "subnet-",
        ["aws:ec2/natGateway:NatGateway"] = "nat-",
        ["aws:ec2/eip:Eip"] = "eipalloc-",
        ["aws:ec2/routeTable:RouteTable"] = "rtb-",
        ["aws:ec2/route:Route"] = "r-",
        ["aws:ec2/routeTableAssociation:RouteTableAssociation"] = "rtbassoc-",
        ["aws:ec2/internetGateway:InternetGateway"] = "igw-",
        ["aws:ec2/vpcEndpoint:VpcEndpoint"] = "vpce-",
        ["aws:s3/bucket:Bucket"] = "bucket-",
    };

    /// <param name="unknownIds">Answer as a preview does for resources still to be created: no ids yet.</param>
    public AwsMocks(string region = "us-east-1", bool unknownIds = false)
    {
        Mock.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) =>
            {
                Registrations.Add(args);
                var id = IdPrefixes.TryGetValue(args.Type!, out var prefix) ? prefix + args.Name : $"{args.Name}_id";
                var state = args.Inputs;
                if (args.Type == "aws:ec2/eip:Eip")
                {
                    state = state.SetItem("allocationId", id);
                }

                if (args.Type == "aws:s3/bucket:Bucket")
                {
                    state = state.SetItem("bucket", id).SetItem("arn", $"arn:aws:s3:::{id}");
                }

                return (unknownIds ? null : id, (object)state);
            });
        Mock.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .ReturnsAsync((MockCallArgs args) => args.Token switch
            {
                "aws:index/getRegion:getRegion" => ImmutableDictionary<string, object>.Empty
                    .Add("id", region).Add("name", region).Add("region", region),
                _ => throw new InvalidOperationException($"No mock for invoke {args.Token}."),
            });
    }

    public Mock<IMocks> Mock { get; } = new();

    public List<MockResourceArgs> Registrations { get; } = [];

    public IEnumerable<MockResourceArgs> OfType(string type) => Registrations.Where(r => r.Type == type);

    public MockResourceArgs Named(string name) => Registrations.Single(r => r.Name == name);
}
