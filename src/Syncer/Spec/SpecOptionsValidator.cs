using Microsoft.Extensions.Options;

namespace Syncer.Spec;

/// <summary>DataAnnotations of <see cref="SpecOptions"/>, checked by source-generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class SpecOptionsValidator : IValidateOptions<SpecOptions>;
