using k8s.Models;

namespace Syncer.Sync;

/// <summary>What <see cref="SecretWriter"/> did: the latest Secret seen, the plan applied, or why it failed.</summary>
internal sealed record WriteResult(WriteStatus Status, V1Secret Secret, SecretPlan Plan, string? Message = null);
