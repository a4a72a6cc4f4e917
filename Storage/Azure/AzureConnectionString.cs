using Azure.Data.Tables;

namespace PersoActors.Storage.Hosting;

/// <summary>Checks and prints Azure Storage connection strings (<c>azure:</c> specs) without their secrets.</summary>
internal static class AzureConnectionString
{
    private static readonly string[] SecretKeys = ["AccountKey", "SharedAccessSignature"];

    /// <summary>Throws a <see cref="FormatException"/> naming <paramref name="what"/> (never the string's secrets) unless
    /// the Azure SDK accepts <paramref name="connectionString"/>.</summary>
    public static void Validate(string connectionString, string what)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
        }
        catch (Exception error) when (error is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new FormatException(
                $"{what} 'azure:' needs an Azure Storage connection string, e.g. 'azure:UseDevelopmentStorage=true' or " +
                "'azure:DefaultEndpointsProtocol=https;AccountName=NAME;AccountKey=KEY;EndpointSuffix=core.windows.net'; the one given is not understood.");
        }
    }

    /// <summary>The connection string without its account key or SAS token, for logs.</summary>
    public static string WithoutSecrets(string connectionString) => string.Join(';', connectionString
        .Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Where(part => !SecretKeys.Any(key => part.TrimStart().StartsWith(key + "=", StringComparison.OrdinalIgnoreCase))));
}
