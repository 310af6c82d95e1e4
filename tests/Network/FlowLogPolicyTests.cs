using KopsPlatform.Network;

namespace KopsPlatform.Tests.Network;

public class FlowLogPolicyTests
{
    [Fact]
    public void Only_the_flow_logs_service_may_assume_the_role() => Assert.Equal(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        FlowLogPolicy.AssumedByFlowLogs());

    [Fact]
    public void The_role_may_only_write_streams_of_its_own_log_group() => Assert.Equal(
        """{"Version":"2012-10-17","Statement":[{"Sid":"DeliverFlowLogs","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams"],"Resource":["arn:aws:logs:us-east-1:123456789012:log-group:main-flow-logs","arn:aws:logs:us-east-1:123456789012:log-group:main-flow-logs:*"]}]}""",
        FlowLogPolicy.WritesTo("arn:aws:logs:us-east-1:123456789012:log-group:main-flow-logs"));
}
