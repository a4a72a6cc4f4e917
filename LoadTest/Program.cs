using PersoActors.LoadTest.Cli;

return await LoadTestCommand.Create().Parse(args).InvokeAsync();
