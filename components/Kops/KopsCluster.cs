using System.Collections.Immutable;
using KopsPlatform.Kops.Spec;
using Pulumi;
using Pulumi.Command.Local;

namespace KopsPlatform.Kops;

/// <summary>
/// A kops cluster inside a four-tier VPC. Renders its kops spec (private topology, kops-owned subnets in the
/// cluster's slot of the free range, egress through the VPC's NAT gateways) from the VPC's outputs, and drives the
/// kops CLI with Commands:
/// <list type="bullet">
/// <item><c>{name}-apply</c> creates or updates the cluster and prints a kubeconfig without a credential. Its
/// triggers are the spec hash (and, once the state store drifted from what was applied, a <see cref="StoreDrift"/>
/// term), so every change replaces it and runs it afresh; it has no delete step, so a replacement never touches
/// the cluster.</item>
/// <item><c>{name}-cluster</c> owns the cluster's existence: it only checks the kops version, and on destroy (never
/// on a spec change, as it has no trigger) deletes the cluster, if the config allowed it at the last up. Through the
/// spec on its stdin it depends on the VPC, its NAT gateways and the state store, so destroy deletes the cluster
/// before any of them.</item>
/// <item><c>{name}-admin-kubeconfig</c>, only when asked for, mints an admin kubeconfig after every apply.</item>
/// </list>
/// Give the component <c>DependsOn</c> the network and the state store: its children register only after it, so
/// kops never runs before they are complete, and destroy removes the children (deleting the cluster) first.
/// </summary>
public sealed class KopsCluster : ComponentResource
{
    public const string TypeToken = "kops-platform:kops:KopsCluster";

    private static readonly string[] Bash = ["/bin/bash", "-c"];

    /// <summary>A rolling update of a large cluster takes hours; kops bounds its own steps within that.</summary>
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromHours(4);

    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromHours(1);

    /// <summary>The kops spec: a Cluster document, then the InstanceGroups. Holds no secrets.</summary>
    [Output("spec")] public Output<string> Spec { get; private set; } = null!;

    /// <summary>The spec's sha256, in hex: it changes exactly when kops has something to do.</summary>
    [Output("specHash")] public Output<string> SpecHash { get; private set; } = null!;

    /// <summary>A kubeconfig with the cluster's API server and CA and no credential. Not secret.</summary>
    [Output("clientKubeconfig")] public Output<string> ClientKubeconfig { get; private set; } = null!;

    /// <summary>The command that writes a short-lived admin kubeconfig for whoever can read the state store.</summary>
    [Output("kubeconfigCommand")] public Output<string> KubeconfigCommand { get; private set; } = null!;

    /// <summary>
    /// The cluster-admin kubeconfig minted after the last apply, when <see cref="KopsClusterArgs.ExportAdminKubeconfig"/>
    /// asks for it, else null. Secret. It expires the cluster's kubeconfig TTL after that apply.
    /// </summary>
    [Output("kubeconfig")] public Output<string?> Kubeconfig { get; private set; } = null!;

    /// <summary>The apply's drift-repair trigger term: empty until the state store first drifted (<see cref="StoreDrift"/>).</summary>
    [Output("driftRepair")] public Output<string> DriftRepair { get; private set; } = null!;

    /// <summary>
    /// In a preview, what kops would do to AWS for this spec (its dry-run update against a copy of the state store);
    /// in an up, or with plans off, a plan that was not run. For the program only: a record is no output the engine
    /// can store (the stack exports <see cref="KopsPlan.ToOutput"/>).
    /// </summary>
    public Output<KopsPlan> Plan { get; }

    /// <summary>With rolling updates off: the kops commands the last apply left for the operator's maintenance window.</summary>
    [Output("pendingActions")] public Output<ImmutableArray<string>> PendingActions { get; private set; } = null!;

    public KopsCluster(string name, KopsClusterArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, args, options)
    {
        const string field = nameof(KopsClusterArgs);
        var settings = args.Settings;
        InputErrors.Surface(() => ClusterRules.Check(settings, $"{field}.{nameof(args.Settings)}"));
        if (settings.Irsa == true && args.DiscoveryStore is null)
        {
            throw new RunException(
                $"{field}.{nameof(args.DiscoveryStore)}: IRSA is on for {settings.Name}, and its discovery documents need a publicly readable bucket. "
                + $"Pass the {nameof(DiscoveryStore)} component's store, or set {nameof(ClusterSettings.Irsa)} off.");
        }

        // Apply never runs on unknowns: in a preview where the VPC is still to be created, Spec stays unknown.
        var discoveryStore = args.DiscoveryStore ?? Output.Create("");
        Spec = Output.Tuple(args.VpcId, args.VpcCidr, args.ClusterCidr, args.AvailabilityZones, args.NatGatewayIds, args.NetworkTags, args.StateStore, discoveryStore)
            .Apply(vpc => InputErrors.Surface(() => KopsSpecRenderer.Render(
                settings,
                new ClusterNetwork(vpc.Item1, vpc.Item2, vpc.Item3, vpc.Item4, vpc.Item5, vpc.Item6),
                vpc.Item7,
                field,
                vpc.Item8.Length > 0 ? vpc.Item8 : null)));
        SpecHash = Spec.Apply(KopsSpecRenderer.Sha256);
        KubeconfigCommand = args.StateStore.Apply(store => Kops.KubeconfigCommand.For(settings.Name, store));

        var kopsEnvironment = new InputMap<string>
        {
            { "KOPS_STATE_STORE", args.StateStore },
            { "AWS_REGION", args.Region },
        };

        DriftRepair = CheckStore(settings, args, kopsEnvironment);
        Plan = PlanChange(settings, args, kopsEnvironment);
        var triggers = Output.Tuple(SpecHash, DriftRepair).Apply(trigger => trigger.Item2.Length == 0
            ? ImmutableArray.Create<object>(trigger.Item1)
            : ImmutableArray.Create<object>(trigger.Item1, trigger.Item2));

        var check = KopsScripts.Check(settings, args.KopsVersion);
        var owner = BashCommand($"{name}-cluster", new CommandArgs
        {
            Create = check,
            Update = check,
            Delete = KopsScripts.Delete(settings, args.KopsVersion),
            Stdin = Spec,
            Environment = kopsEnvironment,
        }, new CustomResourceOptions
        {
            Parent = this,
            Protect = args.Protect,
            CustomTimeouts = new CustomTimeouts { Delete = DeleteTimeout },
        });

        var apply = KopsScripts.Apply(settings, args.KopsVersion);
        var applied = BashCommand($"{name}-apply", new CommandArgs
        {
            Create = apply,
            Update = apply,
            Stdin = Spec,
            Triggers = triggers,
            Environment = new InputMap<string> { kopsEnvironment, { KopsScripts.SshPublicKeyVariable, settings.SshPublicKey! } },
        }, new CustomResourceOptions
        {
            Parent = this,
            DependsOn = { owner },
            AdditionalSecretOutputs = { "stderr" },
            CustomTimeouts = new CustomTimeouts { Create = ApplyTimeout, Update = ApplyTimeout },
        });

        ClusterS3Associations.Declare(this, settings, args, applied);

        ClientKubeconfig = applied.Stdout;
        PendingActions = Output.Unsecret(applied.Stderr).Apply(stderr =>
        {
            var pending = KopsScripts.PendingActions(stderr);
            if (pending.Count > 0)
            {
                Log.Warn(
                    $"rolling updates are off for {settings.Name}, and its last apply left changes to the instances; unless you have since, run in your maintenance window: {string.Join(" && ", pending)}",
                    this);
            }

            return pending.ToImmutableArray();
        });

        Kubeconfig = args.ExportAdminKubeconfig
            ? Output.CreateSecret(BashCommand($"{name}-admin-kubeconfig", new CommandArgs
            {
                Create = KopsScripts.AdminKubeconfig(settings, args.KopsVersion),
                Triggers = triggers,
                Environment = kopsEnvironment,
            }, new CustomResourceOptions { Parent = this, DependsOn = { applied }, AdditionalSecretOutputs = { "stdout" } }).Stdout)
                .Apply(kubeconfig => (string?)kubeconfig)
            : Output.Create((string?)null);

        RegisterOutputs();
    }

    /// <summary>
    /// A kops Command: bash, without the previous outputs in its environment (the apply's held a kubeconfig once), and
    /// with kops's output streamed to the log from stderr.
    /// </summary>
    private static Command BashCommand(string name, CommandArgs args, CustomResourceOptions options)
    {
        args.Interpreter = Bash;
        args.AddPreviousOutputInEnv = false;
        args.Logging = Logging.Stderr;
        return new Command(name, args, options);
    }

    /// <summary>
    /// kops's own plan, in previews only (the Commands don't run there): the review step of the ReactiveOps workflow,
    /// run against a private copy of the state store, so it writes nothing anywhere. With the spec still unknown (a
    /// VPC to be created), the invoke isn't made and the plan stays unknown.
    /// </summary>
    private Output<KopsPlan> PlanChange(ClusterSettings settings, KopsClusterArgs args, InputMap<string> kopsEnvironment)
    {
        if (!Deployment.Instance.IsDryRun || args.Plan == KopsPlanMode.Off)
        {
            return Output.Create(KopsPlan.NotRun(args.Plan == KopsPlanMode.Off ? "kopsPlan is off" : "plans run in previews only"));
        }

        var planned = Run.Invoke(new RunInvokeArgs
        {
            Command = KopsScripts.Plan(settings, args.KopsVersion),
            Stdin = Spec,
            Interpreter = Bash,
            Environment = kopsEnvironment,
            AddPreviousOutputInEnv = false,
        }, new InvokeOptions { Parent = this });
        return planned.Apply(result =>
        {
            var plan = KopsPlanReport.Parse(result.Stdout);
            Report(settings.Name, plan);
            return plan;
        });
    }

    private void Report(string cluster, KopsPlan plan)
    {
        if (plan.Status == KopsPlanStatus.Unavailable)
        {
            Log.Info($"kops plan of {cluster} skipped: {plan.Reason}", this);
        }
        else if (!plan.HasChanges)
        {
            Log.Info($"kops plan of {cluster}: no changes", this);
        }
        else
        {
            Log.Warn(
                $"kops plan of {cluster}: {plan.Creates} to create, {plan.Modifies} to modify, {plan.Deletes} to delete"
                    + (plan.RollNeeded ? "; instances will roll" : "") + $"\n{string.Join("\n", plan.Report)}",
                this);
        }
    }

    /// <summary>
    /// Reads the state store (in previews too) and compares it with what the last successful up applied; the term
    /// changes only when the store no longer holds it.
    /// </summary>
    private Output<string> CheckStore(ClusterSettings settings, KopsClusterArgs args, InputMap<string> kopsEnvironment)
    {
        if (args.AppliedSpec is not { } applied)
        {
            return Output.Create(args.PreviousDriftRepair ?? "");
        }

        var read = Run.Invoke(new RunInvokeArgs
        {
            Command = KopsScripts.ReadStore(settings, args.KopsVersion),
            Interpreter = Bash,
            Environment = kopsEnvironment,
            AddPreviousOutputInEnv = false,
        }, new InvokeOptions { Parent = this });
        return read.Apply(result =>
        {
            var drift = StoreDrift.Check(applied, result.Stdout, args.PreviousDriftRepair);
            if (drift.Note is { } note)
            {
                Log.Info($"{settings.Name}: {note}", this);
            }

            return drift.Term;
        });
    }
}
