using System.Text.Json;
using KopsPlatform.Infra;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests;

/// <summary>The stack files users run: they bind, and the local one can only reach this machine.</summary>
[Collection(PulumiEngine.Name)]
public class StackFilesTests
{
    [Fact]
    public async Task The_local_stack_binds_to_a_network_only_platform()
    {
        var mocks = new AwsMocks();

        var stack = (await PulumiRun.Stack<PlatformStack>(mocks, StackConfig.Load("local"), stack: "local")).OfType<PlatformStack>().Single();

        Assert.Equal(["us-east-1a", "us-east-1b"], await stack.AvailabilityZones.Items());
        Assert.Empty(await stack.KopsSpecs.Value());
        Assert.DoesNotContain(mocks.Registrations, r => r.Type!.StartsWith("command:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_local_stack_sends_every_AWS_call_to_loopback_and_skips_the_account_checks()
    {
        var config = StackConfig.Load("local");

        using var endpoints = JsonDocument.Parse((string)config["aws:endpoints"]);
        var urls = endpoints.RootElement.EnumerateArray().SelectMany(e => e.EnumerateObject()).Select(p => new Uri(p.Value.GetString()!)).ToList();
        Assert.Contains(urls, u => u.Port == 5000);
        Assert.All(urls, u => Assert.True(u.IsLoopback, $"{u} is not on this machine"));
        foreach (var key in new[] { "aws:skipCredentialsValidation", "aws:skipRequestingAccountId", "aws:skipMetadataApiCheck" })
        {
            Assert.Equal("true", config[key]);
        }
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    [InlineData("local")]
    public async Task Every_stack_file_previews(string stack)
    {
        var mocks = new AwsMocks(unknownIds: true);

        await PulumiRun.Stack<PlatformStack>(mocks, StackConfig.Load(stack), preview: true, stack: stack);

        Assert.NotEmpty(mocks.Registrations);
    }

    [Fact]
    public void Prod_protects_its_state_store_and_dev_rolls_its_instances()
    {
        Assert.Contains("\"protect\":true", (string)StackConfig.Load("prod")["kops-platform:stateStore"], StringComparison.Ordinal);
        Assert.Equal("true", StackConfig.Load("prod")["kops-platform:protect"]);
        Assert.False(StackConfig.Load("dev").ContainsKey("kops-platform:protect"));
        Assert.Contains("\"rollingUpdate\":true", (string)StackConfig.Load("dev")["kops-platform:clusters"], StringComparison.Ordinal);
    }
}
