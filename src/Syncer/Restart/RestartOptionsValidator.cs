using Microsoft.Extensions.Options;

namespace Syncer.Restart;

/// <summary>DataAnnotations of <see cref="RestartOptions"/>, validated by source-generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class RestartOptionsValidator : IValidateOptions<RestartOptions>;
