using System.Net;
using System.Net.Http.Json;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Gateway.Operations;

namespace PersoActors.Gateway.Tests.Operations;

public sealed class ClusterEndpointTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task An_embedded_gateway_reports_its_one_in_process_silo_with_its_activations()
    {
        await gateway.Site().GetAsync($"/v1/customers/{GatewayFactory.NewCustomerId()}");

        var report = await gateway.Admin().GetFromJsonAsync<ClusterStatusReport>("/v1/cluster", GatewayFactory.Json);

        var silo = Assert.Single(report!.Silos);
        Assert.Equal("embedded", report.ClusterId);
        Assert.Equal("active", silo.Status);
        Assert.True(silo.Activations >= 1);
    }

    [Fact]
    public async Task The_cluster_view_needs_the_admin_key()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Anonymous().GetAsync("/v1/cluster")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Site().GetAsync("/v1/cluster")).StatusCode);
    }
}
