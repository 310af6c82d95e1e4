using KopsPlatform.Infra;

return await Pulumi.Deployment.RunAsync<PlatformStack>();
