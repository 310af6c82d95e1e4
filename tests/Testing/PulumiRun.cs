using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Runs programs under the mock engine, as `pulumi up` (or, with <c>preview</c>, `pulumi preview`) would. The engine
/// is serial-only and reads its config from the process-wide PULUMI_CONFIG, so every run here takes one lock: test
/// classes that use it sit in the <see cref="PulumiEngine"/> collection, and the others run beside them.
/// </summary>
public static class PulumiRun
{
    private static readonly SemaphoreSlim Engine = new(1, 1);

    public static TestOptions Options(bool preview = false, string stack = "dev") =>
        new() { IsPreview = preview, ProjectName = "kops-platform", StackName = stack };

    /// <param name="config">Stack config for code that reads it (keys as in Pulumi.&lt;stack&gt;.yaml).</param>
    public static Task<ImmutableArray<Resource>> Components(AwsMocks mocks, Action create, bool preview = false, IDictionary<string, object>? config = null) =>
        Exclusively(config, () => Deployment.TestAsync(mocks.Mock.Object, Options(preview), create));

    /// <summary>Runs the stack with the given stack config (keys as in Pulumi.&lt;stack&gt;.yaml).</summary>
    public static Task<ImmutableArray<Resource>> Stack<TStack>(AwsMocks mocks, IDictionary<string, object> config, bool preview = false, string stack = "dev")
        where TStack : Stack, new() =>
        Exclusively(config, () => Deployment.TestAsync<TStack>(mocks.Mock.Object, Options(preview, stack)));

    /// <summary>Previews the stack and asserts that it fails with the message before declaring any resource.</summary>
    public static async Task AssertFailsBeforeAnyResource<TStack>(Dictionary<string, object> config, string message, string stack = "dev")
        where TStack : Stack, new()
    {
        var mocks = new AwsMocks();

        var error = await Xunit.Assert.ThrowsAnyAsync<Exception>(() => Stack<TStack>(mocks, config, preview: true, stack: stack));

        Xunit.Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Xunit.Assert.Empty(mocks.Registrations);
    }

    public static Task<T> Value<T>(this Output<T> output) => OutputUtilities.GetValueAsync(output);

    /// <summary>The array's items: <see cref="ImmutableArray{T}"/> itself compares by reference.</summary>
    public static async Task<T[]> Items<T>(this Output<ImmutableArray<T>> output) => [.. await OutputUtilities.GetValueAsync(output)];

    public static Task<bool> IsKnown<T>(this Output<T> output) => OutputUtilities.GetIsKnownAsync(output);

    private static async Task<T> Exclusively<T>(IDictionary<string, object>? config, Func<Task<T>> run)
    {
        await Engine.WaitAsync();
        try
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", config is null ? null : JsonSerializer.Serialize(
                config.ToDictionary(entry => entry.Key, entry => entry.Value as string ?? JsonSerializer.Serialize(entry.Value, JsonOptions))));
            return await run();
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
            Engine.Release();
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>The test classes that run programs under the mock engine: one collection, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PulumiEngine
{
    public const string Name = "Pulumi mock engine";
}
