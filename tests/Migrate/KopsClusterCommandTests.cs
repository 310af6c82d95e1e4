using KopsPlatform.Tests.Testing;

namespace KopsPlatform.Tests.Migrate;

/// <summary>
/// <c>kops-cluster</c> on hand-written <c>kops get</c> output of a cluster built the seeds' way (Fixtures/kops): the
/// entry and diff it writes and what it prints, the shapes of node groups and subnets it maps, and, for what the
/// settings can't express and for bad input, one line naming the field or input, exit code 2 and nothing written.
/// </summary>
public class KopsClusterCommandTests
{
    private const string Cluster = "prod-cluster.yaml";
    private const string Groups = "prod-instancegroups.yaml";

    [Fact]
    public void The_seeds_cluster_becomes_an_entry_with_its_subnets_its_state_store_and_every_setting_it_runs_with()
    {
        using var run = new MigrateRun();

        var result = run.KopsCluster(Cluster, Groups, "prod");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Equal(["prod.k8s.example.com-diff.txt", "prod.k8s.example.com.yaml"], Directory.GetFiles(run.Out).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(
            """
            # Written by KopsPlatform.Migrate kops-cluster from prod-cluster.yaml and prod-instancegroups.yaml.
            # It adopts prod.k8s.example.com as it runs: its subnets where kops made them (instead of a slot) and its state
            # store. Review prod.k8s.example.com-diff.txt first, add the cluster's SSH public key (below) and the specOverrides you keep,
            # then put both keys under config: in Pulumi.prod.yaml: stateStore as it is (every cluster of the stack shares
            # it), and the entry into the kops-platform:clusters list (README: Migrating from terraform-vpc and kops).
            config:
              kops-platform:stateStore:
                bucket: acme-kops-state
              kops-platform:clusters:
                - name: prod.k8s.example.com
                  kubernetesVersion: "1.34.3"
                  subnets:
                    - { zone: us-east-1a, privateCidr: "10.30.128.0/22", utilityCidr: "10.30.152.0/24" }
                    - { zone: us-east-1d, privateCidr: "10.30.136.0/22", utilityCidr: "10.30.153.0/24" }
                    - { zone: us-east-1e, privateCidr: "10.30.144.0/22", utilityCidr: "10.30.154.0/24" }
                  controlPlane:
                    count: 3
                    machineType: m5.large
                  nodeGroups:
                    - name: nodes
                      machineType: m5.xlarge
                      min: 3
                      max: 6
                      labels:
                        kops.k8s.io/instancegroup: nodes
                  apiAccess: ["203.0.113.0/24", "198.51.100.0/24"]
                  sshAccess: ["203.0.113.0/24"]
                  apiLoadBalancer: public
                  dns:
                    type: Public
                    zone: k8s.example.com
                  networking: cilium
                  image: "099720109477/ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250610"
                  tags:
                    cost-centre: k8s-prod
                    team: platform
                  addons:
                    metricsServer: false
                    certManager: false
                    awsLoadBalancerController: false
                    nodeTerminationHandler: true
                  irsa: false
                  encryptionConfig: false
                  # sshPublicKey: the key to install, e.g. ssh-ed25519 AAAA… ops@example.com (required; the store doesn't show
                  # the cluster's, and the first apply replaces it with this one)

            """.ReplaceLineEndings("\n"),
            run.Written("prod.k8s.example.com.yaml"));
    }

    [Fact]
    public void The_diff_lists_every_field_the_first_apply_changes_the_bastion_it_deletes_and_the_overrides_that_keep_the_rest()
    {
        using var run = new MigrateRun();

        Assert.Equal(0, run.KopsCluster(Cluster, Groups, "prod").ExitCode);

        var diff = run.Written("prod.k8s.example.com-diff.txt");
        Assert.Equal(
            """
            Cluster prod.k8s.example.com: 7 fields differ.
              - spec.additionalPolicies.node: "[\n  {\n    \"Effect\": \"Allow\",\n    \"Action\": [\"route53:ChangeResourceRecordSets\"],\n    \"Resource\": [\"arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ\"]\n  }\n]\n" -> (unset)   [the suggested specOverrides keep the stored value]
              + spec.clusterAutoscaler.enabled: (unset) -> true   [the suggested specOverrides keep the stored value]
              - spec.etcdClusters[events].cpuRequest: 100m -> (unset)   [controlPlane.count decides it; no override can keep it]
              - spec.kubeProxy.enabled: false -> (unset)   [the suggested specOverrides keep the stored value]
              - spec.kubelet.maxPods: 150 -> (unset)   [the suggested specOverrides keep the stored value]
              - spec.networking.cilium.enableNodePort: true -> (unset)   [the suggested specOverrides keep the stored value]
              - spec.topology.bastion.bastionPublicName: bastion.prod.k8s.example.com -> (unset)   [the suggested specOverrides keep the stored value]

            InstanceGroups: 4 fields differ; the program renders them from its settings alone, so no override keeps a stored value.
              - control-plane-us-east-1a spec.nodeLabels["kops.k8s.io/instancegroup"]: control-plane-us-east-1a -> (unset)
              - control-plane-us-east-1d spec.nodeLabels["kops.k8s.io/instancegroup"]: control-plane-us-east-1d -> (unset)
              - control-plane-us-east-1e spec.nodeLabels["kops.k8s.io/instancegroup"]: control-plane-us-east-1e -> (unset)
              - nodes spec.rootVolumeSize: 64 -> (unset)

            InstanceGroups the program does not render:
              bastions (Bastion): no setting makes a bastion, so the first apply deletes it (`kops delete instancegroup bastions --name prod.k8s.example.com --yes`: the apply deletes every group its spec doesn't name, though kops replace alone would leave it), and its instances terminate.
            InstanceGroups the program would create: none.

            Suggested specOverrides: add these lines to the entry in prod.k8s.example.com.yaml (they keep the stored values marked
            above; leave a line out to take the program's value instead):

                  specOverrides:
                    additionalPolicies:
                      node: |
                        [
                          {
                            "Effect": "Allow",
                            "Action": ["route53:ChangeResourceRecordSets"],
                            "Resource": ["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"]
                          }
                        ]
                    clusterAutoscaler: null
                    kubeProxy:
                      enabled: false
                    kubelet:
                      maxPods: 150
                    networking:
                      cilium:
                        enableNodePort: true
                    topology:
                      bastion:
                        bastionPublicName: bastion.prod.k8s.example.com

            """.ReplaceLineEndings("\n"),
            diff[diff.IndexOf("Cluster prod.k8s.example.com:", StringComparison.Ordinal)..]);

        // The header says what it read, and which fields kops fills in itself don't count, and why.
        var header = diff.Split('\n').TakeWhile(line => line.StartsWith('#')).ToList();
        Assert.Equal(
            "# from that entry, compared field by field with the stored spec (prod-cluster.yaml and prod-instancegroups.yaml).", header[1]);
        Assert.Contains(
            "#   Cluster metadata (creationTimestamp, generation…), but the name: kops's bookkeeping; the program writes the name alone", header);
        Assert.Contains(
            "#   Cluster spec.masterPublicName: api.NAME: kops fills it in for a public DNS topology whenever it loads the cluster (PerformAssignments, upup/pkg/fi/cloudup/defaults.go)",
            header);
        Assert.Contains(
            "#   Cluster spec.etcdClusters[*].manager.backupRetentionDays: 90: kops fills it in whenever it loads the cluster (PerformAssignments, upup/pkg/fi/cloudup/defaults.go)",
            header);
        Assert.Contains("#   Cluster spec.etcdClusters[*].cpuRequest: 200m: etcd-manager's request when none is set (pkg/model/components/etcdmanager/model.go)", header);
        Assert.Contains("#   InstanceGroup spec.role: Master against ControlPlane: the same role: kops.k8s.io/v1alpha2 still prints a control plane's as Master", header);
        Assert.Contains(
            "#   InstanceGroup spec.instanceMetadata.httpPutResponseHopLimit: 1: the launch template's default in kops 1.36 (pkg/model/awsmodel/autoscalinggroup.go)", header);
    }

    [Fact]
    public void The_summary_says_what_was_read_and_written_how_much_changes_and_what_to_do_next()
    {
        using var run = new MigrateRun();

        var result = run.KopsCluster(Cluster, Groups, "prod");

        Assert.Equal(
            [
                "kops-cluster prod.k8s.example.com (from prod-cluster.yaml and prod-instancegroups.yaml) -> stack prod",
                "  read: the Cluster and 5 InstanceGroups (control-plane-us-east-1a, control-plane-us-east-1d, control-plane-us-east-1e, nodes, bastions)",
                "  network: vpc-01000000000000000 (10.30.0.0/16); subnets in us-east-1a, us-east-1d, us-east-1e, egress nat-01800000000000000, nat-01800000000000001, nat-01800000000000002",
                "  state store: s3://acme-kops-state (kops-platform:stateStore.bucket)",
                "  control plane: 3 x m5.large; workers: nodes",
                "",
                $"Wrote {Path.Combine(run.Out, "prod.k8s.example.com.yaml")} and {Path.Combine(run.Out, "prod.k8s.example.com-diff.txt")}.",
                "The first apply would change 12 things: 7 fields of the Cluster (6 kept by the suggested specOverrides, 1 decided by settings), "
                    + "4 InstanceGroup fields, 1 group deleted (bastions), 0 created.",
                "Next (README, \"Migrating from terraform-vpc and kops\", kops clusters): review both files; add the cluster's sshPublicKey and the "
                    + "specOverrides you keep to the entry and put it into Pulumi.prod.yaml; `pulumi preview --stack prod --diff`, whose kops plan must "
                    + "show nothing the diff doesn't; then `pulumi up --stack prod`.",
                "",
            ],
            result.StdoutLines);
    }

    [Fact]
    public void Subnets_named_otherwise_than_kops_names_them_keep_their_names_and_one_NAT_for_every_zone_is_one_NAT()
    {
        using var run = new MigrateRun();
        var cluster = run.Variant($"kops/{Cluster}",
            ("name: us-east-1d\n    type: Private", "name: private-d\n    type: Private"),
            ("name: utility-us-east-1e", "name: public-e"),
            ("egress: nat-01800000000000001", "egress: nat-01800000000000000"),
            ("egress: nat-01800000000000002", "egress: nat-01800000000000000"));
        var groups = run.Variant($"kops/{Groups}", ("  - us-east-1d\n", "  - private-d\n"), ("  - utility-us-east-1e\n", "  - public-e\n"));

        var result = run.KopsClusterFrom(cluster, groups, "prod");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Contains(
            """
                  subnets:
                    - { zone: us-east-1a, privateCidr: "10.30.128.0/22", utilityCidr: "10.30.152.0/24" }
                    - { zone: us-east-1d, privateCidr: "10.30.136.0/22", utilityCidr: "10.30.153.0/24", privateName: private-d }
                    - { zone: us-east-1e, privateCidr: "10.30.144.0/22", utilityCidr: "10.30.154.0/24", utilityName: public-e }

            """.ReplaceLineEndings("\n"),
            run.Written("prod.k8s.example.com.yaml"),
            StringComparison.Ordinal);
        Assert.Contains("  network: vpc-01000000000000000 (10.30.0.0/16); subnets in us-east-1a, us-east-1d, us-east-1e, egress nat-01800000000000000", result.StdoutLines);

        // The names and the NAT are what the store has, so neither the subnets nor the groups' subnets differ.
        Assert.Contains("Cluster prod.k8s.example.com: 7 fields differ.\n", run.Written("prod.k8s.example.com-diff.txt"), StringComparison.Ordinal);
        Assert.Contains("InstanceGroups: 4 fields differ;", run.Written("prod.k8s.example.com-diff.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_named_after_their_zone_become_a_per_zone_group_and_a_mixed_instances_policy_becomes_spot()
    {
        using var run = new MigrateRun();
        var stored = File.ReadAllText(MigrateRun.Fixture($"kops/{Groups}"));
        var nodes = stored.Split("---\n").Single(document => document.Contains("  name: nodes\n", StringComparison.Ordinal));
        string Worker(string zone) => nodes
            .Replace("  name: nodes\n", $"  name: workers-us-east-1{zone}\n", StringComparison.Ordinal)
            .Replace("  - us-east-1a\n  - us-east-1d\n  - us-east-1e\n", $"  - us-east-1{zone}\n", StringComparison.Ordinal)
            .Replace("    kops.k8s.io/instancegroup: nodes\n", "    workload: general\n", StringComparison.Ordinal);
        var spot = nodes
            .Replace("  name: nodes\n", "  name: spot\n", StringComparison.Ordinal)
            .Replace("  - us-east-1a\n  - us-east-1d\n  - us-east-1e\n", "  - us-east-1d\n  - us-east-1e\n", StringComparison.Ordinal)
            .Replace("  machineType: m5.xlarge\n  maxSize: 6\n  minSize: 3\n", """
              machineType: c5.xlarge
              maxSize: 10
              minSize: 0
              mixedInstancesPolicy:
                instances:
                - c5.xlarge
                - c5a.xlarge
                - c6i.xlarge
                onDemandAboveBase: 10
                spotAllocationStrategy: price-capacity-optimized

            """, StringComparison.Ordinal)
            .Replace("  role: Node\n", "  role: Node\n  taints:\n  - dedicated=spot:NoSchedule\n", StringComparison.Ordinal)
            .Replace("    kops.k8s.io/instancegroup: nodes\n", "    kops.k8s.io/instancegroup: spot\n", StringComparison.Ordinal);
        var groups = Path.Combine(run.Root, "groups.yaml");
        File.WriteAllText(groups, string.Join("---\n", stored.Split("---\n").Where(document => document != nodes).Concat([Worker("a"), Worker("d"), Worker("e"), spot])));

        var result = run.KopsClusterFrom(MigrateRun.Fixture($"kops/{Cluster}"), groups, "prod");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Contains(
            """
                  nodeGroups:
                    - name: workers
                      machineType: m5.xlarge
                      min: 3
                      max: 6
                      perZone: true
                      labels:
                        workload: general
                    - name: spot
                      machineType: c5.xlarge
                      min: 0
                      max: 10
                      zones: [us-east-1d, us-east-1e]
                      spot:
                        onDemandBase: 0
                        onDemandAboveBase: 10
                        instanceTypes: [c5a.xlarge, c6i.xlarge]
                      labels:
                        kops.k8s.io/instancegroup: spot
                      taints: ["dedicated=spot:NoSchedule"]
                  apiAccess:
            """.ReplaceLineEndings("\n"),
            run.Written("prod.k8s.example.com.yaml"),
            StringComparison.Ordinal);
        Assert.Contains("  control plane: 3 x m5.large; workers: workers (per zone), spot", result.StdoutLines);

        // The per-zone group renders the three groups the store has, and the Spot group its policy: what differs is the
        // root volume they lose (and the control planes' labels, as before); no group is created.
        Assert.Contains(
            """
            InstanceGroups: 7 fields differ; the program renders them from its settings alone, so no override keeps a stored value.
              - control-plane-us-east-1a spec.nodeLabels["kops.k8s.io/instancegroup"]: control-plane-us-east-1a -> (unset)
              - control-plane-us-east-1d spec.nodeLabels["kops.k8s.io/instancegroup"]: control-plane-us-east-1d -> (unset)
              - control-plane-us-east-1e spec.nodeLabels["kops.k8s.io/instancegroup"]: control-plane-us-east-1e -> (unset)
              - workers-us-east-1a spec.rootVolumeSize: 64 -> (unset)
              - workers-us-east-1d spec.rootVolumeSize: 64 -> (unset)
              - workers-us-east-1e spec.rootVolumeSize: 64 -> (unset)
              - spot spec.rootVolumeSize: 64 -> (unset)

            """.ReplaceLineEndings("\n"),
            run.Written("prod.k8s.example.com-diff.txt"),
            StringComparison.Ordinal);
        Assert.Contains("InstanceGroups the program would create: none.\n", run.Written("prod.k8s.example.com-diff.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_with_IRSA_the_metrics_server_calico_and_an_internal_classic_API_keeps_them_and_the_notes_say_what_the_stack_changes()
    {
        using var run = new MigrateRun();
        var cluster = run.Variant($"kops/{Cluster}",
            ("  sshAccess:", "  serviceAccountIssuerDiscovery:\n    discoveryStore: s3://acme-oidc/prod.k8s.example.com\n    enableAWSOIDCProvider: true\n  sshAccess:"),
            ("  kubernetesVersion: 1.34.3\n", "  kubernetesVersion: v1.34.3\n  metricsServer:\n    enabled: true\n"),
            ("    cilium:\n      enableNodePort: true\n", "    calico: {}\n"),
            ("      class: Network\n      type: Public\n", "      type: Internal\n"));

        var result = run.KopsClusterFrom(cluster, MigrateRun.Fixture($"kops/{Groups}"), "prod");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var entry = run.Written("prod.k8s.example.com.yaml");
        foreach (var line in new[]
        {
            "      kubernetesVersion: \"1.34.3\"\n", "      apiLoadBalancer: internal\n", "      networking: calico\n", "        metricsServer: true\n",
            "        certManager: true\n", "      irsa: true\n",
        })
        {
            Assert.Contains(line, entry, StringComparison.Ordinal);
        }

        var diff = run.Written("prod.k8s.example.com-diff.txt");
        Assert.Contains("  + spec.certManager.enabled: (unset) -> true   [addons.certManager decides it; no override can keep it]\n", diff, StringComparison.Ordinal);
        Assert.Contains("  + spec.iam.useServiceAccountExternalPermissions: (unset) -> true   [irsa decides it; no override can keep it]\n", diff, StringComparison.Ordinal);
        Assert.Contains("  + spec.metricsServer.insecure: (unset) -> false   [the suggested specOverrides keep the stored value]\n", diff, StringComparison.Ordinal);
        var fields = diff[diff.IndexOf("Cluster prod.k8s.example.com:", StringComparison.Ordinal)..];
        Assert.DoesNotContain("spec.kubernetesVersion", fields, StringComparison.Ordinal); // v1.34.3 is 1.34.3
        Assert.DoesNotContain("spec.serviceAccountIssuerDiscovery", fields, StringComparison.Ordinal);
        Assert.Contains(
            "  note: IRSA: the cluster publishes its service-account issuer in s3://acme-oidc, and this diff renders it there. The stack publishes its "
            + "clusters' in its own discoveryStore bucket (kops-oidc-<network>-<account>-<region>): unless that is the same bucket, the first apply "
            + "changes the issuer, and every service-account token stops working until pods get new ones.",
            result.StdoutLines);
        Assert.Contains("  + spec.api.loadBalancer.class: (unset) -> Network   [the suggested specOverrides keep the stored value]\n", diff, StringComparison.Ordinal);
        Assert.Contains(
            "  note: api.loadBalancer.class: unset (Classic in kops 1.36), and the program's is Network: kops then provisions a Network load balancer, "
            + "moves the API's DNS record to it (the API is unreachable through it for a few minutes) and leaves the Classic one to delete by hand "
            + "(kops's CLB to NLB guide, permalinks/acm_nlb.md). The suggested specOverrides keep the Classic one, which kops deprecates (1.36 release "
            + "notes: removed in 1.38).",
            result.StdoutLines);
        Assert.Contains(
            "  note: addons.certManager: on, though the cluster runs without it: the program serves the metrics server and the AWS Load Balancer "
            + "Controller's webhook with cert-manager's certificates, so the first apply installs it.",
            result.StdoutLines);
    }

    /// <summary>The stored Cluster with one text replaced, and the line the tool refuses it with.</summary>
    [Theory]
    [InlineData( // a public topology
        "name: utility-us-east-1a\n    type: Utility", "name: utility-us-east-1a\n    type: Public",
        "spec.subnets[3] (utility-us-east-1a).type: Public, a public topology; the program builds private topologies only (Private subnets "
        + "behind the VPC's NAT gateways, Utility subnets for load balancers), and kops can't change a cluster's topology.")]
    [InlineData( // a zone without its Utility subnet
        "  - cidr: 10.30.154.0/24\n    name: utility-us-east-1e\n    type: Utility\n    zone: us-east-1e\n", "",
        "spec.subnets: us-east-1e has a Private subnet but no Utility one; the program gives each of a cluster's zones one of each "
        + "(Private for the instances, Utility for load balancers).")]
    [InlineData( // a subnet in the VPC's lower half
        "cidr: 10.30.153.0/24", "cidr: 10.30.60.0/24",
        "spec.subnets[4] (utility-us-east-1d).cidr: 10.30.60.0/24 lies outside 10.30.128.0/17, the upper half of the VPC that the program "
        + "keeps for clusters; kops can't move a subnet, so the program can't adopt it.")]
    [InlineData( // no networkID: kops built the VPC
        "  networkID: vpc-01000000000000000\n", "",
        "spec.networkID: missing, so kops built the cluster a VPC of its own; the program adopts only clusters in a VPC the stack holds "
        + "(networkID and networkCIDR of the migrated VPC).")]
    [InlineData( // no API access
        "  kubernetesApiAccess:\n  - 203.0.113.0/24\n  - 198.51.100.0/24\n", "",
        "spec.kubernetesApiAccess: none, so no address reaches the API through its load balancer; the program needs the CIDRs that may "
        + "(apiAccess): set them on the stored cluster (kops edit cluster prod.k8s.example.com) and read it again.")]
    [InlineData( // a CNI the program doesn't run
        "    cilium:\n      enableNodePort: true\n", "    amazonvpc: {}\n",
        "spec.networking.amazonvpc: the program supports only cilium and calico, and kops can't switch a running cluster's CNI.")]
    [InlineData( // an etcd member the program would rename
        "instanceGroup: control-plane-us-east-1d\n      name: d", "instanceGroup: control-plane-us-east-1d\n      name: us-east-1d",
        "spec.etcdClusters[0] (main).etcdMembers[1].name: us-east-1d, but the program names the member of control-plane-us-east-1d 'd' "
        + "(its zone's letter, as kops create cluster does); etcd-manager finds its volumes by member name, so it can't be renamed.")]
    [InlineData( // an unencrypted etcd volume
        "    - encryptedVolume: true\n      instanceGroup: control-plane-us-east-1a", "    - instanceGroup: control-plane-us-east-1a",
        "spec.etcdClusters[0] (main).etcdMembers[0].encryptedVolume: missing; the program encrypts etcd volumes, and kops can't change an "
        + "existing volume's encryption.")]
    [InlineData( // a private subnet behind a NAT gateway kops made
        "    egress: nat-01800000000000001\n", "",
        "spec.subnets[1] (us-east-1d).egress: missing; the program routes each private subnet through the VPC's NAT gateway of its zone "
        + "(egress: nat-…), so it can't keep the NAT gateway kops made for the cluster.")]
    [InlineData( // a shared subnet
        "  - cidr: 10.30.128.0/22\n", "  - cidr: 10.30.128.0/22\n    id: subnet-0aa00000000000000\n",
        "spec.subnets[0] (us-east-1a).id: subnet-0aa00000000000000, a subnet kops shares rather than owns; the program renders subnets kops "
        + "owns (no id), and kops would then try to create a second subnet at its block.")]
    public void What_the_settings_cant_express_is_refused_naming_the_field(string stored, string changed, string error)
    {
        using var run = new MigrateRun();
        var cluster = run.Variant($"kops/{Cluster}", (stored, changed));

        run.AssertRefused(run.KopsClusterFrom(cluster, MigrateRun.Fixture($"kops/{Groups}"), "prod"), $"error: {error}");
    }

    [Fact]
    public void A_control_plane_of_two_is_refused()
    {
        using var run = new MigrateRun();
        var stored = File.ReadAllText(MigrateRun.Fixture($"kops/{Groups}"));
        var groups = Path.Combine(run.Root, "groups.yaml");
        File.WriteAllText(groups, string.Join("---\n", stored.Split("---\n").Where(document => !document.Contains("name: control-plane-us-east-1e", StringComparison.Ordinal))));

        run.AssertRefused(run.KopsClusterFrom(MigrateRun.Fixture($"kops/{Cluster}"), groups, "prod"),
            "error: InstanceGroups: 2 control-plane groups (control-plane-us-east-1a, control-plane-us-east-1d); the program runs 1, 3 or 5 "
            + "(etcd needs an odd quorum), and kops can't remove etcd members, so it can't adopt this control plane.");
    }

    [Fact]
    public void Control_plane_groups_named_otherwise_than_the_program_names_them_are_refused()
    {
        using var run = new MigrateRun();
        var cluster = run.Variant($"kops/{Cluster}", ("instanceGroup: control-plane-us-east-1a", "instanceGroup: master-us-east-1a"));
        var groups = run.Variant($"kops/{Groups}", ("  name: control-plane-us-east-1a", "  name: master-us-east-1a"));

        run.AssertRefused(run.KopsClusterFrom(cluster, groups, "prod"),
            "error: InstanceGroup master-us-east-1a: the program names the control-plane group of us-east-1a control-plane-us-east-1a, and its apply "
            + "refuses to drop a control-plane group (kops can't remove etcd members), so it can't adopt one named otherwise.");
    }

    [Fact]
    public void Instance_groups_of_another_cluster_are_bad_input()
    {
        using var run = new MigrateRun();
        var groups = run.Variant($"kops/{Groups}", ("    kops.k8s.io/cluster: prod.k8s.example.com\n  name: nodes", "    kops.k8s.io/cluster: staging.k8s.example.com\n  name: nodes"));

        run.AssertRefused(run.KopsClusterFrom(MigrateRun.Fixture($"kops/{Cluster}"), groups, "prod"),
            $"error: --instancegroups-yaml {groups}: InstanceGroup nodes belongs to cluster staging.k8s.example.com (kops.k8s.io/cluster), not prod.k8s.example.com: "
            + "give the output of `kops get instancegroups --name prod.k8s.example.com -o yaml`.");
    }

    [Fact]
    public void A_file_without_a_Cluster_document_is_bad_input()
    {
        using var run = new MigrateRun();
        var groups = MigrateRun.Fixture($"kops/{Groups}");

        run.AssertRefused(run.KopsClusterFrom(groups, groups, "prod"),
            $"error: --cluster-yaml {groups} holds no Cluster document: give the output of `kops get cluster NAME -o yaml`, the one Cluster alone.");
    }

    [Fact]
    public void Files_that_are_missing_or_not_YAML_are_bad_input()
    {
        using var run = new MigrateRun();
        var missing = Path.Combine(run.Root, "cluster.yaml");

        run.AssertRefused(run.KopsClusterFrom(missing, MigrateRun.Fixture($"kops/{Groups}"), "prod"),
            $"error: --cluster-yaml {missing}: no such file; write it with `kops get cluster NAME -o yaml > cluster.yaml`.");
        run.AssertRefused(run.KopsClusterFrom(MigrateRun.Fixture($"kops/{Cluster}"), Path.Combine(run.Root, "igs.yaml"), "prod"),
            $"error: --instancegroups-yaml {Path.Combine(run.Root, "igs.yaml")}: no such file; write it with `kops get instancegroups --name NAME -o yaml > igs.yaml`.");

        var text = Path.Combine(run.Root, "groups.txt");
        File.WriteAllText(text, "NAME\tROLE\tMACHINETYPE\nnodes: [Node\tm5.xlarge\n");
        var result = run.KopsClusterFrom(MigrateRun.Fixture($"kops/{Cluster}"), text, "prod");
        Assert.StartsWith($"error: --instancegroups-yaml {text} is not YAML (line ", result.Stderr, StringComparison.Ordinal);
        run.AssertRefused(result, result.Stderr.TrimEnd('\n'));
        Assert.EndsWith("): give the output of `kops get instancegroups --name prod.k8s.example.com -o yaml`.\n", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_folder_with_files_in_it_is_refused_unless_forced()
    {
        using var run = new MigrateRun();
        Directory.CreateDirectory(run.Out);
        File.WriteAllText(Path.Combine(run.Out, "notes.txt"), "mine");

        var refused = run.KopsCluster(Cluster, Groups, "prod");

        Assert.Equal(
            (2, "", $"error: --out {run.Out}: the folder is not empty; pick an empty or new one, or pass --force to write into it anyway.\n"),
            (refused.ExitCode, refused.Stdout, refused.Stderr.ReplaceLineEndings("\n")));
        Assert.Equal(["notes.txt"], Directory.GetFiles(run.Out).Select(Path.GetFileName));

        Assert.Equal(0, run.KopsCluster(Cluster, Groups, "prod", "--force").ExitCode);
        Assert.Equal(
            ["notes.txt", "prod.k8s.example.com-diff.txt", "prod.k8s.example.com.yaml"],
            Directory.GetFiles(run.Out).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bad_options_are_bad_input_and_help_names_every_option()
    {
        using var run = new MigrateRun();

        run.AssertRefused(run.KopsCluster(Cluster, Groups, "acme/prod"),
            "error: --stack acme/prod: not a stack name (letters, digits, '-', '_' and '.'); give the short name, as in Pulumi.<stack>.yaml.");
        var missing = MigrateRun.Run("kops-cluster", "--cluster-yaml", MigrateRun.Fixture($"kops/{Cluster}"), "--stack", "prod", "--out", run.Out);
        Assert.Equal((2, false), (missing.ExitCode, Directory.Exists(run.Out)));
        Assert.Contains("--instancegroups-yaml", missing.Stderr, StringComparison.Ordinal);

        var help = MigrateRun.Run("kops-cluster", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var option in new[] { "--cluster-yaml", "--instancegroups-yaml", "--stack", "--out", "--force" })
        {
            Assert.Contains(option, help.Stdout, StringComparison.Ordinal);
        }
    }
}
