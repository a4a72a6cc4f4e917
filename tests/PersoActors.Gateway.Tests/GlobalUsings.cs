global using Orleans;
global using PersoActors.Tests.Shared;
