using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Json;
using System.Text.Json.Serialization;
using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Decisions;
using PersoActors.Gateway.Hosting;
using PersoActors.Gateway.Http;
using PersoActors.Gateway.Operations;
using PersoActors.Gateway.Orchestration;
using PersoActors.Gateway.Security;
using PersoActors.Grains.Hosting;

var builder = WebApplication.CreateBuilder(args).ExitWithMessageWhenStartFails("gateway");
builder.AddGrainHosting();
builder.AddServerLimits();
builder.AddOverloadProtection();
builder.Services.AddHealthChecks();
builder.AddRuntimeCountersLog();
builder.AddApiKeyAuthorization();
builder.AddKeyRateLimits();
builder.AddPersoActorsMetrics();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProfileExceptionHandler>();
builder.Services.AddExceptionHandler<DecisionExceptionHandler>();
builder.Services.AddExceptionHandler<UnavailableExceptionHandler>();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddOpenApi(options => options.AddDocumentTransformer<ApiKeySecurityTransformer>());
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
});

var app = builder.Build();
app.UseHeadAsGet();
app.UseExceptionHandler();
app.UseStatusCodeProblems();
app.UseOverloadProtection();
app.UseApiKeyAuthentication();
app.UseKeyRateLimits();
app.UseApiKeyAuthorization();
app.MapOpenApi();
app.MapHealthChecks("/health");
app.MapCustomerEndpoints();
app.MapDecisionEndpoints();
app.MapClusterEndpoints();
app.MapPersoActorsMetrics();
app.MapOperatorsDashboard();
app.MapOrchestrationEndpoints();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
