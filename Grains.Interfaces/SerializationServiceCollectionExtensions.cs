using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace PersoActors.Grains.Interfaces;

/// <summary>What silos and clients must both register so every record of this assembly crosses the wire.</summary>
public static class SerializationServiceCollectionExtensions
{
    /// <summary>The records carry Orleans' generated serializers; the one <see cref="JsonElement"/> field (a rule
    /// condition's value, any JSON) goes through Orleans' System.Text.Json codec.</summary>
    public static IServiceCollection AddPersoActorsSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: type => type == typeof(JsonElement)));
}
