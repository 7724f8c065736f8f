using System.Security.Cryptography;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Syncer.Sync;

/// <summary>
/// Records core/v1 Events on a Secret (<c>Synced</c>, <c>SyncFailed</c>, <c>Forbidden</c>, <c>SourceMissing</c>).
/// An Event that cannot be written is logged and never fails the sync. Messages name paths and keys, never values.
/// </summary>
internal sealed class SecretEventRecorder(IKubernetes kubernetes, TimeProvider timeProvider, ILogger<SecretEventRecorder> logger)
{
    public const string Component = "syncer";
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private const int MaxMessageLength = 1024;

    public async Task RecordAsync(V1Secret secret, string type, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var ns = secret.Metadata.NamespaceProperty;
        var name = secret.Metadata.Name;
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var prefix = name.Length > 200 ? name[..200] : name;
        var evt = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                // client-go style: <object>.<unique suffix>
                Name = $"{prefix}.{now.Ticks:x}{RandomNumberGenerator.GetHexString(6, lowercase: true)}",
                NamespaceProperty = ns,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Name = name,
                NamespaceProperty = ns,
                Uid = secret.Metadata.Uid,
                ResourceVersion = secret.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 3), "..."),
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };

        try
        {
            await kubernetes.CoreV1.CreateNamespacedEventAsync(evt, ns, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.EventFailed(logger, ns, name, reason, ex);
        }
    }
}
