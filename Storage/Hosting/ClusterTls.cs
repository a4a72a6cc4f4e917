using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace PersoActors.Storage.Hosting;

/// <summary>Mutual TLS for every Orleans connection of a cluster (silo to silo, gateway to silo) with one shared
/// certificate: each end presents it and accepts only a peer presenting the very same certificate. Holding the
/// certificate file is what admits a process to the cluster, like a shared secret, and the traffic is encrypted.
/// A self-signed certificate is enough; no certificate authority or host name is involved.</summary>
public static class ClusterTls
{
    /// <summary>Loads the cluster certificate (PKCS#12 / .pfx with its private key).</summary>
    /// <exception cref="FormatException">The file is missing, unreadable, or has no private key; the message says which.</exception>
    public static X509Certificate2 Load(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new FormatException($"The cluster certificate '{path}' cannot be read as a .pfx file (with that password): {error.Message}");
        }

        return certificate.HasPrivateKey ? certificate : throw new FormatException($"The cluster certificate '{path}' holds no private key.");
    }

    /// <summary>Encrypts this silo's connections and admits only silos and clients holding <paramref name="certificate"/>.</summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder builder, X509Certificate2 certificate) =>
        builder.UseTls(certificate, options => Configure(options, certificate));

    /// <summary>Encrypts this client's connections and talks only to silos holding <paramref name="certificate"/>.</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder builder, X509Certificate2 certificate) =>
        builder.UseTls(certificate, options => Configure(options, certificate));

    private static void Configure(TlsOptions options, X509Certificate2 certificate)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Pinned, so chain and name errors of a self-signed certificate do not matter: only this exact one passes.
        options.RemoteCertificateValidation = (remote, _, _) => remote is not null && remote.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span);
        options.OnAuthenticateAsClient = (_, client) => client.TargetHost = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }
}
