using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PersoActors.Cluster.Tests.Infrastructure;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Storage.Hosting;
using PersoActors.Tests.Shared.Processes;

namespace PersoActors.Cluster.Tests.Processes;

/// <summary>Silo processes started with <c>--tls-certificate</c>: members holding the cluster's certificate form the
/// cluster over mutual TLS; a connection without it, or with another certificate, is refused by every silo.</summary>
public sealed class ClusterTlsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-tls-").FullName;
    private readonly List<SiloProcess> silos = [];

    [Fact]
    public async Task Silos_and_a_client_holding_the_cluster_certificate_work_together_and_others_are_refused()
    {
        var membership = $"sqlite:{Path.Combine(directory, "membership.db")}";
        using var certificate = SelfSigned("persoactors-cluster");
        var pfx = Path.Combine(directory, "cluster.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "s3cret"));
        var gatewayPorts = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            gatewayPorts.Add(FreePort.On(IPAddress.Loopback));
            silos.Add(SiloProcess.Start("--port", "0", "--gateway-port", gatewayPorts[i].ToString(CultureInfo.InvariantCulture), "--cluster-id", "tls",
                "--membership", membership, "--storage", "memory", "--tls-certificate", pfx, "--tls-password", "s3cret"));
        }

        await using (var member = await ClusterClient.StartAsync(membership, "tls", TimeSpan.FromSeconds(10), X509CertificateLoader.LoadPkcs12FromFile(pfx, "s3cret")))
        {
            await Eventually.WaitUntilAsync(async () => await member.ActiveSilosAsync() == 2, TimeSpan.FromSeconds(60), () => string.Join(Environment.NewLine, silos.Select(s => s.Output)));
            var profile = await member.Grains.GetGrain<ICustomerGrain>("over-tls").GetProfileAsync();
            Assert.Equal(0, profile.EventCount);
        }

        using var stranger = SelfSigned("persoactors-cluster");
        foreach (var credentials in new[] { null, stranger })
        {
            foreach (var port in gatewayPorts)
            {
                var presented = await AssertRefusedAsync(port, credentials);
                Assert.Equal(certificate.Thumbprint, presented.Thumbprint); // a TLS peer holding the cluster's certificate refused it
            }
        }

        Assert.All(silos, silo => Assert.False(silo.HasExited, silo.Output));
    }

    [Fact]
    public async Task A_silo_given_an_unreadable_certificate_exits_with_a_message_naming_it()
    {
        var missing = Path.Combine(directory, "missing.pfx");
        using var silo = SiloProcess.Start("--membership", $"sqlite:{Path.Combine(directory, "m.db")}", "--storage", "memory", "--tls-certificate", missing);
        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "The silo kept running.");
        Assert.Contains(missing, silo.Output);
    }

    /// <summary>Connects to a silo's gateway port over TLS presenting <paramref name="credentials"/>, and returns the
    /// certificate the silo presented once it has closed the connection (the refusal of a mutual-TLS server comes
    /// during the handshake or as an alert right after it).</summary>
    private static async Task<X509Certificate2> AssertRefusedAsync(int port, X509Certificate2? credentials)
    {
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, safetyNet.Token);
        X509Certificate2? presented = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, remote, _, _) =>
        {
            presented = remote is null ? null : X509CertificateLoader.LoadCertificate(remote.GetRawCertData());
            return true;
        });
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "persoactors-cluster",
                ClientCertificates = credentials is null ? null : [credentials],
            }, safetyNet.Token);
            Assert.Equal(0, await tls.ReadAsync(new byte[1], safetyNet.Token));
        }
        catch (Exception refused) when (refused is AuthenticationException or IOException)
        {
        }

        return presented ?? throw new Xunit.Sdk.XunitException("The silo presented no certificate.");
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public void Dispose()
    {
        foreach (var silo in silos)
        {
            silo.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
