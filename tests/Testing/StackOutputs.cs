using System.Collections.Immutable;
using KopsPlatform.Infra;
using Pulumi;
using Pulumi.Utilities;

namespace KopsPlatform.Tests.Testing;

/// <summary>What a PlatformStack run exports, as another stack's StackReference would read it.</summary>
public static class StackOutputs
{
    public static async Task<(ImmutableDictionary<string, object> Outputs, string[] SecretNames)> Export(
        Dictionary<string, object> config, string stack = "dev")
    {
        var mocks = new AwsMocks();
        await PulumiRun.Stack<PlatformStack>(mocks, config, stack: stack);
        var registered = mocks.RegisteredOutputs.Single(entry => entry.Key.Contains("::pulumi:pulumi:Stack::", StringComparison.Ordinal)).Value;

        var outputs = ImmutableDictionary.CreateBuilder<string, object>();
        var secretNames = new List<string>();
        foreach (var (name, output) in registered)
        {
            if (await OutputUtilities.GetValueAsync(output) is { } value)
            {
                outputs[name] = value;
            }

            if (await Output.IsSecretAsync(output))
            {
                secretNames.Add(name);
            }
        }

        return (outputs.ToImmutable(), [.. secretNames]);
    }
}
