using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;

namespace PersoActors.Storage.Membership;

/// <summary>Tells an Orleans client which gateways to connect to: the gateway endpoint (silo IP + proxy port) of
/// every <see cref="SiloStatus.Active"/> silo in a <see cref="SqlMembershipTable"/>. The client re-reads the list
/// every <see cref="GatewayOptions.GatewayListRefreshPeriod"/>.</summary>
public sealed class SqlGatewayListProvider : IGatewayListProvider
{
    private readonly SqlMembershipTable table;

    /// <summary>Creates a provider reading <paramref name="table"/>.</summary>
    public SqlGatewayListProvider(SqlMembershipTable table, IOptions<GatewayOptions> gatewayOptions)
    {
        this.table = table ?? throw new ArgumentNullException(nameof(table));
        MaxStaleness = gatewayOptions.Value.GatewayListRefreshPeriod;
    }

    /// <inheritdoc />
    public TimeSpan MaxStaleness { get; }

    /// <inheritdoc />
    public bool IsUpdatable => true;

    /// <inheritdoc />
    public Task InitializeGatewayListProvider() =>
        // Clients do not create the cluster's version row; silos do when they join.
        table.InitializeMembershipTableAsync(tryInitTableVersion: false);

    /// <inheritdoc />
    public async Task<IList<Uri>> GetGateways()
    {
        var snapshot = await table.ReadAllAsync().ConfigureAwait(false);
        return snapshot.Members
            .Select(member => member.Item1)
            .Where(entry => entry.Status == SiloStatus.Active && entry.ProxyPort != 0)
            .Select(entry => SiloAddress.New(entry.SiloAddress.Endpoint.Address, entry.ProxyPort, entry.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }
}
