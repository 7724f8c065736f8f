namespace Syncer.Sync;

/// <summary>
/// A write of a Secret the API server refused as invalid (422): the inputs digest and the desired data's hash it was
/// planned from, and the failure's message. A later sync with the same pair fails with the same message and no
/// request; a change of the spec or of Vault's data (either side of the pair) tries the write again.
/// </summary>
internal sealed record RejectedWrite(string Inputs, string DataHash, string Message)
{
    public bool Matches(string inputs, string? dataHash) => Inputs == inputs && DataHash == dataHash;
}
