using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KopsPlatform.Kops;
using KopsPlatform.Kops.Scripts;
using KopsPlatform.Kops.Spec;
using KopsPlatform.Tests.Testing;
using YamlDotNet.RepresentationModel;

namespace KopsPlatform.Tests.Kops;

/// <summary>
/// Secrets at rest (issue 11): the apply puts the encryptionconfig secret kops needs into the state store once, from a
/// key it generates and shows nobody, and keeps it ever after; the plan gives its private copy one when the copy lacks
/// it. The real scripts run against the fake kops, whose update, like kops's, refuses a cluster with
/// <c>encryptionConfig: true</c> and no secret.
/// </summary>
public sealed partial class KopsEncryptionSecretTests : IDisposable
{
    private const string Name = "dev.k8s.example.com";
    private const string Pinned = KopsScripts.DefaultKopsVersion;
    private const string CreateSecret = "create secret encryptionconfig -f $work/encryptionconfig.yaml --name dev.k8s.example.com";

    /// <summary>The configuration the apply stores, with its key written as KEY.</summary>
    private const string Configuration = """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources:
              - secrets
            providers:
              - aescbc:
                  keys:
                    - name: key1
                      secret: "KEY"
              - identity: {}

        """;

    private static readonly ClusterSettings Cluster = ClusterRulesTests.Valid with { Name = Name };

    private static readonly ClusterSettings Unencrypted = Cluster with { EncryptionConfig = false };

    private static readonly ClusterNetwork Network = new("vpc-0abc", "10.20.0.0/16", "10.20.128.0/17", ["us-east-1a"], ["nat-0a"]);

    private readonly FakeKops _kops = new();

    public void Dispose() => _kops.Dispose();

    private string SecretPath => Path.Combine(_kops.StoreFolder(), Name, "secrets", "encryptionconfig");

    // ---- the apply ----------------------------------------------------------------------------------------------

    [Fact]
    public void A_first_apply_stores_an_EncryptionConfiguration_with_a_fresh_32_byte_key_between_replace_and_update()
    {
        var result = Apply(Cluster);

        Assert.Equal(0, result.ExitCode);
        var stored = StoredConfiguration();
        var key = KeyOf(stored);
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.Equal(Configuration, stored.Replace(key, "KEY", StringComparison.Ordinal));
        AssertIsTheEncryptionConfigurationKubernetesReads(stored, key);
        Assert.Equal(
            [
                "version --short",
                "get cluster --name dev.k8s.example.com",
                "replace -f - --force",
                CreateSecret,
                "delete sshpublickey --name dev.k8s.example.com",
                "create sshpublickey --name dev.k8s.example.com -i $work/id.pub",
                "update cluster --name dev.k8s.example.com --yes --create-kube-config=false",
                "validate cluster --name dev.k8s.example.com --wait 15m",
                "export kubeconfig --name dev.k8s.example.com",
            ],
            _kops.KopsCommandLines.Select(WithWork));
        Assert.Contains(_kops.CloudResources(Name), line => line.StartsWith("InstanceGroup control-plane-us-east-1a role=ControlPlane ", StringComparison.Ordinal) && line.Contains(" encryption=", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));
    }

    [Fact]
    public void A_second_apply_keeps_the_stored_secret_byte_for_byte_and_never_forces()
    {
        Assert.Equal(0, Apply(Cluster).ExitCode);
        var first = File.ReadAllBytes(SecretPath);
        var controlPlane = ControlPlaneInCloud();

        var result = Apply(Cluster with { Nodes = new() { Max = 5 } });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(first, File.ReadAllBytes(SecretPath));
        Assert.Equal([CreateSecret, CreateSecret], _kops.KopsCommandLines.Select(WithWork).Where(line => line.StartsWith("create secret", StringComparison.Ordinal)));
        Assert.DoesNotContain(_kops.KopsCommandLines, line => line.Contains("--force", StringComparison.Ordinal) && !line.StartsWith("replace", StringComparison.Ordinal));
        Assert.Contains(
            "kops-platform: the state store already holds the encryptionconfig secret of dev.k8s.example.com; keeping it (a new key would leave what the old one encrypted unreadable)\n",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Equal(controlPlane, ControlPlaneInCloud());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));
    }

    [Fact]
    public void A_failure_right_after_the_secret_step_fails_the_apply_and_a_rerun_converges_on_the_same_key()
    {
        var failed = Apply(Cluster, failAt: "sshpublickey");

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Equal("", failed.Stdout);
        Assert.DoesNotContain(_kops.KopsCommandLines, line => line.StartsWith("update", StringComparison.Ordinal));
        var stored = File.ReadAllBytes(SecretPath);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));

        var rerun = Apply(Cluster);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(stored, File.ReadAllBytes(SecretPath));
        Assert.Contains("server: https://api.dev.k8s.example.com", rerun.Stdout, StringComparison.Ordinal);
        Assert.Contains(_kops.CloudResources(Name), line => line.StartsWith("InstanceGroup nodes ", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));
    }

    [Fact]
    public void Any_other_failure_to_store_the_secret_fails_the_apply_before_the_update_and_a_rerun_converges()
    {
        var failed = Apply(Cluster, failAt: "secret");

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Equal("", failed.Stdout);
        Assert.Contains("Error: injected failure in secret (NoSuchBucket: the specified bucket was not found)\n", failed.Stderr, StringComparison.Ordinal);
        Assert.Contains("kops-platform: kops could not store the encryptionconfig secret of dev.k8s.example.com\n", failed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("keeping it", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal("create", _kops.Calls[^1]);
        Assert.False(File.Exists(SecretPath));
        Assert.Empty(_kops.CloudResources(Name));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));

        var rerun = Apply(Cluster);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(32, Convert.FromBase64String(KeyOf(StoredConfiguration())).Length);
        Assert.NotEmpty(_kops.CloudResources(Name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_key_reaches_no_command_line_no_log_and_no_output_even_with_tracing_on(bool xtrace)
    {
        // bash takes SHELLOPTS from the environment: xtrace traces every command of the script (and of the fakes).
        var environment = xtrace ? new Dictionary<string, string> { ["SHELLOPTS"] = "xtrace" } : [];

        var first = Apply(Cluster, environment: environment);
        var second = Apply(Cluster, environment: environment);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        if (xtrace)
        {
            Assert.Contains("+ write_encryption_config", first.Stderr, StringComparison.Ordinal);
        }

        var key = KeyOf(StoredConfiguration());
        foreach (var text in new[] { _kops.Log, first.Stdout, first.Stderr, second.Stdout, second.Stderr })
        {
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            // Nor the key the second apply generated and kops turned down: no 32-byte base64 value at all.
            Assert.DoesNotMatch(Base64Key(), text);
        }

        Assert.All(
            _kops.Log.Split('\n').Where(l => l.StartsWith("argv: create secret", StringComparison.Ordinal)),
            line => Assert.Equal("argv: " + CreateSecret, WithWork(line)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));
    }

    [Fact]
    public void With_encryptionConfig_off_no_secret_step_is_written_or_run()
    {
        var script = KopsScripts.Apply(Unencrypted, Pinned);

        var result = _kops.Run(script, Render(Unencrypted));

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("encryption", script, StringComparison.Ordinal);
        Assert.DoesNotContain(_kops.KopsCommandLines, line => line.StartsWith("create secret", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.GetDirectoryName(SecretPath)));
    }

    // ---- the fake, as kops 1.36 behaves ------------------------------------------------------------------------

    [Fact]
    public void Like_kops_the_fake_stores_the_secret_only_for_a_stored_cluster_and_from_readable_YAML_and_never_twice_without_force()
    {
        var config = Path.Combine(_kops.HomeDirectory, "config.yaml");
        File.WriteAllText(config, "kind: EncryptionConfiguration\n");
        File.WriteAllText(Path.Combine(_kops.HomeDirectory, "list.yaml"), "- not a mapping\n");

        var noCluster = Kops($"create secret encryptionconfig -f {config} --name {Name}");
        Assert.Equal(0, _kops.Run(KopsScripts.Apply(Unencrypted, Pinned), Render(Unencrypted)).ExitCode);
        var noFile = Kops($"create secret encryptionconfig -f {config}.missing --name {Name}");
        var notYaml = Kops($"create secret encryptionconfig -f {Path.Combine(_kops.HomeDirectory, "list.yaml")} --name {Name}");
        var created = Kops($"create secret encryptionconfig -f {config} --name {Name}");
        var again = Kops($"create secret encryptionconfig -f {config} --name {Name}");
        var afterRefusal = File.ReadAllText(SecretPath);
        File.WriteAllText(config, "kind: Replaced\n");
        var forced = Kops($"create secret encryptionconfig -f {config} --name {Name} --force");

        Assert.Equal((1, $"Error: cluster not found \"{Name}\"\n"), (noCluster.ExitCode, noCluster.Stderr));
        Assert.Equal((1, $"Error: reading encryption config {config}.missing: open {config}.missing: no such file or directory\n"), (noFile.ExitCode, noFile.Stderr));
        Assert.Equal(1, notYaml.ExitCode);
        Assert.StartsWith("Error: unable to parse YAML ", notYaml.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, ""), (created.ExitCode, created.Stderr));
        Assert.Equal(
            (1, "Error: failed to create the encryptionconfig secret as it already exists. Pass the `--force` flag to replace an existing secret\n"),
            (again.ExitCode, again.Stderr));
        Assert.Equal("{\"Data\":\"a2luZDogRW5jcnlwdGlvbkNvbmZpZ3VyYXRpb24K\"}", afterRefusal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("kind: Replaced\n", StoredConfiguration());
    }

    [Fact]
    public void Like_kops_the_fake_refuses_to_update_a_cluster_with_encryptionConfig_and_no_secret()
    {
        // The script of a cluster without encryption, given a spec that asks for it: nothing creates the secret.
        var result = _kops.Run(KopsScripts.Apply(Unencrypted, Pinned), Encrypted(Render(Unencrypted)));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(
            "You have encryptionConfig enabled, but no encryptionconfig secret has been set.\n"
            + "See `kops create secret encryptionconfig -h` and https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/\n",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Contains("Error: could not find encryptionconfig secret\n", result.Stderr, StringComparison.Ordinal);
        Assert.True(_kops.ClusterExists(Name));
        Assert.Empty(_kops.CloudResources(Name));
    }

    // ---- the plan -----------------------------------------------------------------------------------------------

    [Fact]
    public void The_plan_of_an_applied_encrypted_cluster_keeps_the_copied_key_plans_no_change_and_writes_nothing_to_the_store()
    {
        Assert.Equal(0, Apply(Cluster).ExitCode);
        var store = _kops.StoreContents();
        var logStart = _kops.Log.Length;

        var plan = Plan(Cluster);

        Assert.Equal((0, "planned\nNo changes need to be applied\n"), (plan.ExitCode, plan.Stdout));
        Assert.Equal(store, _kops.StoreContents());
        var log = WithWork(_kops.Log[logStart..]);
        Assert.Equal(
            [
                "argv: version --short",
                "aws: s3 sync s3://fake-state/dev.k8s.example.com/ $work/store/dev.k8s.example.com --exclude backups/*",
                "argv: replace -f - --force --state file://$work/store",
                "argv: " + CreateSecret + " --state file://$work/store",
                "argv: update cluster --name dev.k8s.example.com --state file://$work/store --create-kube-config=false",
            ],
            log.Split('\n').Where(l => l.StartsWith("aws: ", StringComparison.Ordinal) || l.StartsWith("argv: ", StringComparison.Ordinal)));
        Assert.Contains("Error: failed to create the encryptionconfig secret as it already exists.", plan.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));
    }

    [Fact]
    public void A_key_replaced_behind_the_stacks_back_shows_in_the_plan_as_a_control_plane_launch_template_change()
    {
        Assert.Equal(0, Apply(Cluster).ExitCode);
        var config = Path.Combine(_kops.HomeDirectory, "other.yaml");
        File.WriteAllText(config, Configuration.Replace("KEY", Convert.ToBase64String(new byte[32]), StringComparison.Ordinal));
        Assert.Equal(0, Kops($"create secret encryptionconfig -f {config} --name {Name} --force").ExitCode);

        var plan = Plan(Cluster);

        Assert.Equal(0, plan.ExitCode);
        Assert.StartsWith("planned\nWill modify resources:\n  LaunchTemplate/control-plane-us-east-1a.dev.k8s.example.com\n  \tencryption          \t ", plan.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\nMust specify --yes to apply changes\n", plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plan_of_a_new_encrypted_cluster_gives_only_its_copy_a_throwaway_key()
    {
        var plan = Plan(Cluster);

        Assert.Equal(0, plan.ExitCode);
        Assert.StartsWith("planned\nWill create resources:\n", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("  LaunchTemplate/control-plane-us-east-1a.dev.k8s.example.com\n", plan.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n  \tencryption          \t[0-9]+\n", plan.Stdout);
        Assert.EndsWith("\nMust specify --yes to apply changes\n", plan.Stdout, StringComparison.Ordinal);
        Assert.Empty(_kops.StoreContents());
        Assert.Contains("argv: " + CreateSecret + " --state file://$work/store", WithWork(_kops.Log), StringComparison.Ordinal);
        Assert.DoesNotMatch(Base64Key(), _kops.Log + plan.Stdout + plan.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_kops.TempDirectory));
    }

    [Fact]
    public void A_plan_whose_secret_step_fails_otherwise_is_unavailable()
    {
        var plan = Plan(Cluster, new Dictionary<string, string> { ["FAKE_KOPS_FAIL"] = "secret" });

        Assert.Equal(0, plan.ExitCode);
        Assert.Equal(
            "unavailable: kops create secret encryptionconfig failed on the copy of the state store: Error: injected failure in secret (NoSuchBucket: the specified bucket was not found)\n",
            plan.Stdout);
        Assert.DoesNotContain(_kops.KopsCommandLines, line => line.StartsWith("update", StringComparison.Ordinal));
        Assert.Empty(_kops.StoreContents());
    }

    [Fact]
    public void With_encryptionConfig_off_the_plan_creates_no_secret()
    {
        var script = KopsScripts.Plan(Unencrypted, Pinned);

        var plan = _kops.Run(script, Render(Unencrypted));

        Assert.StartsWith("planned\n", plan.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("encryption", script, StringComparison.Ordinal);
        Assert.DoesNotContain(_kops.KopsCommandLines, line => line.StartsWith("create secret", StringComparison.Ordinal));
    }

    // ---- the steps ----------------------------------------------------------------------------------------------

    public static TheoryData<string, string, string> Literals { get; } = new()
    {
        { "write", KopsScriptSteps.WriteEncryptionConfig(), "  (\n    umask 077\n" },
        { "write", KopsScriptSteps.WriteEncryptionConfig(), "      printf '              secret: \"'\n      head -c 32 /dev/urandom | base64 | tr -d '\\n'\n      printf '\"\\n'\n" },
        { "write", KopsScriptSteps.WriteEncryptionConfig(), "    } >\"$file\"\n  )\n" },
        { "create", KopsScriptSteps.CreateEncryptionSecret(), "  write_encryption_config \"$work/encryptionconfig.yaml\" || exit 1\n" },
        { "create", KopsScriptSteps.CreateEncryptionSecret(), "run_in_own_group kops create secret encryptionconfig -f \"$work/encryptionconfig.yaml\" --name \"$cluster\" </dev/null >&2 2>\"$work/secret.err\" || status=$?\n  rm -f \"$work/encryptionconfig.yaml\"\n" },
        { "create", KopsScriptSteps.CreateEncryptionSecret(), "grep -qF 'failed to create the encryptionconfig secret as it already exists' \"$work/secret.err\"" },
        { "in copy", KopsScriptSteps.EncryptionSecretInCopy(), "  kops create secret encryptionconfig -f \"$work/encryptionconfig.yaml\" --name \"$cluster\" --state \"file://$work/store\" </dev/null >&2 2>\"$work/secret.err\" || status=$?\n" },
        { "plan in copy", KopsScriptSteps.PlanInCopy(encryptionSecret: true), "  fi\n  encryption_secret_in_copy || return 1\n  if ! tee_output \"$work/plan.log\" kops update cluster" },
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void Each_step_writes_its_literal_commands(string step, string bash, string expected) =>
        Assert.True(bash.Contains(expected, StringComparison.Ordinal), $"{step}:\n{bash}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_apply_runs_the_secret_step_right_after_replace_and_before_the_update(bool rollingUpdate)
    {
        var main = MainPart(KopsScripts.Apply(Cluster with { RollingUpdate = rollingUpdate }, Pinned));

        Assert.Contains("\nreplace_spec\ncreate_encryption_secret\ninstall_ssh_key\n", main, StringComparison.Ordinal);
        var secret = main.IndexOf("\ncreate_encryption_secret\n", StringComparison.Ordinal);
        Assert.Equal(secret, main.LastIndexOf("create_encryption_secret\n", StringComparison.Ordinal) - 1);
        Assert.InRange(main.IndexOf("update_cluster\n", StringComparison.Ordinal), secret + 1, int.MaxValue);
        if (rollingUpdate)
        {
            Assert.InRange(main.IndexOf("reconcile_cluster\n", StringComparison.Ordinal), secret + 1, int.MaxValue);
        }
    }

    [Fact]
    public void The_plan_gives_the_copy_a_secret_after_copying_and_replacing_and_before_kops_update()
    {
        var plan = KopsScripts.Plan(Cluster, Pinned);

        Assert.Contains("encryption_secret_in_copy() {\n", plan, StringComparison.Ordinal);
        Assert.Contains("write_encryption_config() {\n", plan, StringComparison.Ordinal);
        Assert.Contains(KopsScriptSteps.PlanInCopy(encryptionSecret: true), plan, StringComparison.Ordinal);
        Assert.Contains("if run_in_own_group within_bound copy_store plan_in_copy >\"$work/report\"; then\n", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void No_script_forces_a_secret()
    {
        var scripts = KopsScripts.Apply(Cluster, Pinned) + KopsScripts.Apply(Cluster with { RollingUpdate = true }, Pinned) + KopsScripts.Plan(Cluster, Pinned);

        Assert.Equal(3, Regex.Count(scripts, "kops create secret encryptionconfig -f "));
        Assert.DoesNotMatch(new Regex("create secret[^\n]*--force"), scripts);
    }

    [Fact]
    public void Each_configuration_is_private_and_has_a_key_of_its_own()
    {
        var result = RunSteps(KopsScriptSteps.WriteEncryptionConfig(), """
            write_encryption_config "$work/a.yaml"
            write_encryption_config "$work/b.yaml"
            ls -l "$work/a.yaml" | cut -c1-10
            cat "$work/a.yaml" "$work/b.yaml"
            """);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.StartsWith("-rw-------\n", result.Stdout, StringComparison.Ordinal);
        var keys = Base64Key().Matches(result.Stdout).Select(m => m.Value).ToList();
        Assert.Equal(2, keys.Count);
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(Configuration + Configuration, result.Stdout["-rw-------\n".Length..].Replace(keys[0], "KEY", StringComparison.Ordinal).Replace(keys[1], "KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_random_source_no_configuration_passes_for_one()
    {
        var result = RunSteps(KopsScriptSteps.WriteEncryptionConfig(), """
            head() { return 1; }
            if write_encryption_config "$work/a.yaml"; then echo "written"; else echo "failed"; fi
            """);

        Assert.Equal("failed\n", result.Stdout);
        Assert.Equal("kops-platform: could not generate an encryption key (head -c 32 /dev/urandom | base64)\n", result.Stderr);
    }

    [Theory]
    [InlineData(0, "", 0, "")]
    [InlineData(
        1,
        "Error: failed to create the encryptionconfig secret as it already exists. Pass the `--force` flag to replace an existing secret",
        0,
        "kops-platform: the state store already holds the encryptionconfig secret of dev.k8s.example.com; keeping it (a new key would leave what the old one encrypted unreadable)\n")]
    [InlineData(
        1,
        "Error: adding encryptionconfig secret: PreconditionFailed: the object already exists",
        1,
        "Error: adding encryptionconfig secret: PreconditionFailed: the object already exists\nkops-platform: kops could not store the encryptionconfig secret of dev.k8s.example.com\n")]
    [InlineData(
        1,
        "Error: cluster not found \"dev.k8s.example.com\"",
        1,
        "Error: cluster not found \"dev.k8s.example.com\"\nkops-platform: kops could not store the encryptionconfig secret of dev.k8s.example.com\n")]
    public void Only_kops_saying_the_secret_exists_counts_as_success(int kopsExit, string kopsError, int exitCode, string stderr)
    {
        var result = RunSteps(KopsScriptSteps.WriteEncryptionConfig() + KopsScriptSteps.CreateEncryptionSecret(), $$"""
            kops() { [ -f "$work/encryptionconfig.yaml" ] || exit 9; [ -z {{FakeKops.Quote(kopsError)}} ] || echo {{FakeKops.Quote(kopsError)}} >&2; return {{kopsExit}}; }
            create_encryption_secret
            echo "went on"
            ls "$work"
            """);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(stderr, result.Stderr);
        Assert.Equal(exitCode == 0 ? "went on\nsecret.err\n" : "", result.Stdout);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    [GeneratedRegex("[A-Za-z0-9+/]{43}=")]
    private static partial Regex Base64Key();

    private static string Render(ClusterSettings cluster) => KopsSpecRenderer.Render(cluster, Network, FakeKops.StateStore, "f");

    /// <summary>
    /// The spec with <c>encryptionConfig: true</c> in the Cluster's spec, where the renderer puts it for a cluster with
    /// <see cref="ClusterSettings.EncryptionConfig"/> (rendered elsewhere in issue 11); a spec that has it stays as it is.
    /// </summary>
    private static string Encrypted(string spec)
    {
        if (spec.Contains("\n  encryptionConfig: true\n", StringComparison.Ordinal))
        {
            return spec;
        }

        var at = spec.IndexOf("\nspec:\n", StringComparison.Ordinal) + "\nspec:\n".Length;
        return spec[..at] + "  encryptionConfig: true\n" + spec[at..];
    }

    private ScriptResult Apply(ClusterSettings cluster, string? failAt = null, IReadOnlyDictionary<string, string>? environment = null) =>
        _kops.Run(KopsScripts.Apply(cluster, Pinned), Encrypted(Render(cluster)), failAt, environment: environment);

    private ScriptResult Plan(ClusterSettings cluster, IReadOnlyDictionary<string, string>? environment = null) =>
        _kops.Run(KopsScripts.Plan(cluster, Pinned), Encrypted(Render(cluster)), environment: environment);

    /// <summary>The fake kops itself, with the test world's environment.</summary>
    private ScriptResult Kops(string arguments) => _kops.Run("kops " + arguments);

    /// <summary>Runs the steps' functions and a body in the scripts' own frame (preamble, traps, temp folder).</summary>
    private ScriptResult RunSteps(string steps, string body) => _kops.Run(
        KopsScriptSteps.Preamble(Cluster, Pinned) + KopsScriptSteps.RunInOwnGroup() + KopsScriptSteps.Cancel() + steps + KopsScriptSteps.PrivateFolderAndTraps() + body);

    /// <summary>The configuration in the store, as kops's secret store keeps it: JSON whose Data is the file, base64.</summary>
    private string StoredConfiguration()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(SecretPath));
        return Encoding.UTF8.GetString(json.RootElement.GetProperty("Data").GetBytesFromBase64());
    }

    /// <summary>What the control plane's launch template holds in the fake cloud, the secret's hash included.</summary>
    private string ControlPlaneInCloud() =>
        Assert.Single(_kops.CloudResources(Name), line => line.StartsWith("InstanceGroup control-plane-us-east-1a ", StringComparison.Ordinal));

    private static string KeyOf(string configuration) => Base64Key().Match(configuration).Value;

    private static void AssertIsTheEncryptionConfigurationKubernetesReads(string configuration, string key)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(configuration));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        Assert.Equal("apiserver.config.k8s.io/v1", root.Text("apiVersion"));
        Assert.Equal("EncryptionConfiguration", root.Text("kind"));
        var resource = Assert.Single(root.Maps("resources"));
        Assert.Equal(["secrets"], resource.Texts("resources"));
        var providers = resource.Maps("providers");
        Assert.Equal(2, providers.Count);
        var aescbc = Assert.Single(providers[0].Map("aescbc").Maps("keys"));
        Assert.Equal(("key1", key), (aescbc.Text("name"), aescbc.Text("secret")));
        Assert.Empty(providers[1].Map("identity").Children);
    }

    /// <summary>The script's part after its functions and traps: what it runs.</summary>
    private static string MainPart(string script) =>
        script[(script.IndexOf(KopsScriptSteps.PrivateFolderAndTraps(), StringComparison.Ordinal) + KopsScriptSteps.PrivateFolderAndTraps().Length - 1)..];

    private string WithWork(string text) => Regex.Replace(text, Regex.Escape(_kops.TempDirectory) + @"/tmp\.\w+", "$$work");
}
