using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using KopsPlatform.Kops;
using KopsPlatform.Network;

namespace KopsPlatform.Infra.Configuration;

/// <summary><c>kops-platform:network</c>: the VPC every cluster of the stack lives in.</summary>
public sealed partial record NetworkConfig
{
    public const string Key = "network";

    public string? Name { get; init; }
    public string Cidr { get; init; } = VpcArgs.DefaultCidrBlock;
    public IReadOnlyList<string>? AvailabilityZones { get; init; }
    public NatGatewayStrategy NatGateways { get; init; } = NatGatewayStrategy.OnePerAz;
    public bool S3Endpoint { get; init; }
    public bool EcrEndpoints { get; init; }
    public FlowLogsConfig FlowLogs { get; init; } = new();
    public bool EmptyDefaultSecurityGroup { get; init; } = true;
    public bool ManageDefaultNetworkAcl { get; init; } = true;
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary><c>{}</c>: the stack declares no network of its own.</summary>
    [JsonIgnore]
    public bool IsEmpty => this is
    {
        Name: null, AvailabilityZones: null, Cidr: VpcArgs.DefaultCidrBlock, NatGateways: NatGatewayStrategy.OnePerAz, S3Endpoint: false,
        EcrEndpoints: false, EmptyDefaultSecurityGroup: true, ManageDefaultNetworkAcl: true, Tags.Count: 0,
    } && FlowLogs == new FlowLogsConfig();

    /// <summary>Checks everything the VPC component would, in terms of config keys, plus what only config knows.</summary>
    public VpcArgs ToVpcArgs(string region, bool protect)
    {
        if (string.IsNullOrWhiteSpace(Name) || !ShortName().IsMatch(Name))
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(Key, "name"),
                Name is null ? "missing" : $"'{Name}' is not a usable resource name",
                "Set a short lower-case name such as main (letters, digits and '-').");
        }

        VpcInputs.ParseCidr(Cidr, ConfigReader.KeyOf(Key, "cidr"));
        FeatureRules.CheckAwsPrefix(Tags, ConfigReader.KeyOf(Key, "tags"));

        VpcInputs.CheckZones(AvailabilityZones, ConfigReader.KeyOf(Key, "availabilityZones"), region);
        VpcInputs.CheckLogRetention(FlowLogs.RetentionDays, ConfigReader.KeyOf(Key, "flowLogs.retentionDays"));

        return new VpcArgs
        {
            CidrBlock = Cidr,
            AvailabilityZones = AvailabilityZones!,
            NatGateways = NatGateways,
            S3Endpoint = S3Endpoint,
            EcrEndpoints = EcrEndpoints,
            FlowLogs = FlowLogs.Enabled,
            FlowLogRetentionDays = FlowLogs.RetentionDays,
            EmptyDefaultSecurityGroup = EmptyDefaultSecurityGroup,
            ManageDefaultNetworkAcl = ManageDefaultNetworkAcl,
            Tags = Tags.ToDictionary(),
            Protect = protect,
        };
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}$")]
    private static partial Regex ShortName();
}

/// <summary><c>kops-platform:network.flowLogs</c>: the VPC's flow logs in CloudWatch Logs.</summary>
public sealed record FlowLogsConfig
{
    public bool Enabled { get; init; } = true;
    public int RetentionDays { get; init; } = VpcArgs.DefaultFlowLogRetentionDays;
}
