using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;
using Pulumi.Testing;
using Pulumi.Utilities;

namespace KopsPlatform.Tests.Testing;

/// <summary>Runs programs under the mock engine, as `pulumi up` (or, with <c>preview</c>, `pulumi preview`) would.</summary>
public static class PulumiRun
{
    public static TestOptions Options(bool preview = false, string stack = "dev") =>
        new() { IsPreview = preview, ProjectName = "kops-platform", StackName = stack };

    public static Task<ImmutableArray<Resource>> Components(AwsMocks mocks, Action create, bool preview = false) =>
        Deployment.TestAsync(mocks.Mock.Object, Options(preview), create);

    /// <summary>Runs PlatformStack with the given stack config (keys as in Pulumi.&lt;stack&gt;.yaml).</summary>
    public static async Task<ImmutableArray<Resource>> Stack<TStack>(AwsMocks mocks, IDictionary<string, object> config, bool preview = false, string stack = "dev")
        where TStack : Stack, new()
    {
        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(
            config.ToDictionary(entry => entry.Key, entry => entry.Value as string ?? JsonSerializer.Serialize(entry.Value, JsonOptions))));
        try
        {
            return await Deployment.TestAsync<TStack>(mocks.Mock.Object, Options(preview, stack));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
        }
    }

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

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
