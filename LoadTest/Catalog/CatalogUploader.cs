using PersoActors.LoadTest.Api;

namespace PersoActors.LoadTest.Catalog;

/// <summary>Uploads the synthetic catalog to the gateway in batches before the run.</summary>
public static class CatalogUploader
{
    public const int BatchSize = 500;

    /// <summary>Uploads every item; stops at the first failed batch.</summary>
    public static async Task<CatalogUploadResult> UploadAsync(GatewayClient client, SyntheticCatalog catalog, CancellationToken cancellationToken)
    {
        var uploaded = 0;
        foreach (var batch in catalog.Items.Chunk(BatchSize))
        {
            var result = await client.SendAsync(GatewayRequests.UploadCatalog(batch), cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return new CatalogUploadResult(uploaded, result.Outcome == CallOutcome.Unavailable, result.StatusKey);
            }

            uploaded += batch.Length;
        }

        return new CatalogUploadResult(uploaded, false, null);
    }
}

/// <summary>How the upload went.</summary>
/// <param name="Uploaded">Items the gateway accepted.</param>
/// <param name="EndpointUnavailable">The gateway has no catalog endpoint yet.</param>
/// <param name="FailedWith">Status of the failed batch, if any.</param>
public sealed record CatalogUploadResult(int Uploaded, bool EndpointUnavailable, string? FailedWith);
