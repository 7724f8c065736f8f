using Microsoft.Extensions.Options;

namespace Syncer.Leadership;

/// <summary>DataAnnotations of <see cref="LeaderElectionOptions"/>, validated by source-generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class LeaderElectionOptionsValidator : IValidateOptions<LeaderElectionOptions>;
