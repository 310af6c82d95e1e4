using System.Collections;
using System.Collections.Immutable;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Applies what a program registered under <see cref="AwsMocks"/> to an AWS API emulator with the AWS SDK, as the
/// provider would: one resource at a time, each after every resource its inputs name, with the mock's ids
/// (<c>subnet-dev-admin-0</c>) swapped for the emulator's as it goes. Every input of an applied resource must be sent
/// (one that <see cref="EmulatorResources"/> doesn't map fails the run), and every call must succeed. What can't be
/// applied here is skipped, by type, with the reason (<see cref="Skipped"/>); a type that is neither fails the run.
/// </summary>
public sealed class EmulatorDeployment
{
    private const string FlowLogs = "flow logs go to CloudWatch Logs through an IAM role: services outside the EC2 and S3 this applies";

    /// <summary>Registrations that are no AWS resource of this stack's own, by type, with why they are left out.</summary>
    private static readonly Dictionary<string, string> NotApplied = new()
    {
        ["command:local:Command"] = "runs kops, which needs real AWS",
        ["pulumi:pulumi:StackReference"] = "reads a stack's outputs: nothing to create",
        ["aws:cloudwatch/logGroup:LogGroup"] = FlowLogs,
        ["aws:iam/role:Role"] = FlowLogs,
        ["aws:iam/rolePolicy:RolePolicy"] = FlowLogs,
        ["aws:ec2/flowLog:FlowLog"] = FlowLogs,
    };

    private readonly Dictionary<string, string> _emulatorIds = [];
    private readonly Dictionary<string, string> _owners = [];
    private readonly Dictionary<(string Type, string Name), string> _ids = [];
    private readonly List<string> _applied = [];
    private readonly Dictionary<string, string> _skipped = [];

    private EmulatorDeployment()
    {
    }

    /// <summary>What was applied, as "type name", in the order it was applied.</summary>
    public IReadOnlyList<string> Applied => _applied;

    /// <summary>What was left out, "type name" → why.</summary>
    public IReadOnlyDictionary<string, string> Skipped => _skipped;

    /// <summary>The emulator's id of an applied resource.</summary>
    public string IdOf(string type, string name) =>
        _ids.TryGetValue((type, name), out var id) ? id : throw new KeyNotFoundException($"{type} {name} was not applied.");

    public static async Task<EmulatorDeployment> ApplyAsync(AwsMocks mocks, EmulatorResources resources)
    {
        var deployment = new EmulatorDeployment();
        var registered = mocks.Registrations
            .Where(r => !r.Type!.StartsWith("kops-platform:", StringComparison.Ordinal))
            .Select((r, order) => Resource.Of(order, r.Type!, r.Name!, r.Inputs, mocks.Answers))
            .ToList();
        foreach (var resource in registered)
        {
            foreach (var value in resource.References.Values)
            {
                deployment._owners[value] = resource.Key;
            }
        }

        foreach (var resource in DependencyOrder(registered, deployment._owners))
        {
            if (deployment.WhySkip(resource, mocks.LookedUpRouteTableIds) is { } reason)
            {
                deployment._skipped[resource.Key] = reason;
                continue;
            }

            var fields = new Fields(resource.Inputs, resource.Key, deployment.Resolve);
            EmulatorResources.Created created;
            try
            {
                created = await resources.CreateAsync(resource.Type, fields);
            }
            catch (Amazon.Runtime.AmazonServiceException e)
            {
                throw new InvalidOperationException($"{resource.Key}: the emulator refused it: {e.ErrorCode}: {e.Message}", e);
            }

            fields.CheckAllRead();
            deployment.Record(resource, created);
        }

        return deployment;
    }

    private string? WhySkip(Resource resource, IReadOnlySet<string> kopsRouteTables)
    {
        if (NotApplied.TryGetValue(resource.Type, out var reason))
        {
            return reason;
        }

        var values = Strings(resource.Inputs).ToList();
        if (values.FirstOrDefault(kopsRouteTables.Contains) is { } table)
        {
            return $"joins {table}, the route table kops makes at a cluster's first apply; the emulator runs no kops";
        }

        return values.Where(v => _owners.ContainsKey(v) && _skipped.ContainsKey(_owners[v])).Select(v => $"needs {_owners[v]}, which is skipped").FirstOrDefault();
    }

    private void Record(Resource resource, EmulatorResources.Created created)
    {
        _ids[(resource.Type, resource.Name)] = created.Id;
        _applied.Add(resource.Key);
        foreach (var (key, mockValue) in resource.References)
        {
            _emulatorIds[mockValue] = key == "id" ? created.Id
                : created.Attributes.TryGetValue(key, out var value) ? value
                : throw new InvalidOperationException($"{resource.Key}: the emulator gave no {key}, which the mock's {mockValue} stands for.");
        }
    }

    /// <summary>An input that names another resource by the mock's id, as the emulator knows that resource.</summary>
    private string Resolve(string value) =>
        _emulatorIds.TryGetValue(value, out var id) ? id
        : _owners.TryGetValue(value, out var owner) ? throw new InvalidOperationException($"{value} names {owner}, which is not on the emulator yet.")
        : value;

    /// <summary>Each resource after every resource whose id its inputs hold; otherwise in the order they were registered.</summary>
    private static IEnumerable<Resource> DependencyOrder(List<Resource> resources, Dictionary<string, string> owners)
    {
        var needs = resources.ToDictionary(
            r => r.Key,
            r => Strings(r.Inputs).Where(owners.ContainsKey).Select(v => owners[v]).Where(owner => owner != r.Key).ToHashSet());
        var done = new HashSet<string>();
        var waiting = new List<Resource>(resources);
        while (waiting.Count > 0)
        {
            var next = waiting.FirstOrDefault(r => needs[r.Key].IsSubsetOf(done))
                ?? throw new InvalidOperationException($"A dependency cycle among: {string.Join(", ", waiting.Select(r => r.Key))}.");
            waiting.Remove(next);
            done.Add(next.Key);
            yield return next;
        }
    }

    /// <summary>Every string in a value, however deep in its maps and lists.</summary>
    private static IEnumerable<string> Strings(object? value) => value switch
    {
        string text => [text],
        IDictionary map => map.Values.Cast<object?>().SelectMany(Strings),
        IEnumerable list => list.Cast<object?>().SelectMany(Strings),
        _ => [],
    };

    /// <param name="References">
    /// What other resources' inputs can hold of this one, by state key: its id, and the ids only the provider knows
    /// (a VPC's <c>defaultNetworkAclId</c>, an EIP's <c>allocationId</c>).
    /// </param>
    private sealed record Resource(int Order, string Type, string Name, ImmutableDictionary<string, object> Inputs, IReadOnlyDictionary<string, string> References)
    {
        public string Key => $"{Type} {Name}";

        public static Resource Of(
            int order,
            string type,
            string name,
            ImmutableDictionary<string, object> inputs,
            Dictionary<(string Type, string Name), (string? Id, ImmutableDictionary<string, object> State)> answers)
        {
            var references = new Dictionary<string, string>();
            if (answers.TryGetValue((type, name), out var answer) && answer.Id is { } id)
            {
                references["id"] = id;
                foreach (var (key, value) in answer.State)
                {
                    if (key.EndsWith("Id", StringComparison.Ordinal) && !inputs.ContainsKey(key) && value is string text)
                    {
                        references[key] = text;
                    }
                }
            }

            return new Resource(order, type, name, inputs, references);
        }
    }
}

/// <summary>
/// A resource's inputs, read by the code that sends them to the emulator. Each read marks the key as sent, and
/// <see cref="CheckAllRead"/> fails for any key that was not: an input nobody maps would otherwise be dropped unseen.
/// </summary>
public sealed class Fields(IReadOnlyDictionary<string, object> values, string where, Func<string, string> resolve)
{
    private readonly HashSet<string> _read = [];
    private readonly List<Fields> _nested = [];

    public bool Has(string key) => values.ContainsKey(key);

    /// <summary>Another resource's id, as the emulator knows it.</summary>
    public string Id(string key) => resolve(Text(key));

    public string? OptionalId(string key) => Has(key) ? Id(key) : null;

    public IReadOnlyList<string> Ids(string key) =>
        Has(key) ? [.. ((IEnumerable)Read(key)).Cast<string>().Select(resolve)] : [];

    public string Text(string key) => Read(key) as string ?? throw Wrong(key, "text");

    public string? OptionalText(string key) => Has(key) ? Text(key) : null;

    public bool Flag(string key) => Read(key) as bool? ?? throw Wrong(key, "a boolean");

    public bool? OptionalFlag(string key) => Has(key) ? Flag(key) : null;

    public int Number(string key) => Read(key) is double number && number == Math.Floor(number) ? (int)number : throw Wrong(key, "a whole number");

    public Fields Map(string key) => Nested(Read(key) as IReadOnlyDictionary<string, object> ?? throw Wrong(key, "an object"), key);

    public Fields? OptionalMap(string key) => Has(key) ? Map(key) : null;

    public IReadOnlyList<Fields> Maps(string key) =>
        Has(key)
            ? [.. ((IEnumerable)Read(key)).Cast<object>().Select((item, i) =>
                Nested(item as IReadOnlyDictionary<string, object> ?? throw Wrong($"{key}[{i}]", "an object"), $"{key}[{i}]"))]
            : [];

    /// <summary>The <c>tags</c> map; none when unset.</summary>
    public IReadOnlyDictionary<string, string> Tags() =>
        Has("tags") ? ((IReadOnlyDictionary<string, object>)Read("tags")).ToDictionary(tag => tag.Key, tag => (string)tag.Value) : new Dictionary<string, string>();

    /// <summary>An input the provider acts on without an API call of its own (e.g. <c>forceDestroy</c>, used on delete).</summary>
    public void ProviderSide(string key, string why)
    {
        ArgumentException.ThrowIfNullOrEmpty(why);
        _ = Has(key) ? Read(key) : null;
    }

    public void CheckAllRead()
    {
        var unread = values.Keys.Where(key => !_read.Contains(key)).Order(StringComparer.Ordinal).ToList();
        if (unread.Count > 0)
        {
            throw new NotSupportedException($"{where}: no emulator call sends {string.Join(", ", unread)}; map it in {nameof(EmulatorResources)}.");
        }

        foreach (var nested in _nested)
        {
            nested.CheckAllRead();
        }
    }

    private object Read(string key)
    {
        if (!values.TryGetValue(key, out var value))
        {
            throw new KeyNotFoundException($"{where}: no input {key}.");
        }

        _read.Add(key);
        return value;
    }

    private Fields Nested(IReadOnlyDictionary<string, object> map, string key)
    {
        var nested = new Fields(map, $"{where}.{key}", resolve);
        _nested.Add(nested);
        return nested;
    }

    private InvalidOperationException Wrong(string key, string kind) => new($"{where}: input {key} is not {kind}.");
}
