global using Orleans;
global using PersoActors.Grains.Tests.Infrastructure;
