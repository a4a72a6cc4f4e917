using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>What the decision-config grain persists. A never-written grain starts from <see cref="DefaultSegments"/>.</summary>
public sealed class DecisionConfigState
{
    public long Version { get; set; }

    public List<SegmentDefinition>? Segments { get; set; }

    public List<OfferDefinition> Offers { get; set; } = [];

    public List<ContentBlockDefinition> ContentBlocks { get; set; } = [];

    public List<ExperimentDefinition> Experiments { get; set; } = [];
}

/// <summary>Admin-managed definitions. Each change is validated (including references between definitions),
/// applied to a copy, persisted, and only then visible; a rejected change leaves everything as it was.</summary>
[GrainType("decision-config")]
public sealed class DecisionConfigGrain([PersistentState("config")] IPersistentState<DecisionConfigState> state) : Grain, IDecisionConfigGrain
{
    private List<SegmentDefinition> Segments => state.State.Segments ??= [.. DefaultSegments.All];

    public Task<long> PutSegmentAsync(SegmentDefinition segment)
    {
        DecisionConfigValidator.ThrowIfInvalid(segment);
        return SaveAsync(() => Replace(Segments, segment, s => s.Id));
    }

    public Task<long> PutOfferAsync(OfferDefinition offer)
    {
        DecisionConfigValidator.ThrowIfInvalid(offer, SegmentIds());
        return SaveAsync(() => Replace(state.State.Offers, offer, o => o.Id));
    }

    public Task<long> PutContentBlockAsync(ContentBlockDefinition block)
    {
        DecisionConfigValidator.ThrowIfInvalid(block);
        return SaveAsync(() => Replace(state.State.ContentBlocks, block, b => b.Id));
    }

    public Task<long> PutExperimentAsync(ExperimentDefinition experiment)
    {
        DecisionConfigValidator.ThrowIfInvalid(experiment, SegmentIds());
        return SaveAsync(() => Replace(state.State.Experiments, experiment, e => e.Id));
    }

    public async Task<bool> DeleteAsync(string kind, string id)
    {
        int removed;
        switch (kind)
        {
            case "segment":
                var users = state.State.Offers.Where(o => o.Segments?.Contains(id) == true).Select(o => $"offer '{o.Id}'")
                    .Concat(state.State.Experiments.Where(e => e.TargetSegment == id).Select(e => $"experiment '{e.Id}'")).ToList();
                if (users.Count > 0)
                {
                    throw new DecisionValidationException([new FieldError("id", $"Segment '{id}' is used by {string.Join(", ", users)}.")]);
                }

                removed = Segments.RemoveAll(s => s.Id == id);
                break;
            case "offer":
                removed = state.State.Offers.RemoveAll(o => o.Id == id);
                break;
            case "content_block":
                removed = state.State.ContentBlocks.RemoveAll(b => b.Id == id);
                break;
            case "experiment":
                removed = state.State.Experiments.RemoveAll(e => e.Id == id);
                break;
            default:
                throw new DecisionValidationException([new FieldError("kind", "Must be segment, offer, content_block or experiment.")]);
        }

        if (removed == 0)
        {
            return false;
        }

        await SaveAsync(() => { });
        return true;
    }

    public Task<long> GetVersionAsync() => Task.FromResult(state.State.Version);

    public Task<DecisionConfig> GetConfigAsync() => Task.FromResult(new DecisionConfig(
        state.State.Version,
        [.. Segments],
        [.. state.State.Offers],
        [.. state.State.ContentBlocks],
        [.. state.State.Experiments]));

    private HashSet<string> SegmentIds() => Segments.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

    private async Task<long> SaveAsync(Action change)
    {
        var before = await GetConfigAsync();
        change();
        state.State.Version++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Keep memory equal to the store when the write fails.
            state.State.Version = before.Version;
            state.State.Segments = [.. before.Segments];
            state.State.Offers = [.. before.Offers];
            state.State.ContentBlocks = [.. before.ContentBlocks];
            state.State.Experiments = [.. before.Experiments];
            throw;
        }

        return state.State.Version;
    }

    private static void Replace<T>(List<T> list, T item, Func<T, string> id)
    {
        var index = list.FindIndex(x => id(x) == id(item));
        if (index >= 0)
        {
            list[index] = item;
        }
        else
        {
            list.Add(item);
        }
    }
}
