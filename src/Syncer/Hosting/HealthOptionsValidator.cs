using Microsoft.Extensions.Options;

namespace Syncer.Hosting;

/// <summary>DataAnnotations of <see cref="HealthOptions"/>, validated by source-generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class HealthOptionsValidator : IValidateOptions<HealthOptions>;
