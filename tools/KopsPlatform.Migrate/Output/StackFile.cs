using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KopsPlatform.Migrate.TerraformVpc;
using KopsPlatform.Network;

namespace KopsPlatform.Migrate.Output;

/// <summary>
/// <c>Pulumi.&lt;stack&gt;.yaml</c> for the adopted network: the region, the <c>kops-platform:network</c> block that
/// gives the module's VPC, and no clusters. What the module didn't have is switched off, so the import adopts
/// without creating anything.
/// </summary>
public static partial class StackFile
{
    public static string FileName(string stack) => $"Pulumi.{stack}.yaml";

    /// <param name="origin">Where it came from, for the header comment (module and state file).</param>
    public static string Render(VpcMigration migration, string origin)
    {
        var yaml = new StringBuilder();
        void Line(string text) => yaml.Append(text).Append('\n');

        Line($"# Written by KopsPlatform.Migrate terraform-vpc from {origin}.");
        Line("# It gives the VPC the module built, as it is; review it with the tool's summary before the import");
        Line("# (README: Migrating from terraform-vpc and kops).");
        Line("config:");
        Line($"  aws:region: {Scalar(migration.Region)}");
        Line("  kops-platform:network:");
        Line($"    name: {Scalar(migration.NetworkName)}");
        Line($"    cidr: {Scalar(migration.Cidr)}");
        Line($"    availabilityZones: [{string.Join(", ", migration.Zones.Select(Scalar))}]");
        Line($"    natGateways: {ConfigValue(migration.NatGateways)}");
        Line($"    {NetworkKeys.S3Endpoint}: {Flag(migration.S3Endpoint)}");
        Line("    # Off: the module had none of these, and the import adopts without creating anything. Turn them on in a");
        Line("    # later change (each adds resources; the tool's summary lists them).");
        Line("    flowLogs:");
        Line("      enabled: false");
        Line($"    {NetworkKeys.EmptyDefaultSecurityGroup}: false");
        Line($"    {NetworkKeys.ManageDefaultNetworkAcl}: false");
        Line($"    {NetworkKeys.EcrEndpoints}: false");
        if (migration.Tags.Count == 0)
        {
            Line("    tags: {}");
        }
        else
        {
            Line("    tags:");
            foreach (var (key, value) in migration.Tags)
            {
                Line($"      {Scalar(key)}: {Scalar(value)}");
            }
        }

        Line("  kops-platform:clusters: []");
        return yaml.ToString();
    }

    /// <summary>The config's spelling of a strategy: onePerAz, single.</summary>
    public static string ConfigValue(NatGatewayStrategy strategy) => JsonNamingPolicy.CamelCase.ConvertName(strategy.ToString());

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>A plain scalar where YAML reads it back as the same string, else a double-quoted one (JSON's escapes are YAML's).</summary>
    private static string Scalar(string text) =>
        Plain().IsMatch(text) && !Reserved.Contains(text) ? text : JsonSerializer.Serialize(text, QuotedOptions);

    private static readonly JsonSerializerOptions QuotedOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Words YAML 1.1 or 1.2 would read as booleans or null.</summary>
    private static readonly HashSet<string> Reserved = new(
        ["true", "false", "yes", "no", "on", "off", "y", "n", "null"], StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._/-]*$")]
    private static partial Regex Plain();
}
