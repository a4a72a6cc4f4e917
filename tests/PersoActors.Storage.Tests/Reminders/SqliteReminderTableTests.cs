using PersoActors.Storage.Reminders;
using PersoActors.Storage.Tests.Infrastructure;

namespace PersoActors.Storage.Tests.Reminders;

public sealed class SqliteReminderTableTests : ReminderTableContract, IDisposable
{
    private readonly TempDirectory directory = new();

    protected override SqlReminderTable CreateTable(string serviceId) => new SqliteReminderTable(serviceId, directory.File("reminders.db"));

    public void Dispose() => directory.Dispose();
}
