using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using PersoActors.Tests.Shared;

namespace PersoActors.Gateway.Tests.Fuzzing;

/// <summary>After any sequence of hostile and valid writes, what the gateway reads back is exactly what the accepted
/// writes made it: a refused request changes nothing, an accepted one is reflected whole. The model is the last
/// accepted answer of each resource (consents, preferences) and the sum of accepted events.</summary>
public sealed class StateModelProperties(FuzzGateway gateway) : IClassFixture<FuzzGateway>
{
    private static readonly Gen<Step> AStep = Gen.Frequency(
        (2, Write("PUT", "consents", FuzzEndpoints.Consents)),
        (2, Write("PATCH", "consents", FuzzEndpoints.Consents)),
        (2, Write("PUT", "preferences", FuzzEndpoints.Preferences)),
        (2, Write("PATCH", "preferences", FuzzEndpoints.PreferencesPatch)),
        (3, Write("POST", "events", FuzzEndpoints.Events)));

    [Fact]
    public void Reads_after_any_sequence_of_writes_show_exactly_what_the_accepted_writes_made_them() =>
        PropertyRun.Check(Prop.ForAll(AStep.ListOf().Select(steps => steps.Take(12).ToArray()).ToArbitrary(), steps => FuzzGateway.Run(() => RunAsync(steps))), tests: 120);

    private static Gen<Step> Write(string method, string resource, string validBody) =>
        from body in HostileGen.Body(validBody)
        from type in HostileGen.ContentType
        select new Step(method, resource, body, type);

    private async Task<bool> RunAsync(Step[] steps)
    {
        var client = gateway.Client;
        var profileId = $"fz-model-{Guid.NewGuid():N}";
        var eventsId = $"fz-events-{Guid.NewGuid():N}";
        await Send(new Step("PATCH", "consents", Encoding.UTF8.GetBytes("""{"consents":{"analytics":"granted"}}"""), null), eventsId);
        var consents = (await GetAsync($"/v1/customers/{profileId}/consents"))["consents"]!;
        var preferences = await GetAsync($"/v1/customers/{profileId}/preferences");
        long events = 0;
        var log = new StringBuilder();

        foreach (var step in steps)
        {
            var (status, text) = await Send(step, step.Resource == "events" ? eventsId : profileId);
            log.AppendLine($"  {step.Method} {step.Resource} → {status}: {Encoding.UTF8.GetString(step.Body, 0, Math.Min(step.Body.Length, 200))}");
            if (status is < 200 or >= 300)
            {
                continue;
            }

            var answer = JsonNode.Parse(text)!;
            switch (step.Resource)
            {
                case "consents":
                    consents = answer["consents"]!;
                    break;
                case "preferences":
                    preferences = answer;
                    break;
                default:
                    events += answer["accepted"]!.GetValue<long>();
                    break;
            }
        }

        var readConsents = (await GetAsync($"/v1/customers/{profileId}/consents"))["consents"]!;
        var readPreferences = await GetAsync($"/v1/customers/{profileId}/preferences");
        var readEvents = (await GetAsync($"/v1/customers/{eventsId}"))["eventCount"]!.GetValue<long>();
        if (!JsonNode.DeepEquals(consents, readConsents) || !JsonNode.DeepEquals(preferences, readPreferences) || events != readEvents)
        {
            throw new InvalidOperationException(
                $"read back differs from the model\n  consents: model {consents.ToJsonString()} read {readConsents.ToJsonString()}\n" +
                $"  preferences: model {preferences.ToJsonString()} read {readPreferences.ToJsonString()}\n  events: model {events} read {readEvents}\nsteps:\n{log}");
        }

        return true;

        Task<(int Status, string Text)> Send(Step step, string id) =>
            new FuzzRequest(step.Method, $"/v1/customers/{id}/{step.Resource}", Caller.Site, step.Body, step.ContentType,
                step.Method == "PATCH" && step.Resource == "preferences" ? "application/merge-patch+json" : "application/json", [])
                .SendAndCheckAsync(client);

        async Task<JsonNode> GetAsync(string path)
        {
            var (status, text) = await new FuzzRequest("GET", path, Caller.Site, null, null, "application/json", []).SendAndCheckAsync(client);
            return status == 200 ? JsonNode.Parse(text)! : throw new InvalidOperationException($"GET {path} answered {status}: {text}");
        }
    }

    /// <summary>One write of the sequence.</summary>
    public sealed record Step(string Method, string Resource, byte[] Body, string[]? ContentType);
}
