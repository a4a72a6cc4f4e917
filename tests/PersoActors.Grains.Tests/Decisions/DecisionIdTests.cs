using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Tests.Decisions;

public sealed class DecisionIdTests
{
    private readonly DecisionIdCodec codec = new("test-key");

    [Fact]
    public void A_decision_id_round_trips_customer_time_and_variants_and_is_unique()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_123);
        var experiments = new[] { new ExperimentAssignment("exp-1", "treatment"), new ExperimentAssignment("exp-2", "control") };

        var id = codec.Create("customer/ü-1", at, experiments);
        var other = codec.Create("customer/ü-1", at, experiments);

        Assert.NotEqual(id, other);
        Assert.True(codec.TryParse(id, out var decoded));
        Assert.Equal("customer/ü-1", decoded.CustomerId);
        Assert.Equal(at, decoded.IssuedAt);
        Assert.Equal(experiments, decoded.Experiments);
        Assert.Matches("^d1_[A-Za-z0-9_-]+$", id);
    }

    [Fact]
    public void Tampered_foreign_or_malformed_ids_are_rejected()
    {
        var id = codec.Create("c", DateTimeOffset.UnixEpoch, [new ExperimentAssignment("e", "control")]);
        var tampered = id[..^3] + (id[^3] == 'A' ? 'B' : 'A') + id[^2..];

        Assert.False(codec.TryParse(tampered, out _));
        Assert.False(new DecisionIdCodec("other-key").TryParse(id, out _));
        Assert.False(codec.TryParse("d1_!!!", out _));
        Assert.False(codec.TryParse("hello", out _));
        Assert.False(codec.TryParse(null, out _));
    }
}
