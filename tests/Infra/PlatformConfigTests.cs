using KopsPlatform.Infra.Configuration;
using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Infra;

[Collection(PulumiEngine.Name)]
public class PlatformConfigTests
{
    [Fact]
    public async Task Prod_protects_the_network_and_exports_no_admin_kubeconfig()
    {
        var config = await Load(StackConfig.Load("prod"));

        Assert.True(config.Protect);
        Assert.True(config.Vpc!.Protect);
        Assert.False(config.ExportAdminKubeconfig);
    }

    [Fact]
    public async Task Dev_protects_nothing_and_the_switches_read_true()
    {
        var dev = StackConfig.Load("dev");
        Assert.False((await Load(dev)).Vpc!.Protect);

        dev["kops-platform:exportAdminKubeconfig"] = "true";
        Assert.True((await Load(dev)).ExportAdminKubeconfig);
    }

    private static async Task<PlatformConfig> Load(Dictionary<string, object> config)
    {
        PlatformConfig? loaded = null;
        await PulumiRun.Components(new AwsMocks(), () => loaded = PlatformConfig.Load(), config: config);
        return loaded!;
    }
}
