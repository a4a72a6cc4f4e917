using System.Text.Json;
using System.Text.Json.Serialization;
using PersoActors.Gateway.Customers;
using PersoActors.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddEmbeddedSilo();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapCustomerEndpoints();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
