using Microsoft.Extensions.Time.Testing;
using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Tests.Infrastructure;
using PersoActors.Tests.Shared;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>Merging an anonymous profile into a known one by hand-over, on a silo with SQLite storage: nothing the
/// anonymous profile accepts is erased with it, two merges the opposite way round neither wait for each other nor lose
/// anything, a merge that failed half-way is finished by repeating it, and a hand-over whose caller is gone is settled
/// by the anonymous profile after a minute.</summary>
public sealed class CustomerMergeTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("persoactors-merge-").FullName;

    [Fact]
    public async Task A_handed_over_profile_refuses_changes_but_answers_reads_until_the_hand_over_ends()
    {
        await using var silo = await StartAsync();
        var anonymous = await silo.ConsentingCustomerAsync("anon-refuses");
        await anonymous.TrackEventsAsync([View("before")]);

        var handOver = await anonymous.HandOverAsync("known-refuses");

        Assert.Equal("anon-refuses", handOver.Profile.CustomerId);
        Assert.Equal(1, handOver.Profile.EventCount);
        await Assert.ThrowsAsync<CustomerMergingException>(() => anonymous.TrackEventsAsync([View("during")]));
        await Assert.ThrowsAsync<CustomerMergingException>(() => anonymous.ChangeConsentsAsync(Deny(ConsentPurpose.Analytics)));
        await Assert.ThrowsAsync<CustomerMergingException>(() => anonymous.EraseAsync());
        await Assert.ThrowsAsync<CustomerMergingException>(() => anonymous.HandOverAsync("someone-else"));
        Assert.Equal(1, (await anonymous.GetProfileAsync()).EventCount);

        await anonymous.CancelHandOverAsync(handOver.Token);

        Assert.Equal(1, (await anonymous.TrackEventsAsync([View("after")])).Accepted);
        await Assert.ThrowsAsync<CustomerMergingException>(() => anonymous.CompleteHandOverAsync(handOver.Token));
        Assert.Equal(2, (await anonymous.GetProfileAsync()).EventCount);
    }

    [Fact]
    public async Task The_export_lists_the_merges_a_profile_absorbed_and_the_hand_over_it_is_in_until_each_is_gone()
    {
        await using var silo = await StartAsync();
        var known = await silo.ConsentingCustomerAsync("known-export");
        var anonymous = await silo.ConsentingCustomerAsync("anon-export");
        await anonymous.TrackEventsAsync([View("seen")]);

        var handOver = await anonymous.HandOverAsync("known-export");
        var pending = (await anonymous.ExportAsync()).HandedOverTo;
        await anonymous.CancelHandOverAsync(handOver.Token);
        var afterCancel = (await anonymous.ExportAsync()).HandedOverTo;
        await CustomerMerge.MergeAsync(silo.Grains, "known-export", "anon-export");
        var merges = (await known.ExportAsync()).Merges;
        await known.EraseAsync();

        Assert.Equal("known-export", pending?.CustomerId);
        Assert.Null(afterCancel);
        var merge = Assert.Single(merges!);
        Assert.Equal(("known-export", "anon-export", 1), (merge.CustomerId, merge.AnonymousId, merge.EventsMerged));
        Assert.Empty((await known.ExportAsync()).Merges!);
    }

    [Fact]
    public async Task Events_sent_to_the_anonymous_profile_during_a_merge_are_merged_or_refused_never_lost()
    {
        await using var silo = await StartAsync();
        var known = await silo.ConsentingCustomerAsync("known-busy");
        var anonymous = await silo.ConsentingCustomerAsync("anon-busy");
        await known.TrackEventsAsync([View("known-item")]);
        var accepted = 0;
        var refused = 0;
        var warmedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        // Senders keep posting to the anonymous profile before, during and after the merge (afterwards it is erased and,
        // without consent, drops what it gets).
        var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    if (Interlocked.Add(ref accepted, (await anonymous.TrackEventsAsync([View($"s{sender}-{i}")])).Accepted) >= 40)
                    {
                        warmedUp.TrySetResult();
                    }
                }
                catch (CustomerMergingException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        })).ToArray();
        await warmedUp.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var result = await CustomerMerge.MergeAsync(silo.Grains, "known-busy", "anon-busy");
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        var kept = (await known.GetProfileAsync()).EventCount + (await anonymous.GetProfileAsync()).EventCount;
        Assert.Equal(1 + accepted, kept);
        Assert.True(result.EventsMerged > 0);
    }

    [Fact]
    public async Task Two_merges_the_opposite_way_round_end_at_once_and_keep_every_event()
    {
        await using var silo = await StartAsync();
        var first = await silo.ConsentingCustomerAsync("crossing-1");
        var second = await silo.ConsentingCustomerAsync("crossing-2");
        await first.TrackEventsAsync([View("one")]);
        await second.TrackEventsAsync([View("two")]);

        // Each waited for the other inside its turn before: both failed with the call timeout (30 s), and every call to
        // either customer queued behind them meanwhile.
        var outcomes = await Task.WhenAll(
            OutcomeAsync(CustomerMerge.MergeAsync(silo.Grains, "crossing-1", "crossing-2")),
            OutcomeAsync(CustomerMerge.MergeAsync(silo.Grains, "crossing-2", "crossing-1")));

        Assert.All(outcomes, outcome => Assert.True(outcome is null or CustomerMergingException, outcome?.ToString()));
        Assert.Equal(2, (await first.GetProfileAsync()).EventCount + (await second.GetProfileAsync()).EventCount);
        // Neither is left handed over (one may have been erased: it drops events, without consent, but does not refuse them).
        await first.TrackEventsAsync([View("still-open")]);
        await second.TrackEventsAsync([View("still-open")]);
    }

    [Fact]
    public async Task A_hand_over_nobody_absorbed_or_completed_lets_go_after_a_minute()
    {
        var clock = new FakeTimeProvider(T0.AddDays(1));
        await using var silo = await StartAsync(clock);
        var anonymous = await silo.ConsentingCustomerAsync("anon-lapsed");
        var handOver = await anonymous.HandOverAsync("known-gone");
        await Assert.ThrowsAsync<CustomerMergingException>(() => anonymous.TrackEventsAsync([View("refused")]));

        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(1, (await anonymous.TrackEventsAsync([View("accepted")])).Accepted);
        await Assert.ThrowsAsync<CustomerMergingException>(() => anonymous.CompleteHandOverAsync(handOver.Token));
        Assert.Equal(1, (await anonymous.GetProfileAsync()).EventCount);
    }

    [Fact]
    public async Task A_merge_repeated_after_its_silo_was_lost_half_way_finishes_it_without_counting_the_anonymous_profile_twice()
    {
        ProfileHandOver handOver;
        await using (var lost = await StartAsync())
        {
            var known = await lost.ConsentingCustomerAsync("known-lost");
            var anonymous = await lost.ConsentingCustomerAsync("anon-lost");
            await known.TrackEventsAsync([View("known-item")]);
            await anonymous.TrackEventsAsync([View("a"), View("b"), View("c")]);

            // The caller absorbed the profile, then its silo went away before the anonymous profile was erased.
            handOver = await anonymous.HandOverAsync("known-lost");
            await known.AbsorbAsync(handOver);
        }

        await using var silo = await StartAsync();
        await Assert.ThrowsAsync<CustomerMergingException>(() => silo.Grains.GetGrain<ICustomerGrain>("anon-lost").TrackEventsAsync([View("refused")]));

        var result = await CustomerMerge.MergeAsync(silo.Grains, "known-lost", "anon-lost");

        Assert.Equal(3, result.EventsMerged);
        Assert.Equal(4, (await silo.Grains.GetGrain<ICustomerGrain>("known-lost").GetProfileAsync()).EventCount);
        Assert.Equal(0, (await silo.Grains.GetGrain<ICustomerGrain>("anon-lost").GetProfileAsync()).EventCount);
    }

    [Fact]
    public async Task A_hand_over_absorbed_but_never_completed_is_completed_by_the_anonymous_profile_after_a_minute()
    {
        var clock = new FakeTimeProvider(T0.AddDays(1));
        await using var silo = await StartAsync(clock);
        var known = await silo.ConsentingCustomerAsync("known-absorbed");
        var anonymous = await silo.ConsentingCustomerAsync("anon-absorbed");
        await anonymous.TrackEventsAsync([View("a"), View("b")]);
        await known.AbsorbAsync(await anonymous.HandOverAsync("known-absorbed"));

        clock.Advance(TimeSpan.FromSeconds(61));

        // Erased, as the caller would have done: the event finds a profile without consent, and is dropped.
        Assert.Equal(0, (await anonymous.TrackEventsAsync([View("after")])).Accepted);
        Assert.Equal(0, (await anonymous.GetProfileAsync()).EventCount);
        Assert.Equal(2, (await known.GetProfileAsync()).EventCount);
    }

    [Fact]
    public async Task Erasing_a_known_profile_erases_the_anonymous_ones_it_absorbed_whose_hand_over_was_never_completed()
    {
        var clock = new FakeTimeProvider(T0.AddDays(1));
        var silo = await StartAsync(clock);
        var known = await silo.ConsentingCustomerAsync("known-then-erased");
        var anonymous = await silo.ConsentingCustomerAsync("anon-of-erased");
        await anonymous.TrackEventsAsync([View("item-only-the-anonymous-saw")]);
        await known.AbsorbAsync(await anonymous.HandOverAsync("known-then-erased"));

        await known.EraseAsync();
        clock.Advance(TimeSpan.FromSeconds(61));

        // Left alone, the anonymous profile would ask the erased known one after the minute, hear "not absorbed" and
        // take back what the customer had just asked to erase.
        Assert.Equal(0, (await anonymous.GetProfileAsync()).EventCount);
        Assert.Null((await anonymous.ExportAsync()).HandedOverTo);
        Assert.Equal(0, (await anonymous.TrackEventsAsync([View("after")])).Accepted);
        await silo.DisposeAsync();
        Assert.False(RawFiles.Contain(DatabasePath, "item-only-the-anonymous-saw"), "the anonymous profile's event is still in the store's files");
    }

    [Fact]
    public async Task Two_profiles_left_handed_over_to_each_other_settle_at_once_without_waiting_for_each_other()
    {
        var clock = new FakeTimeProvider(T0.AddDays(1));
        await using var silo = await StartAsync(clock);
        var first = await silo.ConsentingCustomerAsync("left-1");
        var second = await silo.ConsentingCustomerAsync("left-2");
        await first.HandOverAsync("left-2");
        await second.HandOverAsync("left-1");

        clock.Advance(TimeSpan.FromSeconds(61));

        // Each asks the other inside its own turn; the question interleaves, so neither waits for the call timeout.
        var accepted = await Task.WhenAll(first.TrackEventsAsync([View("one")]), second.TrackEventsAsync([View("two")]))
            .WaitAsync(TimeSpan.FromSeconds(20));
        Assert.All(accepted, result => Assert.Equal(1, result.Accepted));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string DatabasePath => Path.Combine(directory, "state.db");

    private Task<TestSilo> StartAsync(TimeProvider? clock = null) =>
        TestSilo.StartAsync(DatabasePath, new TestSiloOptions { ProfilesOnly = true, Clock = clock });

    private static async Task<Exception?> OutcomeAsync(Task merge)
    {
        try
        {
            await merge;
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }
}
