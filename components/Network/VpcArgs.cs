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

    /// <summary>
    /// One regional NAT gateway (<c>availabilityMode: regional</c>) that AWS spreads over every zone with workloads:
    /// zone-resilient like <see cref="OnePerAz"/>, with one gateway to pay for and one private route table.
    /// </summary>
    Regional,
}

public sealed class VpcArgs : ResourceArgs
{
    public const string DefaultCidrBlock = "10.20.0.0/16";
    public const int DefaultFlowLogRetentionDays = 30;

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

    /// <summary>
    /// Adds an S3 gateway endpoint, associated with every private route table of the VPC. Other route tables (kops's)
    /// are associated with it through <see cref="Vpc.S3EndpointId"/>, by <c>VpcEndpointRouteTableAssociation</c>s of their own.
    /// </summary>
    public bool S3Endpoint { get; set; }

    /// <summary>Interface endpoints for ECR (api and dkr) in the private-prod subnets. They are billed per hour and zone.</summary>
    public bool EcrEndpoints { get; set; }

    /// <summary>Flow logs of all the VPC's traffic to a CloudWatch Logs group the component creates.</summary>
    public bool FlowLogs { get; set; } = true;

    /// <summary>How long the flow-log group keeps events: one of <see cref="VpcInputs.LogRetentionDays"/>.</summary>
    public int FlowLogRetentionDays { get; set; } = DefaultFlowLogRetentionDays;

    /// <summary>Takes over the VPC's default security group and removes all its rules (CIS AWS 5.4).</summary>
    public bool EmptyDefaultSecurityGroup { get; set; } = true;

    /// <summary>Takes over the VPC's default network ACL, with its allow-all rules, so drift in it shows up.</summary>
    public bool ManageDefaultNetworkAcl { get; set; } = true;

    /// <summary>Tags for every resource; each also gets a <c>Name</c>, and each subnet its <c>tier</c>.</summary>
    public InputMap<string> Tags { get => _tags ??= []; set => _tags = value; }

    private InputMap<string>? _tags;
}
