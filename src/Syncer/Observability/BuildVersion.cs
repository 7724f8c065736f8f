using System.Reflection;

namespace Syncer.Observability;

/// <summary>
/// The version and commit of a build, from the assembly's informational version: the SDK writes
/// <c>&lt;Version&gt;+&lt;SourceRevisionId&gt;</c> (the Dockerfile passes VERSION and COMMIT; a local build takes the
/// commit from git). Reported by <c>syncer_build_info</c>.
/// </summary>
internal static class BuildVersion
{
    public const string Unknown = "unknown";

    public static (string Version, string Commit) Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return Parse(informational ?? assembly.GetName().Version?.ToString());
    }

    public static (string Version, string Commit) Parse(string? informationalVersion)
    {
        if (string.IsNullOrWhiteSpace(informationalVersion))
        {
            return (Unknown, Unknown);
        }

        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? (informationalVersion, Unknown)
            : (informationalVersion[..plus], plus + 1 < informationalVersion.Length ? informationalVersion[(plus + 1)..] : Unknown);
    }
}
