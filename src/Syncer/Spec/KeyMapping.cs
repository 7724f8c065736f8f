namespace Syncer.Spec;

/// <summary>
/// One entry of <c>syncer.io/keys</c>: the Secret key <paramref name="SecretKey"/> gets the value of
/// <paramref name="Property"/> (a top-level property, or a dotted path into a nested JSON value) of
/// <paramref name="Source"/>.
/// </summary>
internal sealed record KeyMapping(string SecretKey, VaultSource Source, string Property);
