using Microsoft.Extensions.Options;

namespace Syncer.Discovery;

/// <summary>DataAnnotations of <see cref="DiscoveryOptions"/>, validated by source-generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class DiscoveryOptionsValidator : IValidateOptions<DiscoveryOptions>;
