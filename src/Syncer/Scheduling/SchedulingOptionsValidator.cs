using Microsoft.Extensions.Options;

namespace Syncer.Scheduling;

/// <summary>DataAnnotations of <see cref="SchedulingOptions"/>, validated by source-generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>;
