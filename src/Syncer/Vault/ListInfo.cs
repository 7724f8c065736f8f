using System.Text.Json.Serialization;

namespace Syncer.Vault;

/// <summary>A LIST answer (VaultSharp <c>ListInfo</c>): names below the folder, sub-folders ending in "/".</summary>
internal sealed class ListInfo
{
    [JsonPropertyName("keys")] public IReadOnlyList<string> Keys { get; init; } = [];
}
