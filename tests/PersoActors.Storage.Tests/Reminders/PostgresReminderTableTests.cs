using PersoActors.Storage.Reminders;
using PersoActors.Tests.Shared;

namespace PersoActors.Storage.Tests.Reminders;

[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresFixture postgres) : ReminderTableContract
{
    protected override SqlReminderTable CreateTable(string serviceId) => new PostgresReminderTable(serviceId, postgres.ConnectionString);
}
