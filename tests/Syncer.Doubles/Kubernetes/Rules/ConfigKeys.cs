using System.Text.RegularExpressions;
using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Rules;

/// <summary>apimachinery IsConfigMapKey, used for Secret and ConfigMap data keys.</summary>
internal static partial class ConfigKeys
{
    public static IEnumerable<FieldError> Validate(string field, string key)
    {
        if (key.Length > 253)
        {
            yield return FieldError.Invalid(field, key, "must be no more than 253 characters");
        }

        if (!KeyPattern().IsMatch(key))
        {
            yield return FieldError.Invalid(field, key,
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        }

        if (key == ".")
        {
            yield return FieldError.Invalid(field, key, "must not be '.'");
        }
        else if (key == "..")
        {
            yield return FieldError.Invalid(field, key, "must not be '..'");
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            yield return FieldError.Invalid(field, key, "must not start with '..'");
        }
    }

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex KeyPattern();
}
