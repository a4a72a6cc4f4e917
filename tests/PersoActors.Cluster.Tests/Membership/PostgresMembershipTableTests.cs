using PersoActors.Storage.Membership;
using PersoActors.Tests.Shared;

namespace PersoActors.Cluster.Tests.Membership;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresFixture postgres) : MembershipTableContract, IAsyncLifetime
{
    private readonly List<PostgresMembershipTable> tables = [];

    protected override async Task<SqlMembershipTable> CreateTableAsync(string clusterId)
    {
        var table = new PostgresMembershipTable(clusterId, new PostgresClusteringOptions { ConnectionString = postgres.ConnectionString });
        tables.Add(table);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var table in tables)
        {
            await table.DisposeAsync();
        }
    }
}
