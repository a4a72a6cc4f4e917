using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>Subjects are pooled by value: the same values, however their strings were made, give one shared subject
/// holding the process's shared strings; any differing value gives another.</summary>
public sealed class EventSubjectTests
{
    [Fact]
    public void The_same_values_from_fresh_strings_give_one_pooled_subject_holding_the_shared_strings()
    {
        var first = EventSubject.Of(Fresh("subject-item-1"), [Fresh("subject-shoes"), Fresh("subject-red")], Fresh("subject-brand"), null, 1250, 2)!;
        var second = EventSubject.Of(Fresh("subject-item-1"), [Fresh("subject-shoes"), Fresh("subject-red")], Fresh("subject-brand"), null, 1250, 2)!;

        Assert.Same(first, second);
        Assert.True(first.Id > 0);
        Assert.Same(StringPool.Shared.Intern(Fresh("subject-item-1")), first.ItemId);
        Assert.Same(StringPool.Shared.Intern(Fresh("subject-red")), first.Categories[1]);
        Assert.Same(StringPool.Shared.Intern(Fresh("subject-brand")), first.Brand);
    }

    [Fact]
    public void Any_differing_value_gives_another_subject()
    {
        var subject = EventSubject.Of("subject-item-2", ["a", "b"], "brand", "detail", 100, 1)!;
        EventSubject?[] others =
        [
            EventSubject.Of("subject-item-3", ["a", "b"], "brand", "detail", 100, 1),
            EventSubject.Of("subject-item-2", ["b", "a"], "brand", "detail", 100, 1),
            EventSubject.Of("subject-item-2", ["a"], "brand", "detail", 100, 1),
            EventSubject.Of("subject-item-2", ["a", "b"], null, "detail", 100, 1),
            EventSubject.Of("subject-item-2", ["a", "b"], "brand", "other", 100, 1),
            EventSubject.Of("subject-item-2", ["a", "b"], "brand", "detail", 101, 1),
            EventSubject.Of("subject-item-2", ["a", "b"], "brand", "detail", 100, 2),
        ];

        Assert.All(others, other => Assert.NotSame(subject, other));
        Assert.Equal(others.Length, others.Distinct().Count());
        Assert.DoesNotContain(subject, others);
    }

    [Fact]
    public void No_categories_and_empty_categories_are_the_same_and_all_empty_values_are_no_subject()
    {
        Assert.Same(EventSubject.Of("subject-item-4", null, null, null), EventSubject.Of("subject-item-4", [], null, null));
        Assert.Null(EventSubject.Of(null, [], null, null));
    }

    [Fact]
    public void Unshared_subjects_are_new_each_time_yet_equal_by_value()
    {
        var first = EventSubject.Of("subject-item-5", ["c"], null, "order-1", 500, share: false)!;
        var second = EventSubject.Of("subject-item-5", ["c"], null, "order-1", 500, share: false)!;

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(0, first.Id);
    }

    private static string Fresh(string value) => new(value.AsSpan());
}
