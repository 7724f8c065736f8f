using Microsoft.Extensions.Options;

namespace Syncer.Policy;

/// <summary>DataAnnotations of <see cref="PolicyOptions"/> and its rules, checked by source-generated code.</summary>
[OptionsValidator]
internal sealed partial class PolicyOptionsValidator : IValidateOptions<PolicyOptions>;
