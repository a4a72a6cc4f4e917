global using Orleans;
global using Orleans.Runtime;
global using PersoActors.Storage;
global using Orleans.Storage;
