using System.Collections.Immutable;
using KopsPlatform.Infra;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests;

/// <summary>kops writes the state store's name into every cluster: the name must not depend on the stack's.</summary>
[Collection(PulumiEngine.Name)]
public class StateStoreIdentityTests
{
    [Theory]
    [InlineData("dev", "kops-dev-123456789012-us-east-1")]
    [InlineData("renamed-dev", "kops-dev-123456789012-us-east-1")]
    public async Task A_new_store_is_named_after_the_network_the_account_and_the_region_whatever_the_stack(string stack, string bucket)
    {
        var mocks = new AwsMocks();

        await PulumiRun.Stack<PlatformStack>(mocks, StackConfig.Load("dev"), stack: stack);

        Assert.Equal(bucket, mocks.OfType("aws:s3/bucket:Bucket").Single(r => r.Name == "kops-state").Inputs["bucket"]);
        Assert.Equal(["kops-state"], mocks.OfType("kops-platform:kops:StateStore").Select(r => r.Name));
    }

    [Fact]
    public async Task A_store_created_before_names_were_derived_keeps_its_name()
    {
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = (ImmutableDictionary<string, object>.Empty.Add("stateStore", "s3://dev-kops-state-4f1c2ab"), []);

        await PulumiRun.Stack<PlatformStack>(mocks, StackConfig.Load("dev"), preview: true);

        Assert.Equal("dev-kops-state-4f1c2ab", mocks.OfType("aws:s3/bucket:Bucket").Single(r => r.Name == "kops-state").Inputs["bucket"]);
    }

    [Fact]
    public async Task A_cluster_deployed_by_the_previous_release_keeps_its_store_and_its_token_issuer()
    {
        // The dev cluster as the release before the production features (issue 11) applied it, in a store the mock
        // engine named bucket-dev-kops-state. The upgrade re-applies it once, with the new defaults but without IRSA
        // (a running cluster keeps its token issuer); this is the sha256 of that spec (the dev golden without its IRSA lines,
        // in that store, through sha256sum): the apply's trigger now, and it must stay the trigger in later releases.
        const string UpgradedSpecHash = "a77f12120489f75fc2af8c22cf28cade8146fe9b25df234604f73f32daaeae32";
        var applied = File.ReadAllText(Golden.PathOf("Kops", "Golden", "dev-before-production-features.yaml"))
            .Replace("s3://kops-dev-123456789012-us-east-1/", "s3://bucket-dev-kops-state/", StringComparison.Ordinal);
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = (ImmutableDictionary<string, object>.Empty
            .Add("stateStore", "s3://bucket-dev-kops-state")
            .Add("kopsSpecs", ImmutableDictionary<string, object>.Empty.Add("dev.k8s.example.com", applied)), []);

        var stack = (await PulumiRun.Stack<PlatformStack>(mocks, StackConfig.Load("dev"), preview: true)).OfType<PlatformStack>().Single();

        var spec = (await stack.KopsSpecs.Value())["dev.k8s.example.com"];
        Assert.Contains("configBase: s3://bucket-dev-kops-state/dev.k8s.example.com\n", spec, StringComparison.Ordinal);
        Assert.DoesNotContain("serviceAccountIssuerDiscovery", spec, StringComparison.Ordinal);
        Assert.Empty(mocks.OfType("kops-platform:kops:DiscoveryStore"));
        Assert.Equal([UpgradedSpecHash], (IEnumerable<object>)mocks.Named("dev.k8s.example.com-apply").Inputs["triggers"]);
    }

    [Fact]
    public async Task A_stack_that_used_an_existing_bucket_and_stops_doing_so_creates_a_store_of_its_own()
    {
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = (ImmutableDictionary<string, object>.Empty
            .Add("stateStore", "s3://acme-kops-state").Add("stateStoreCreated", false), []);

        await PulumiRun.Stack<PlatformStack>(mocks, StackConfig.Load("dev"), preview: true);

        Assert.Equal("kops-dev-123456789012-us-east-1", mocks.OfType("aws:s3/bucket:Bucket").Single(r => r.Name == "kops-state").Inputs["bucket"]);
    }

    [Fact]
    public async Task A_configured_name_wins()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:stateStore"] = """{"name":"acme-dev-kops"}""";
        var mocks = new AwsMocks();
        mocks.OtherStacks["organization/kops-platform/dev"] = (ImmutableDictionary<string, object>.Empty.Add("stateStore", "s3://dev-kops-state-4f1c2ab"), []);

        var stack = (await PulumiRun.Stack<PlatformStack>(mocks, config)).OfType<PlatformStack>().Single();

        Assert.Equal("acme-dev-kops", mocks.OfType("aws:s3/bucket:Bucket").Single(r => r.Name == "kops-state").Inputs["bucket"]);
        Assert.Equal("s3://acme-dev-kops", await stack.StateStore.Value());
        Assert.True(await stack.StateStoreCreated.Value());
    }

    [Theory]
    [InlineData("""{"bucket":"Acme_Kops"}""", "kops-platform:stateStore.bucket: 'Acme_Kops' is not a valid S3 bucket name.")]
    [InlineData("""{"name":"acme..kops"}""", "kops-platform:stateStore.name: 'acme..kops' is not a valid S3 bucket name.")]
    [InlineData("""{"bucket":"acme-kops","name":"acme-kops-2"}""", "kops-platform:stateStore.name: the stack uses the existing bucket acme-kops, so it creates none to name. Keep one")]
    public async Task Bad_store_config_fails_before_any_resource(string stateStore, string message)
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:stateStore"] = stateStore;

        await PulumiRun.AssertFailsBeforeAnyResource<PlatformStack>(config, message);
    }
}
