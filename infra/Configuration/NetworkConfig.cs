using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
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
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary><c>{}</c>: the stack declares no network of its own.</summary>
    [JsonIgnore]
    public bool IsEmpty => this is { Name: null, AvailabilityZones: null, Cidr: VpcArgs.DefaultCidrBlock, NatGateways: NatGatewayStrategy.OnePerAz, S3Endpoint: false, Tags.Count: 0 };

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
        if (Tags.Keys.FirstOrDefault(key => key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            throw new InvalidInputException(
                ConfigReader.KeyOf(Key, "tags"),
                $"'{reserved}' starts with aws:, a prefix AWS keeps for its own tags and refuses in requests",
                "Rename the tag, e.g. without the aws: prefix.");
        }

        VpcInputs.CheckZones(AvailabilityZones, ConfigReader.KeyOf(Key, "availabilityZones"), region);

        return new VpcArgs
        {
            CidrBlock = Cidr,
            AvailabilityZones = AvailabilityZones!,
            NatGateways = NatGateways,
            S3Endpoint = S3Endpoint,
            Tags = Tags.ToDictionary(),
            Protect = protect,
        };
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}$")]
    private static partial Regex ShortName();
}
