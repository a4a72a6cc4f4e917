namespace PersoActors.LoadTest.Api;

/// <summary>The gateway endpoints the simulated users call; the report has one row per kind.</summary>
public enum EndpointKind
{
    PutContext,
    PutConsents,
    TrackEvents,
    GetProfile,
    Recommendations,
    Experience,
    Feedback,
    UploadCatalog,
    PatchPreferences,
    PutTrigger,
}

/// <summary>How a request ended, as the report counts it.</summary>
public enum CallOutcome
{
    /// <summary>A 2xx answer.</summary>
    Ok,

    /// <summary>404/405/501 from an endpoint that never answered 2xx in this run: not deployed yet.</summary>
    Unavailable,

    /// <summary>Any other status, a timeout or a connection failure.</summary>
    Error,
}
