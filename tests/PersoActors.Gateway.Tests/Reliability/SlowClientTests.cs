using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Reliability;

/// <summary>Kestrel's limits from the <c>ServerLimits</c> section, on a real socket: a client trickling its headers is
/// cut off after <c>RequestHeadersTimeout</c>, one trickling its body gets a 408 problem, and oversized headers are
/// refused, while the gateway keeps serving.</summary>
public sealed class SlowClientTests
{
    [Fact]
    public async Task A_client_trickling_its_headers_is_disconnected_after_the_headers_timeout()
    {
        await using var factory = new GatewayFactory().WithSetting("ServerLimits:RequestHeadersTimeout", "00:00:01");
        var port = factory.StartOnLoopbackSocket();
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, port);
        var stream = slow.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));

        // One header byte every 200 ms: the connection never completes a request, and must not be kept forever.
        var clock = Stopwatch.StartNew();
        var reading = ReadUntilClosedAsync(stream);
        while (!reading.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                await stream.WriteAsync("X"u8.ToArray());
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(200));
        }

        var answer = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"closed after {clock.Elapsed}");
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);

        // Meanwhile and afterwards, a well-behaved client is served.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_client_stalling_in_its_body_gets_a_408_problem_not_a_500_and_nothing_is_stored()
    {
        await using var factory = new GatewayFactory().WithSetting("ServerLimits:MinDataRateGracePeriod", "00:00:02");
        var port = factory.StartOnLoopbackSocket();
        var customerId = GatewayFactory.NewCustomerId();
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, port);
        var stream = slow.GetStream();
        const string body = """{"events":[{"type":"view","itemId":"sku-1"}]}""";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /v1/customers/{customerId}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {GatewayFactory.SiteKey}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body[..10]}"));

        // The rest of the body never comes: Kestrel stops waiting once the upload rate stays under its minimum.
        var answer = await ReadUntilClosedAsync(stream).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"field\":\"body\"", answer, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("X-Api-Key", GatewayFactory.SiteKey);
        var profile = await (await client.GetAsync($"/v1/customers/{customerId}")).ReadJsonAsync();
        Assert.Equal(0, profile.GetProperty("eventCount").GetInt32());
    }

    [Fact]
    public async Task Headers_over_the_size_limit_are_refused_with_431_and_the_gateway_keeps_serving()
    {
        await using var factory = new GatewayFactory().WithSetting("ServerLimits:MaxRequestHeadersTotalSize", "8192");
        var port = factory.StartOnLoopbackSocket();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var giant = new HttpRequestMessage(HttpMethod.Get, "/health");
        giant.Headers.Add("X-Giant", new string('k', 16 * 1024));

        var refused = await client.SendAsync(giant);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);
        using var fresh = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData("/v1/customers/%00/consents")]
    [InlineData("/v1/customers/a%00b/events")]
    [InlineData("/v1/customers/%ff%fe/consents")]
    [InlineData("/v1/customers/%/consents")]
    public async Task Paths_with_nul_or_broken_escapes_get_a_4xx_over_a_real_socket_never_a_5xx(string path)
    {
        await using var factory = new GatewayFactory();
        var port = factory.StartOnLoopbackSocket();
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {GatewayFactory.SiteKey}\r\nConnection: close\r\n\r\n"));

        var answer = await ReadUntilClosedAsync(stream).WaitAsync(TimeSpan.FromSeconds(30));

        var status = int.Parse(answer.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(status is >= 400 and < 500, answer);
    }

    internal static async Task<string> ReadUntilClosedAsync(NetworkStream stream)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // Reset by the server: closed too.
        }

        return received.ToString();
    }
}
