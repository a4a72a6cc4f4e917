using PersoActors.Gateway.Http;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Customers;

/// <summary>The durability a client asks for on an event request with the standard <c>Prefer</c> header (RFC 7240):
/// <c>Prefer: durability=relaxed</c> (acknowledged once queued for the store, within the deployment's bounds) or
/// <c>Prefer: durability=durable</c> (acknowledged once stored, whatever the deployment's default). Other preferences
/// are ignored as the RFC says; of several <c>durability</c> preferences the first counts; an unknown value is a 400.</summary>
public static class DurabilityPreference
{
    /// <summary>The preference's name.</summary>
    public const string Name = "durability";

    /// <summary>The field a problem names.</summary>
    public const string Field = "Prefer: durability";

    /// <summary>The durability asked for (<see cref="EventDurability.Default"/> when none), or a problem naming the header.</summary>
    public static (EventDurability Durability, IResult? Problem) Read(HttpRequest request)
    {
        foreach (var header in request.Headers["Prefer"])
        {
            foreach (var preference in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // A preference is token[=value] followed by optional ";parameters", which we do not use.
                var nameAndValue = preference.Split(';', 2)[0];
                var equals = nameAndValue.IndexOf('=', StringComparison.Ordinal);
                var name = (equals < 0 ? nameAndValue : nameAndValue[..equals]).Trim();
                if (!name.Equals(Name, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var value = equals < 0 ? string.Empty : nameAndValue[(equals + 1)..].Trim().Trim('"');
                return value.ToLowerInvariant() switch
                {
                    "relaxed" => (EventDurability.Relaxed, null),
                    "durable" => (EventDurability.Durable, null),
                    _ => (EventDurability.Default, ApiProblems.Invalid(Field, $"The durability preference must be 'durable' or 'relaxed' (was '{value}').")),
                };
            }
        }

        return (EventDurability.Default, null);
    }

    /// <summary>Tells the client the durability it asked for was applied (<c>Preference-Applied</c>).</summary>
    public static void Applied(HttpResponse response, EventDurability durability)
    {
        if (durability != EventDurability.Default)
        {
            response.Headers["Preference-Applied"] = $"{Name}={(durability == EventDurability.Relaxed ? "relaxed" : "durable")}";
        }
    }
}
