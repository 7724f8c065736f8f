namespace Syncer.Policy;

/// <summary>The answer of <see cref="TenancyPolicy.Check"/>; <see cref="Reason"/> names no secret value.</summary>
internal sealed record PolicyDecision(bool Allowed, string Reason);
