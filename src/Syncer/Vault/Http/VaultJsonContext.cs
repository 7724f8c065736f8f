using System.Text.Json;
using System.Text.Json.Serialization;
using Syncer.Vault.Auth;

namespace Syncer.Vault.Http;

/// <summary>
/// Every type read from or sent to Vault, serialized by generated code rather than reflection: the image is a trimmed
/// build whose runtime turns reflection-based JSON off (docs/operations.md, the image), and generated code needs no
/// runtime type scan. A type missing here fails at its first use with a <see cref="NotSupportedException"/> naming it;
/// the tests run every Vault call through it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General)]
[JsonSerializable(typeof(Secret<SecretData>))]
[JsonSerializable(typeof(Secret<IReadOnlyDictionary<string, JsonElement>>))]
[JsonSerializable(typeof(Secret<FullSecretMetadata>))]
[JsonSerializable(typeof(Secret<ListInfo>))]
[JsonSerializable(typeof(Secret<MountInfo>))]
[JsonSerializable(typeof(Secret<TokenLookup>))]
[JsonSerializable(typeof(Secret<JsonElement?>))]
[JsonSerializable(typeof(VaultErrorBody))]
[JsonSerializable(typeof(CurrentSecretMetadata))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class VaultJsonContext : JsonSerializerContext;
