using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Operations;

public sealed class DashboardTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Without_credentials_the_dashboard_asks_the_browser_to_sign_in()
    {
        var response = await gateway.Anonymous().GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
    }

    [Fact]
    public async Task A_site_key_is_forbidden_and_a_wrong_key_is_asked_again()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await SignedIn(GatewayFactory.SiteKey).GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Site().GetAsync("/dashboard/DashboardCounters")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedIn("not-a-key").GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_with_the_admin_key_an_operator_gets_the_page_and_the_silo_counters()
    {
        var admin = SignedIn(GatewayFactory.AdminKey);

        var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync());

        // The dashboard collects the silos' statistics in the background: the first answers may list none yet.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int hosts;
        do
        {
            var counters = await admin.GetAsync("/dashboard/DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            hosts = JsonDocument.Parse(await counters.Content.ReadAsStringAsync()).RootElement.GetProperty("hosts").GetArrayLength();
        }
        while (hosts == 0 && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));

        Assert.Equal(1, hosts);
    }

    [Fact]
    public async Task The_admin_key_also_works_as_X_Api_Key_for_scripts()
    {
        Assert.Equal(HttpStatusCode.OK, (await gateway.Admin().GetAsync("/dashboard/DashboardCounters")).StatusCode);
    }

    /// <summary>What a browser sends after its sign-in prompt: Basic, any user name, the key as password.</summary>
    private HttpClient SignedIn(string key)
    {
        var client = gateway.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"operator:{key}")));
        return client;
    }
}
