// Deployment.TestAsync is serial-only and PULUMI_CONFIG is process-wide.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
