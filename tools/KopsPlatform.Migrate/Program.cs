using KopsPlatform.Migrate;

return MigrateCli.Run(args, Console.Out, Console.Error);
