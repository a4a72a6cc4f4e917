namespace PersoActors.Grains.Interfaces;

/// <summary>Marks a grain method whose repetition has the same effect as one call (a read, or a write that sets a
/// value or de-duplicates), so a caller that cannot tell whether a call ran — its silo died with the answer in
/// flight — may send it again. Methods without it are repeated only when the call surely never ran.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class SafeToRetryAttribute : Attribute;
