using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PersoActors.Gateway.Hosting;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Reliability;

/// <summary>Requests that waited for a thread longer than <c>Overload:MaxQueueWait</c> are shed with 503 before any
/// work is done for them; once the queue drains, requests are served again. The pool is starved for real: every
/// thread-pool thread is parked on a gate while requests arrive.</summary>
[Collection(ThreadPoolStarvingCollection.Name)]
public sealed class QueueWaitSheddingTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Requests_that_waited_longer_than_the_budget_get_503_with_retry_after_and_later_ones_are_served()
    {
        await using var factory = new GatewayFactory()
            .WithSetting("Overload:MaxQueueWait", "00:00:00.050")
            .WithSetting("Overload:QueueWaitProbeInterval", "00:00:00.005")
            .WithSetting("Overload:RetryAfter", "00:00:02");
        var site = factory.Site();
        var id = GatewayFactory.NewCustomerId();
        Assert.Equal(HttpStatusCode.OK, (await site.GetAsync($"/v1/customers/{id}/consents")).StatusCode);
        var shedder = factory.Services.GetRequiredService<OverloadProtection.LoadShedder>();

        HttpResponseMessage[] during;
        using (var gate = new ManualResetEventSlim())
        {
            // Park every pool thread (and a few more items behind them), then queue requests behind those.
            for (var i = 0; i < ThreadPool.ThreadCount + 8; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => gate.Wait(), null);
            }

            var clock = Stopwatch.StartNew();
            while (shedder.QueueWait < Budget * 4)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the probe never saw the queue wait grow");
                Thread.Sleep(5);
            }

            // Requests arriving now reach the gateway on the threads the pool adds while starved (one every ~0.5 s):
            // the gate stays shut until the shedder has refused at least one, so the outcome does not depend on timing.
            var shedBefore = shedder.ShedByQueueWait;
            var queued = Enumerable.Range(0, 6).Select(_ => site.GetAsync($"/v1/customers/{id}/consents")).ToArray();
            while (shedder.ShedByQueueWait == shedBefore)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no request was shed while the pool was starved");
                Thread.Sleep(5);
            }

            gate.Set();
            during = await Task.WhenAll(queued);
        }

        Assert.All(during, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        var shed = during.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToArray();
        Assert.NotEmpty(shed);
        Assert.True(shedder.ShedByQueueWait >= shed.Length);
        foreach (var response in shed)
        {
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Service overloaded", problem.GetProperty("title").GetString());
            Assert.Contains("wait longer than 50 ms", problem.GetProperty("detail").GetString());
            Assert.Equal("queue_wait", problem.GetProperty("cause").GetString());
        }

        // The queue drained: the probe sees it within a few intervals, and requests are served again.
        var drained = Stopwatch.StartNew();
        while (shedder.QueueWait >= Budget)
        {
            Assert.True(drained.Elapsed < TimeSpan.FromSeconds(30), $"queue wait still {shedder.QueueWait}");
            await Task.Delay(5);
        }

        Assert.Equal(HttpStatusCode.OK, (await site.GetAsync($"/v1/customers/{id}/consents")).StatusCode);
    }
}
