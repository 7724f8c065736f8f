using System.Security.Cryptography;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Syncer.Kubernetes;

/// <summary>
/// Records core/v1 Events on any object (a Secret now, a workload for restarts). An Event that cannot be written is
/// logged and never fails the caller. Messages name objects, paths and keys, never values.
/// </summary>
internal sealed class EventRecorder(IKubernetes kubernetes, TimeProvider timeProvider, ILogger<EventRecorder> logger)
{
    public const string Component = "syncer";
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private const int MaxMessageLength = 1024;

    public async Task RecordAsync(V1ObjectReference about, string type, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(about);
        ArgumentNullException.ThrowIfNull(message);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var prefix = about.Name.Length > 200 ? about.Name[..200] : about.Name;
        var evt = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                // client-go style: <object>.<unique suffix>
                Name = $"{prefix}.{now.Ticks:x}{RandomNumberGenerator.GetHexString(6, lowercase: true)}",
                NamespaceProperty = about.NamespaceProperty,
            },
            InvolvedObject = about,
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
            await kubernetes.CoreV1.CreateNamespacedEventAsync(evt, about.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.EventFailed(logger, about.Kind, about.NamespaceProperty, about.Name, reason, ex);
        }
    }

    /// <summary>The reference of a Secret, as Events name it.</summary>
    public static V1ObjectReference SecretReference(string ns, string name, string? uid, string? resourceVersion) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Name = name,
        NamespaceProperty = ns,
        Uid = uid,
        ResourceVersion = resourceVersion,
    };
}
