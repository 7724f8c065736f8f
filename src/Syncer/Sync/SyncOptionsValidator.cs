using Microsoft.Extensions.Options;

namespace Syncer.Sync;

/// <summary>DataAnnotations of <see cref="SyncOptions"/>, checked by source-generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class SyncOptionsValidator : IValidateOptions<SyncOptions>;
