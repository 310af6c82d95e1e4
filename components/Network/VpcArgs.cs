using System.Diagnostics.CodeAnalysis;
using Pulumi;

namespace KopsPlatform.Network;

public enum NatGatewayStrategy
{
    /// <summary>An EIP and a NAT gateway in every zone's public subnet; a zone outage keeps the others online.</summary>
    OnePerAz,

    /// <summary>One NAT gateway, in the first zone, for environments where cost beats availability.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "'single' is the config value users write.")]
    Single,
}

public sealed class VpcArgs : ResourceArgs
{
    public const string DefaultCidrBlock = "10.20.0.0/16";

    /// <summary>The VPC's IPv4 block, /16 to /20. Decides the whole address plan.</summary>
    public string CidrBlock { get; set; } = DefaultCidrBlock;

    /// <summary>1 to 4 availability zones; zone i holds the i-th subnet of every tier.</summary>
    public IReadOnlyList<string> AvailabilityZones { get; set; } = [];

    public NatGatewayStrategy NatGateways { get; set; } = NatGatewayStrategy.OnePerAz;

    /// <summary>
    /// Protects what can't be rebuilt without taking the clusters down: the VPC, its subnets, internet gateway, NAT
    /// gateways with their addresses, and route tables. Set it for production.
    /// </summary>
    public bool Protect { get; set; }

    /// <summary>Adds an S3 gateway endpoint to every private route table.</summary>
    public bool S3Endpoint { get; set; }

    /// <summary>Route tables outside this component (kops's, say) that should reach S3 through the endpoint too.</summary>
    public InputList<string> S3EndpointRouteTableIds { get => _s3EndpointRouteTableIds ??= []; set => _s3EndpointRouteTableIds = value; }

    /// <summary>Tags for every resource; each also gets a <c>Name</c>, and each subnet its <c>tier</c>.</summary>
    public InputMap<string> Tags { get => _tags ??= []; set => _tags = value; }

    private InputList<string>? _s3EndpointRouteTableIds;
    private InputMap<string>? _tags;
}
