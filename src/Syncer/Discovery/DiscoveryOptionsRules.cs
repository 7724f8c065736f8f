using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Syncer.Discovery;

/// <summary>Rules of <see cref="DiscoveryOptions"/> that span fields or list items; messages name the configuration key.</summary>
internal sealed partial class DiscoveryOptionsRules : IValidateOptions<DiscoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscoveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            builder.AddError(
                $"{DiscoveryOptions.SectionName}:{nameof(DiscoveryOptions.RetryMaxDelay)} ({options.RetryMaxDelay}) must not be shorter than " +
                $"{DiscoveryOptions.SectionName}:{nameof(DiscoveryOptions.RetryInitialDelay)} ({options.RetryInitialDelay}).");
        }

        for (var i = 0; i < options.WatchNamespaces.Count; i++)
        {
            var ns = options.WatchNamespaces[i];
            if (ns is null || ns.Length > 63 || !NamespaceName().IsMatch(ns))
            {
                builder.AddError(
                    $"{DiscoveryOptions.SectionName}:{nameof(DiscoveryOptions.WatchNamespaces)}:{i} ('{ns}') is not a namespace name " +
                    "(a DNS label: lower-case letters, digits and '-', at most 63 characters).");
            }
        }

        return builder.Build();
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex NamespaceName();
}
