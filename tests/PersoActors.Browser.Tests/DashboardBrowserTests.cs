using Microsoft.Playwright;
using PersoActors.Browser.Tests.Infrastructure;

namespace PersoActors.Browser.Tests;

/// <summary>A person at Debian's chromium (headless) signs in to the cluster-mode gateway's dashboard and sees every
/// silo process of the running cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DashboardBrowserTests(Cluster cluster)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_operator_signs_in_with_the_admin_key_and_sees_every_silo_of_the_cluster()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/install-deps.sh installs Debian's chromium.");
        var siloEndpoints = cluster.SiloEndpoints;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        });

        // Without credentials the browser is asked to sign in (HTTP Basic); headless, with nobody to type the key,
        // chromium gives up on the page.
        var anonymous = await browser.NewPageAsync();
        var refused = await Assert.ThrowsAsync<PlaywrightException>(() => anonymous.GotoAsync($"{cluster.GatewayUrl}/dashboard/"));
        Assert.Contains("ERR_INVALID_AUTH_CREDENTIALS", refused.Message);

        // Signed in: the browser answers the Basic challenge with the admin key as password, for the page and every
        // call its scripts make.
        await using var operatorContext = await browser.NewContextAsync(new()
        {
            HttpCredentials = new() { Username = "operator", Password = Cluster.AdminKey },
        });
        var page = await operatorContext.NewPageAsync();
        var opened = await page.GotoAsync($"{cluster.GatewayUrl}/dashboard");
        Assert.Equal(200, opened!.Status);
        Assert.Equal("Orleans Dashboard", await page.TitleAsync());
        var activeSilos = page.Locator(".info-box", new() { HasText = "Active Silos" }).Locator(".info-box-number");
        await Assertions.Expect(activeSilos.First).ToHaveTextAsync($"{siloEndpoints.Count}", new() { Timeout = 30_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Silos" }).First.ClickAsync();
        foreach (var endpoint in siloEndpoints)
        {
            // Each silo is listed as a link to its page, named by its address (host:port@generation).
            await Assertions.Expect(page.Locator($"a[href^='#/host/{endpoint}@']").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
    }
}
