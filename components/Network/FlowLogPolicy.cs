using System.Text.Json;

namespace KopsPlatform.Network;

/// <summary>
/// The IAM documents of the role VPC flow logs deliver with: only the flow-logs service may assume it, and it may
/// only write to the one log group the VPC's flow log delivers to.
/// </summary>
public static class FlowLogPolicy
{
    public const string Service = "vpc-flow-logs.amazonaws.com";

    private static readonly string[] DeliveryActions = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"];

    public static string AssumedByFlowLogs() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new[]
        {
            new Dictionary<string, object>
            {
                ["Effect"] = "Allow",
                ["Principal"] = new Dictionary<string, string> { ["Service"] = Service },
                ["Action"] = "sts:AssumeRole",
            },
        },
    });

    /// <summary>
    /// What delivery needs (AWS's flow-log role documentation lists these three once the group exists), on the group
    /// and, through <c>:*</c>, on its streams. The stack creates the group, so no <c>logs:CreateLogGroup</c>.
    /// </summary>
    public static string WritesTo(string logGroupArn) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new[]
        {
            new Dictionary<string, object>
            {
                ["Sid"] = "DeliverFlowLogs",
                ["Effect"] = "Allow",
                ["Action"] = DeliveryActions,
                ["Resource"] = new[] { logGroupArn, $"{logGroupArn}:*" },
            },
        },
    });
}
