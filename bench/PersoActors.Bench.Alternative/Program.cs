using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using PersoActors.Bench.Alternative;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;
using StackExchange.Redis;

// The architecture users pick instead of actors: a stateless service that keeps every customer in Redis and
// reads and writes it on every request, running the same CustomerProfile and DecisionEngine code.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.Configure<CustomerProfileOptions>(builder.Configuration.GetSection("Customers"));
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<CustomerProfileOptions>>().Value);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new DecisionEngine(new DecisionOptions(), sp.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton<CatalogHolder>();
builder.Services.AddSingleton<ProfileStore>();
var redis = builder.Configuration.GetSection("Redis");
// StackExchange.Redis: one multiplexed, pipelined connection shared by every request, as its documentation advises.
var redisEndpoint = $"{redis["Host"] ?? "127.0.0.1"}:{redis["Port"] ?? "6379"}";
builder.Services.AddSingleton<IConnectionMultiplexer>(await ConnectionMultiplexer.ConnectAsync(redisEndpoint));
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    json.SerializerOptions.TypeInfoResolverChain.Insert(0, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver());
});

var app = builder.Build();
var keys = builder.Configuration.GetSection("ApiKeys").Get<string[]>() ?? [];
app.Use(async (context, next) =>
{
    if (context.Request.Path.StartsWithSegments("/v1") && !keys.Contains(context.Request.Headers["X-Api-Key"].ToString(), StringComparer.Ordinal))
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return;
    }

    try
    {
        await next(context);
    }
    catch (Exception error) when (error is DecisionValidationException or ProfileValidationException or JsonException)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsync(error.Message);
    }
});
app.MapAlternativeEndpoints();
app.Run();
