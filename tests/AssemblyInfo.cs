// Test classes run in parallel, except those in the PulumiEngine collection (see Testing/PulumiRun.cs): the mock
// engine is serial-only and PULUMI_CONFIG is process-wide.
[assembly: Xunit.CollectionBehavior(Xunit.CollectionBehavior.CollectionPerClass)]
