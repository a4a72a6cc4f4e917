using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>An offer with its condition compiled.</summary>
public sealed record CompiledOffer(OfferDefinition Definition, Func<FactSet, bool> Condition);

/// <summary>A content block with its condition compiled.</summary>
public sealed record CompiledBlock(ContentBlockDefinition Definition, Func<FactSet, bool> Condition);

/// <summary>The decision config with every condition compiled once per version.</summary>
public sealed class CompiledDecisionConfig
{
    private CompiledDecisionConfig(long version, SegmentEngine segments, IReadOnlyList<CompiledOffer> offers,
        IReadOnlyList<CompiledBlock> blocks, IReadOnlyList<ExperimentDefinition> experiments)
    {
        Version = version;
        Segments = segments;
        Offers = offers;
        Blocks = blocks;
        Experiments = experiments;
    }

    /// <summary>Built-in defaults, used until the config grain has been read. Version −1 so any read replaces it.</summary>
    public static CompiledDecisionConfig Default { get; } = Compile(new DecisionConfig(-1, DefaultSegments.All, [], [], []));

    public long Version { get; }

    public SegmentEngine Segments { get; }

    /// <summary>Offers, highest priority first.</summary>
    public IReadOnlyList<CompiledOffer> Offers { get; }

    public IReadOnlyList<CompiledBlock> Blocks { get; }

    public IReadOnlyList<ExperimentDefinition> Experiments { get; }

    public static CompiledDecisionConfig Compile(DecisionConfig config) => new(
        config.Version,
        SegmentEngine.Compile(config.Segments),
        config.Offers
            .Select(o => new CompiledOffer(o, ConditionCompiler.Compile(o.Condition, $"offers.{o.Id}.condition")))
            .OrderByDescending(o => o.Definition.Priority).ThenBy(o => o.Definition.Id, StringComparer.Ordinal)
            .ToList(),
        config.ContentBlocks.Select(b => new CompiledBlock(b, ConditionCompiler.Compile(b.Condition, $"blocks.{b.Id}.condition"))).ToList(),
        config.Experiments);
}
