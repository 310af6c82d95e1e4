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
        ["aws:ec2/securityGroup:SecurityGroup"] = "sg-",
        ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"] = "sg-",
        ["aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"] = "acl-",
        ["aws:ec2/flowLog:FlowLog"] = "fl-",
    };

    /// <param name="unknownIds">Answer as a preview does for resources still to be created: no ids yet.</param>
    public AwsMocks(string region = "us-east-1", bool unknownIds = false)
    {
        Mock.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .Returns(async (MockResourceArgs args) =>
            {
                lock (Registrations)
                {
                    Registrations.Add(args);
                    Events.Add($"start {args.Name}");
                }

                if (SlowTypes.Contains(args.Type!))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250));
                }

                lock (Registrations)
                {
                    Events.Add($"done {args.Name}");
                }

                if (args.Type == "pulumi:pulumi:StackReference")
                {
                    var (outputs, secretNames) = OtherStacks.TryGetValue(args.Id!, out var other)
                        ? other
                        : args.Id!.StartsWith(OwnStacks, StringComparison.Ordinal)
                            ? (ImmutableDictionary<string, object>.Empty, [])
                            : throw new InvalidOperationException($"No stack {args.Id} to reference.");
                    return (args.Id, ImmutableDictionary<string, object>.Empty
                        .Add("name", args.Id!).Add("outputs", outputs).Add("secretOutputNames", secretNames));
                }

                // As a preview shows what it creates or replaces: no id, and none of the provider's outputs.
                if (ChangedInPreview.Contains(args.Name!))
                {
                    return ((string?)null, (object)args.Inputs);
                }

                var id = Ids.TryGetValue((args.Type!, args.Name!), out var given) ? given
                    : IdPrefixes.TryGetValue(args.Type!, out var prefix) ? prefix + args.Name
                    : $"{args.Name}_id";
                var state = args.Inputs;
                if (args.Type == "aws:ec2/eip:Eip")
                {
                    state = state.SetItem("allocationId", id);
                }

                // AWS creates every VPC with a default network ACL; the program reads its id.
                if (args.Type == "aws:ec2/vpc:Vpc")
                {
                    state = state.SetItem("defaultNetworkAclId", $"acl-{args.Name}-default");
                }

                if (args.Type == "aws:cloudwatch/logGroup:LogGroup")
                {
                    state = state.SetItem("arn", $"arn:aws:logs:{region}:{AccountId}:log-group:{args.Name}");
                }

                if (args.Type == "aws:iam/role:Role")
                {
                    state = state.SetItem("arn", $"arn:aws:iam::{AccountId}:role/{args.Name}");
                }

                if (args.Type == "command:local:Command")
                {
                    state = state.SetItem("stdout", $"kubeconfig-from-{args.Name}").SetItem("stderr", CommandStderr.GetValueOrDefault(args.Name!, ""));
                }

                if (args.Type == "aws:s3/bucket:Bucket")
                {
                    var bucket = state.TryGetValue("bucket", out var named) ? (string)named : id;
                    state = state.SetItem("bucket", bucket).SetItem("arn", $"arn:aws:s3:::{bucket}");
                }

                lock (Registrations)
                {
                    Answers[(args.Type!, args.Name!)] = (unknownIds ? null : id, state);
                }

                return ((string?)(unknownIds ? null : id), (object)state);
            });
        Mock.Setup(m => m.RegisterResourceOutputs(It.IsAny<MockRegisterResourceOutputsRequest>()))
            .Callback((MockRegisterResourceOutputsRequest request) => RegisteredOutputs[request.Urn] = request.Outputs)
            .Returns(Task.CompletedTask);
        Mock.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .Callback((MockCallArgs args) =>
            {
                lock (Registrations)
                {
                    Invokes.Add(args);
                }
            })
            .Returns(async (MockCallArgs args) => args.Token switch
            {
                "command:local:run" => ImmutableDictionary<string, object>.Empty
                    .Add("command", args.Args["command"])
                    .Add("stdout", await LocalRun(
                        (string)args.Args["command"],
                        args.Args.TryGetValue("stdin", out var stdin) ? (string)stdin : "",
                        ((IReadOnlyDictionary<string, object>)args.Args["environment"]).ToDictionary(e => e.Key, e => (string)e.Value)))
                    .Add("stderr", ""),
                "aws:index/getRegion:getRegion" => ImmutableDictionary<string, object>.Empty
                    .Add("id", RegionOf(args, region)).Add("name", RegionOf(args, region)).Add("region", RegionOf(args, region)),
                "aws:index/getCallerIdentity:getCallerIdentity" => ImmutableDictionary<string, object>.Empty
                    .Add("accountId", AccountId).Add("arn", $"arn:aws:iam::{AccountId}:user/ci").Add("id", AccountId).Add("userId", "AIDACI"),
                GetRouteTable => RouteTable(args),
                _ => throw new InvalidOperationException($"No mock for invoke {args.Token}."),
            });
    }

    public const string AccountId = "123456789012";

    private const string GetRouteTable = "aws:ec2/getRouteTable:getRouteTable";

    /// <summary>A stack run under these mocks reads its own last outputs; unless a test gives some, it has none (a first up).</summary>
    private const string OwnStacks = "organization/kops-platform/";

    public Mock<IMocks> Mock { get; } = new();

    public List<MockResourceArgs> Registrations { get; } = [];

    /// <summary>As AWS answers: the region of the provider the invoke went through, or the mocks' own for the default provider.</summary>
    private string RegionOf(MockCallArgs args, string defaultRegion)
    {
        lock (Registrations)
        {
            var provider = Registrations.FirstOrDefault(r =>
                r.Type == "pulumi:providers:aws" && args.Provider?.Contains($"pulumi:providers:aws::{r.Name}::", StringComparison.Ordinal) == true);
            return provider is not null && provider.Inputs.TryGetValue("region", out var given) ? (string)given : defaultRegion;
        }
    }

    /// <summary>Ids to give resources by type and logical name (as after an import), instead of ones derived from the name.</summary>
    public Dictionary<(string Type, string Name), string> Ids { get; } = [];

    /// <summary>What a Command (by name) printed to stderr when it ran; nothing by default.</summary>
    public Dictionary<string, string> CommandStderr { get; } = [];

    /// <summary>What the mocks answered each resource's registration with, by type and logical name: its id (null when unknown) and state.</summary>
    public Dictionary<(string Type, string Name), (string? Id, ImmutableDictionary<string, object> State)> Answers { get; } = [];

    /// <summary>The ids of the route tables <c>getRouteTable</c> found: kops's, which the stack never creates.</summary>
    public HashSet<string> LookedUpRouteTableIds { get; } = [];

    /// <summary>Every invoke the program made.</summary>
    public List<MockCallArgs> Invokes { get; } = [];

    /// <summary>
    /// What a script run through the <c>local.run</c> invoke (the state-store read, the kops plan) prints, given the
    /// script, its stdin and its environment; by default, that it could not run.
    /// </summary>
    public Func<string, string, IReadOnlyDictionary<string, string>, Task<string>> LocalRun { get; set; } =
        (_, _, _) => Task.FromResult("unavailable: no kops under the mock engine\n");

    /// <summary>Every <c>local.run</c> invoke of a script that defines the bash function <paramref name="function"/>.</summary>
    public IEnumerable<MockCallArgs> Runs(string function) => Invokes.Where(i =>
        i.Token == "command:local:run" && ((string)i.Args["command"]).Contains($"\n{function}() {{", StringComparison.Ordinal));

    /// <summary>Answers the state-store read with <paramref name="read"/>, and every other script as by default.</summary>
    public void ReadStoreAs(string read)
    {
        var other = LocalRun;
        LocalRun = (script, stdin, environment) =>
            script.Contains("print_stored_spec", StringComparison.Ordinal) ? Task.FromResult(read) : other(script, stdin, environment);
    }

    /// <summary>Stacks a StackReference can read: name → (outputs, names of the secret ones).</summary>
    public Dictionary<string, (ImmutableDictionary<string, object> Outputs, string[] SecretNames)> OtherStacks { get; } = [];

    /// <summary>What each component, and the stack, registered as its outputs, by URN.</summary>
    public Dictionary<string, ImmutableDictionary<string, Pulumi.Output<object?>>> RegisteredOutputs { get; } = [];

    /// <summary>"start name" when a registration reaches the engine, "done name" when it is created.</summary>
    public List<string> Events { get; } = [];

    /// <summary>Resource types whose creation takes a while, to show what waits for them.</summary>
    public HashSet<string> SlowTypes { get; } = [];

    /// <summary>
    /// Resources (by name) that the preview creates or replaces, as the engine shows them: with no id and none of the
    /// provider's outputs, so what is read from them is unknown.
    /// </summary>
    public HashSet<string> ChangedInPreview { get; } = [];

    /// <summary>Every <c>getRouteTable</c> lookup made.</summary>
    public IEnumerable<MockCallArgs> RouteTableLookups => Invokes.Where(i => i.Token == GetRouteTable);

    /// <summary>The values of one filter of a lookup (e.g. <c>vpc-id</c>), or null without that filter.</summary>
    public static string[]? Filter(MockCallArgs lookup, string name) =>
        lookup.Args.TryGetValue("filters", out var filters)
            ? ((IEnumerable<object>)filters).Cast<IReadOnlyDictionary<string, object>>()
                .Where(filter => (string)filter["name"] == name)
                .Select(filter => ((IEnumerable<object>)filter["values"]).Cast<string>().ToArray())
                .SingleOrDefault()
            : null;

    public IEnumerable<MockResourceArgs> OfType(string type) => Registrations.Where(r => r.Type == type);

    /// <summary>
    /// kops's route table by its tags, with an id made from its <c>Name</c> (<c>rtb-private-us-east-1a.dev.k8s.example.com</c>);
    /// the lookup is an event ("lookup &lt;Name&gt;"), so tests can see what it waited for.
    /// </summary>
    private ImmutableDictionary<string, object> RouteTable(MockCallArgs args)
    {
        var name = Filter(args, "tag:Name") is [var tag] ? tag : throw new InvalidOperationException("getRouteTable without one tag:Name filter");
        var vpcId = Filter(args, "vpc-id") is [var vpc] ? vpc : throw new InvalidOperationException("getRouteTable without one vpc-id filter");
        var id = $"rtb-{name}";
        lock (Registrations)
        {
            Events.Add($"lookup {name}");
            LookedUpRouteTableIds.Add(id);
        }

        return ImmutableDictionary<string, object>.Empty
            .Add("id", id).Add("routeTableId", id).Add("vpcId", vpcId)
            .Add("tags", ImmutableDictionary<string, object>.Empty.Add("Name", name));
    }

    public MockResourceArgs Named(string name) => Registrations.Single(r => r.Name == name);
}
