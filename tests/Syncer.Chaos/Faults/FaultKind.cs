namespace Syncer.Chaos.Faults;

/// <summary>
/// One fault of the matrix as the chaos run injects it: on <see cref="Target"/> ("vault" or "kubernetes", one fault of
/// each at a time), <see cref="Inject"/> draws what it needs from the run's random source and returns how to clear it.
/// An instant fault (a dropped watch) has nothing to clear.
/// </summary>
public sealed record FaultKind(string Name, string Target, Func<FaultContext, Random, Action> Inject);
