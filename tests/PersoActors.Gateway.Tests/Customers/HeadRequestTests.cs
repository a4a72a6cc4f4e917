using System.Net;
using System.Net.Sockets;
using System.Text;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Gateway.Tests.Reliability;

namespace PersoActors.Gateway.Tests.Customers;

/// <summary><c>HEAD</c> is answered wherever <c>GET</c> is, with its status and headers and no body, over a real socket
/// (Kestrel leaves the body out; TestServer would not show it).</summary>
public sealed class HeadRequestTests
{
    [Fact]
    public async Task Head_of_a_profile_answers_like_get_without_a_body_and_the_connection_serves_the_next_request()
    {
        await using var gateway = new GatewayFactory();
        var port = gateway.StartOnLoopbackSocket();
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();

        // Two requests on one connection: the first answer must carry no body, or the second would be read as one.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HEAD /v1/customers/{GatewayFactory.NewCustomerId()} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {GatewayFactory.SiteKey}\r\n\r\n" +
            $"HEAD /v1/customers/{GatewayFactory.NewCustomerId()}/recommendations HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: {GatewayFactory.SiteKey}\r\nConnection: close\r\n\r\n"));
        var answers = await SlowClientTests.ReadUntilClosedAsync(stream).WaitAsync(TimeSpan.FromSeconds(30));

        var split = answers.IndexOf("HTTP/1.1 ", 1, StringComparison.Ordinal);
        Assert.True(split > 0, answers);
        var (profile, recommendations) = (answers[..split], answers[split..]);
        Assert.StartsWith("HTTP/1.1 200", profile, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", profile, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("\r\n\r\n", profile, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 405", recommendations, StringComparison.Ordinal);
        Assert.Contains("Allow: POST", recommendations, StringComparison.Ordinal);
    }
}
