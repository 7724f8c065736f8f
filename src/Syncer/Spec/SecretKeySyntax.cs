namespace Syncer.Spec;

/// <summary>
/// The API server's rule for a key of a Secret's <c>data</c> (IsConfigMapKey): 1 to 253 characters from
/// <c>[-._a-zA-Z0-9]</c>, and not <c>.</c> or <c>..</c>. Hand-written: KubernetesClient does not validate keys.
/// </summary>
internal static class SecretKeySyntax
{
    public const int MaxLength = 253;

    public const string Rule = "a Secret key has 1 to 253 characters from letters, digits, '-', '_' and '.'";

    public static bool IsValid(string key) =>
        key.Length is > 0 and <= MaxLength
        && key is not ("." or "..")
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
