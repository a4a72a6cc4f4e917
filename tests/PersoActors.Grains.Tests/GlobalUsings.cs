global using Orleans;
global using PersoActors.Grains.Tests.Infrastructure;
global using PersoActors.Tests.Shared;
