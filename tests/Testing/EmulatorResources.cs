using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Ec2Filter = Amazon.EC2.Model.Filter;
using Ec2Tag = Amazon.EC2.Model.Tag;
using S3Tag = Amazon.S3.Model.Tag;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// Each Pulumi.Aws resource type the stack creates, as the EC2 and S3 calls that create it (what the provider does on
/// create, without its retries and waits), for <see cref="EmulatorDeployment"/>.
/// </summary>
public sealed class EmulatorResources(IAmazonEC2 ec2, IAmazonS3 s3)
{
    /// <summary>The emulator's id of a created resource, and the ids of its parts that others name (<c>defaultNetworkAclId</c>).</summary>
    public sealed record Created(string Id, IReadOnlyDictionary<string, string> Attributes)
    {
        public Created(string id)
            : this(id, new Dictionary<string, string>())
        {
        }
    }

    public Task<Created> CreateAsync(string type, Fields inputs) => type switch
    {
        "aws:ec2/vpc:Vpc" => VpcAsync(inputs),
        "aws:ec2/internetGateway:InternetGateway" => InternetGatewayAsync(inputs),
        "aws:ec2/subnet:Subnet" => SubnetAsync(inputs),
        "aws:ec2/routeTable:RouteTable" => RouteTableAsync(inputs),
        "aws:ec2/route:Route" => RouteAsync(inputs),
        "aws:ec2/routeTableAssociation:RouteTableAssociation" => RouteTableAssociationAsync(inputs),
        "aws:ec2/eip:Eip" => EipAsync(inputs),
        "aws:ec2/natGateway:NatGateway" => NatGatewayAsync(inputs),
        "aws:ec2/vpcEndpoint:VpcEndpoint" => VpcEndpointAsync(inputs),
        "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation" => VpcEndpointRouteTableAssociationAsync(inputs),
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" => DefaultSecurityGroupAsync(inputs),
        "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl" => DefaultNetworkAclAsync(inputs),
        "aws:s3/bucket:Bucket" => BucketAsync(inputs),
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls" => OwnershipControlsAsync(inputs),
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" => PublicAccessBlockAsync(inputs),
        "aws:s3/bucketVersioning:BucketVersioning" => VersioningAsync(inputs),
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration" => EncryptionAsync(inputs),
        "aws:s3/bucketPolicy:BucketPolicy" => BucketPolicyAsync(inputs),
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration" => LifecycleAsync(inputs),
        _ => throw new NotSupportedException($"No emulator calls for {type}: map it in {nameof(EmulatorResources)}, or say in {nameof(EmulatorDeployment)} why it is left out."),
    };

    private async Task<Created> VpcAsync(Fields inputs)
    {
        var vpc = (await Ok(ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = inputs.Text("cidrBlock") }))).Vpc;
        if (inputs.OptionalFlag("enableDnsSupport") is { } dnsSupport)
        {
            await Ok(ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsSupport = dnsSupport }));
        }

        if (inputs.OptionalFlag("enableDnsHostnames") is { } dnsHostnames)
        {
            await Ok(ec2.ModifyVpcAttributeAsync(new ModifyVpcAttributeRequest { VpcId = vpc.VpcId, EnableDnsHostnames = dnsHostnames }));
        }

        await TagAsync(vpc.VpcId, inputs);
        var acls = await Ok(ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [Filter("vpc-id", vpc.VpcId), Filter("default", "true")] }));
        return new Created(vpc.VpcId, new Dictionary<string, string> { ["defaultNetworkAclId"] = acls.NetworkAcls.Single().NetworkAclId });
    }

    private async Task<Created> InternetGatewayAsync(Fields inputs)
    {
        var gateway = (await Ok(ec2.CreateInternetGatewayAsync(new CreateInternetGatewayRequest()))).InternetGateway;
        await Ok(ec2.AttachInternetGatewayAsync(new AttachInternetGatewayRequest { InternetGatewayId = gateway.InternetGatewayId, VpcId = inputs.Id("vpcId") }));
        return await TaggedAsync(gateway.InternetGatewayId, inputs);
    }

    private async Task<Created> SubnetAsync(Fields inputs)
    {
        var subnet = (await Ok(ec2.CreateSubnetAsync(new CreateSubnetRequest
        {
            VpcId = inputs.Id("vpcId"),
            CidrBlock = inputs.Text("cidrBlock"),
            AvailabilityZone = inputs.Text("availabilityZone"),
        }))).Subnet;
        if (inputs.OptionalFlag("mapPublicIpOnLaunch") is { } mapPublicIp)
        {
            await Ok(ec2.ModifySubnetAttributeAsync(new ModifySubnetAttributeRequest { SubnetId = subnet.SubnetId, MapPublicIpOnLaunch = mapPublicIp }));
        }

        return await TaggedAsync(subnet.SubnetId, inputs);
    }

    private async Task<Created> RouteTableAsync(Fields inputs)
    {
        var table = (await Ok(ec2.CreateRouteTableAsync(new CreateRouteTableRequest { VpcId = inputs.Id("vpcId") }))).RouteTable;
        return await TaggedAsync(table.RouteTableId, inputs);
    }

    private async Task<Created> RouteAsync(Fields inputs)
    {
        var table = inputs.Id("routeTableId");
        var destination = inputs.Text("destinationCidrBlock");
        await Ok(ec2.CreateRouteAsync(new CreateRouteRequest
        {
            RouteTableId = table,
            DestinationCidrBlock = destination,
            GatewayId = inputs.OptionalId("gatewayId"),
            NatGatewayId = inputs.OptionalId("natGatewayId"),
        }));
        return new Created($"r-{table}-{destination}");
    }

    private async Task<Created> RouteTableAssociationAsync(Fields inputs)
    {
        var association = await Ok(ec2.AssociateRouteTableAsync(new AssociateRouteTableRequest
        {
            SubnetId = inputs.Id("subnetId"),
            RouteTableId = inputs.Id("routeTableId"),
        }));
        return new Created(association.AssociationId);
    }

    private async Task<Created> EipAsync(Fields inputs)
    {
        var address = await Ok(ec2.AllocateAddressAsync(new AllocateAddressRequest
        {
            Domain = inputs.Text("domain") == "vpc" ? DomainType.Vpc : throw new NotSupportedException("An EIP outside a VPC."),
        }));
        await TagAsync(address.AllocationId, inputs);
        return new Created(address.AllocationId, new Dictionary<string, string> { ["allocationId"] = address.AllocationId });
    }

    private async Task<Created> NatGatewayAsync(Fields inputs)
    {
        var gateway = (await Ok(ec2.CreateNatGatewayAsync(new CreateNatGatewayRequest
        {
            SubnetId = inputs.Id("subnetId"),
            AllocationId = inputs.Id("allocationId"),
        }))).NatGateway;
        return await TaggedAsync(gateway.NatGatewayId, inputs);
    }

    private async Task<Created> VpcEndpointAsync(Fields inputs)
    {
        var endpoint = (await Ok(ec2.CreateVpcEndpointAsync(new CreateVpcEndpointRequest
        {
            VpcId = inputs.Id("vpcId"),
            ServiceName = inputs.Text("serviceName"),
            VpcEndpointType = inputs.Text("vpcEndpointType") == "Gateway" ? VpcEndpointType.Gateway : throw new NotSupportedException("An interface endpoint."),
        }))).VpcEndpoint;
        return await TaggedAsync(endpoint.VpcEndpointId, inputs);
    }

    private async Task<Created> VpcEndpointRouteTableAssociationAsync(Fields inputs)
    {
        var endpoint = inputs.Id("vpcEndpointId");
        var table = inputs.Id("routeTableId");
        await Ok(ec2.ModifyVpcEndpointAsync(new ModifyVpcEndpointRequest { VpcEndpointId = endpoint, AddRouteTableIds = [table] }));
        return new Created($"{endpoint}/{table}");
    }

    /// <summary>Adopts the VPC's default security group and, as the provider does without ingress or egress blocks, removes every rule.</summary>
    private async Task<Created> DefaultSecurityGroupAsync(Fields inputs)
    {
        var groups = await Ok(ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
        {
            Filters = [Filter("vpc-id", inputs.Id("vpcId")), Filter("group-name", "default")],
        }));
        var group = groups.SecurityGroups.Single();
        if (group.IpPermissions is { Count: > 0 } ingress)
        {
            await Ok(ec2.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest { GroupId = group.GroupId, IpPermissions = ingress }));
        }

        if (group.IpPermissionsEgress is { Count: > 0 } egress)
        {
            await Ok(ec2.RevokeSecurityGroupEgressAsync(new RevokeSecurityGroupEgressRequest { GroupId = group.GroupId, IpPermissions = egress }));
        }

        return await TaggedAsync(group.GroupId, inputs);
    }

    /// <summary>Adopts the VPC's default network ACL with exactly the given rules (AWS's catch-all deny, 32767, stays).</summary>
    private async Task<Created> DefaultNetworkAclAsync(Fields inputs)
    {
        var aclId = inputs.Id("defaultNetworkAclId");
        var wanted = inputs.Maps("ingress").Select(rule => Rule(rule, egress: false))
            .Concat(inputs.Maps("egress").Select(rule => Rule(rule, egress: true)))
            .ToList();
        var acl = (await Ok(ec2.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { NetworkAclIds = [aclId] }))).NetworkAcls.Single();
        // As the provider changes rules: the ones not wanted go, then the wanted ones are created afresh.
        foreach (var entry in (acl.Entries ?? []).Where(entry => entry.RuleNumber != 32767))
        {
            await Ok(ec2.DeleteNetworkAclEntryAsync(new DeleteNetworkAclEntryRequest { NetworkAclId = aclId, Egress = entry.Egress, RuleNumber = entry.RuleNumber }));
        }

        foreach (var rule in wanted)
        {
            await Ok(ec2.CreateNetworkAclEntryAsync(new CreateNetworkAclEntryRequest
            {
                NetworkAclId = aclId,
                Egress = rule.Egress,
                RuleNumber = rule.RuleNumber,
                RuleAction = rule.RuleAction,
                Protocol = rule.Protocol,
                CidrBlock = rule.CidrBlock,
                PortRange = rule.PortRange,
            }));
        }

        return await TaggedAsync(aclId, inputs);

        static NetworkAclEntry Rule(Fields rule, bool egress) => new()
        {
            Egress = egress,
            RuleNumber = rule.Number("ruleNo"),
            RuleAction = rule.Text("action") == "allow" ? RuleAction.Allow : RuleAction.Deny,
            Protocol = rule.Text("protocol"),
            CidrBlock = rule.Text("cidrBlock"),
            PortRange = new PortRange { From = rule.Number("fromPort"), To = rule.Number("toPort") },
        };
    }

    private async Task<Created> BucketAsync(Fields inputs)
    {
        var bucket = inputs.Text("bucket");
        inputs.ProviderSide("forceDestroy", "the provider empties the bucket before it deletes it; nothing to send on create");
        await Ok(s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }));
        if (inputs.Tags() is { Count: > 0 } tags)
        {
            await Ok(s3.PutBucketTaggingAsync(new PutBucketTaggingRequest
            {
                BucketName = bucket,
                TagSet = [.. tags.Select(tag => new S3Tag { Key = tag.Key, Value = tag.Value })],
            }));
        }

        return new Created(bucket);
    }

    private Task<Created> OwnershipControlsAsync(Fields inputs) => BucketSettingAsync(inputs, bucket =>
        s3.PutBucketOwnershipControlsAsync(new PutBucketOwnershipControlsRequest
        {
            BucketName = bucket,
            OwnershipControls = new OwnershipControls
            {
                Rules = [new OwnershipControlsRule { ObjectOwnership = ObjectOwnership.FindValue(inputs.Map("rule").Text("objectOwnership")) }],
            },
        }));

    private Task<Created> PublicAccessBlockAsync(Fields inputs) => BucketSettingAsync(inputs, bucket =>
        s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = bucket,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
            {
                BlockPublicAcls = inputs.OptionalFlag("blockPublicAcls") ?? false,
                BlockPublicPolicy = inputs.OptionalFlag("blockPublicPolicy") ?? false,
                IgnorePublicAcls = inputs.OptionalFlag("ignorePublicAcls") ?? false,
                RestrictPublicBuckets = inputs.OptionalFlag("restrictPublicBuckets") ?? false,
            },
        }));

    private Task<Created> VersioningAsync(Fields inputs) => BucketSettingAsync(inputs, bucket =>
        s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.FindValue(inputs.Map("versioningConfiguration").Text("status")) },
        }));

    private Task<Created> EncryptionAsync(Fields inputs) => BucketSettingAsync(inputs, bucket =>
        s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = bucket,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules = [.. inputs.Maps("rules").Select(rule => new ServerSideEncryptionRule
                {
                    ServerSideEncryptionByDefault = EncryptionByDefault(rule.Map("applyServerSideEncryptionByDefault")),
                    BucketKeyEnabled = rule.OptionalFlag("bucketKeyEnabled"),
                })],
            },
        }));

    private Task<Created> BucketPolicyAsync(Fields inputs) => BucketSettingAsync(inputs, bucket =>
        s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = inputs.Text("policy") }));

    private Task<Created> LifecycleAsync(Fields inputs) => BucketSettingAsync(inputs, bucket =>
        s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules = [.. inputs.Maps("rules").Select(rule => new LifecycleRule
                {
                    Id = rule.Text("id"),
                    Status = LifecycleRuleStatus.FindValue(rule.Text("status")),
                    Filter = EveryObject(rule.Map("filter")),
                    NoncurrentVersionExpiration = rule.OptionalMap("noncurrentVersionExpiration") is { } expiration
                        ? new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = expiration.Number("noncurrentDays") }
                        : null,
                    AbortIncompleteMultipartUpload = rule.OptionalMap("abortIncompleteMultipartUpload") is { } abort
                        ? new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = abort.Number("daysAfterInitiation") }
                        : null,
                })],
            },
        }));

    private static ServerSideEncryptionByDefault EncryptionByDefault(Fields byDefault) => new()
    {
        ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.FindValue(byDefault.Text("sseAlgorithm")),
        ServerSideEncryptionKeyManagementServiceKeyId = byDefault.OptionalText("kmsMasterKeyId"),
    };

    /// <summary>Only the empty lifecycle filter (every object) is mapped: one with keys fails the check that every input was sent.</summary>
    private static LifecycleFilter EveryObject(Fields filter) => filter.Has("prefix") ? throw new NotSupportedException("A lifecycle filter by prefix.") : new();

    /// <summary>A setting of a bucket (its <c>bucket</c> input): one call, and the setting's id is the bucket's name, as the provider's is.</summary>
    private static async Task<Created> BucketSettingAsync<T>(Fields inputs, Func<string, Task<T>> put)
        where T : Amazon.Runtime.AmazonWebServiceResponse
    {
        var bucket = inputs.Id("bucket");
        await Ok(put(bucket));
        return new Created(bucket);
    }

    /// <summary>Gives the created resource its <c>tags</c> (after the create, as every EC2 call here can), and its id.</summary>
    private async Task<Created> TaggedAsync(string resourceId, Fields inputs)
    {
        await TagAsync(resourceId, inputs);
        return new Created(resourceId);
    }

    private async Task TagAsync(string resourceId, Fields inputs)
    {
        if (inputs.Tags() is { Count: > 0 } tags)
        {
            await Ok(ec2.CreateTagsAsync(new CreateTagsRequest
            {
                Resources = [resourceId],
                Tags = [.. tags.Select(tag => new Ec2Tag(tag.Key, tag.Value))],
            }));
        }
    }

    private static Ec2Filter Filter(string name, string value) => new(name, [value]);

    /// <summary>The call's response, when the emulator answered it with success; the SDK throws on most errors, and this catches the rest.</summary>
    private static async Task<T> Ok<T>(Task<T> call)
        where T : Amazon.Runtime.AmazonWebServiceResponse
    {
        var response = await call;
        return (int)response.HttpStatusCode is >= 200 and < 300
            ? response
            : throw new InvalidOperationException($"{typeof(T).Name[..^"Response".Length]} answered {(int)response.HttpStatusCode} {response.HttpStatusCode}.");
    }
}
