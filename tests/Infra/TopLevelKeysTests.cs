using KopsPlatform.Infra;
using KopsPlatform.Infra.Configuration;
using KopsPlatform.Tests.Testing;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Tests.Infra;

[Collection(PulumiEngine.Name)]
public class TopLevelKeysTests
{
    [Theory]
    [InlineData("kops-platform:statestore", "{\"protect\":true}",
        "kops-platform:statestore: unknown key. Did you mean kops-platform:stateStore? Known keys are: kops-platform:network, kops-platform:networkStack, kops-platform:clusters, kops-platform:stateStore, kops-platform:kopsVersion, kops-platform:protect, kops-platform:exportAdminKubeconfig, kops-platform:kopsPlan, kops-platform:kopsDriftCheck.")]
    [InlineData("kops-platform:cluster", "[]", "kops-platform:cluster: unknown key. Known keys are: kops-platform:network,")]
    [InlineData("kops-platform:config:protects", "true", "kops-platform:protects: unknown key.")]
    [InlineData("kops-platform:protect", "yes", "kops-platform:protect: 'yes' is not a boolean. Use true or false.")]
    [InlineData("kops-platform:exportAdminKubeconfig", "1", "kops-platform:exportAdminKubeconfig: '1' is not a boolean. Use true or false.")]
    [InlineData("kops-platform:kopsPlan", "always", "kops-platform:kopsPlan: 'always' is not a plan mode. Use auto, off or required.")]
    [InlineData("kops-platform:kopsDriftCheck", "on", "kops-platform:kopsDriftCheck: 'on' is not a boolean. Use true or false.")]
    public async Task A_top_level_key_the_program_does_not_know_fails_before_any_resource(string key, string value, string message)
    {
        var config = StackConfig.Load("prod");
        config[key] = value;

        await PulumiRun.AssertFailsBeforeAnyResource<PlatformStack>(config, message, "prod");
    }

    [Fact]
    public void Keys_of_other_namespaces_and_the_old_config_form_of_known_ones_pass() =>
        TopLevelKeys.Check(["aws:region", "pulumi:tags", "kops-platform:config:network", "kops-platform:protect", "kops-platform:exportAdminKubeconfig"]);

    [Fact]
    public void Pulumi_yaml_declares_every_top_level_key_with_a_description_and_a_default()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(StackConfig.RepositoryRoot, "Pulumi.yaml")))
        {
            yaml.Load(reader);
        }

        var declared = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["config"];
        Assert.Equal(
            ["kops-platform:clusters", "kops-platform:exportAdminKubeconfig", "kops-platform:kopsDriftCheck", "kops-platform:kopsPlan", "kops-platform:kopsVersion", "kops-platform:network",
             "kops-platform:networkStack", "kops-platform:protect", "kops-platform:stateStore"],
            declared.Children.Keys.Select(key => ((YamlScalarNode)key).Value!).Order(StringComparer.Ordinal));
        foreach (var (key, declaration) in declared.Children)
        {
            var fields = (YamlMappingNode)declaration;
            Assert.False(string.IsNullOrWhiteSpace(((YamlScalarNode)fields["description"]).Value), $"{key} has no description");

            // Pulumi requires a project key without a default in every stack: the network-only and split stacks set few.
            Assert.True(fields.Children.ContainsKey("default"), $"{key} has no default");
        }
    }

    [Fact]
    public async Task An_empty_network_object_is_no_network()
    {
        var config = StackConfig.Load("dev");
        config["kops-platform:network"] = "{}";

        await PulumiRun.AssertFailsBeforeAnyResource<PlatformStack>(config, "kops-platform:network: missing.");
    }
}
