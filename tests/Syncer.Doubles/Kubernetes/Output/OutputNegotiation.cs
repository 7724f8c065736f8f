using Syncer.Doubles.Kubernetes.Api;

namespace Syncer.Doubles.Kubernetes.Output;

/// <summary>
/// The API server's Accept negotiation (apiserver <c>handlers/negotiation/negotiate.go</c>): clauses ordered by
/// q, then by specificity (<c>*</c> last), otherwise as sent; the first clause the double can serve wins. It serves
/// JSON only, so a protobuf clause is skipped and the next one is tried. <c>as</c>/<c>g</c>/<c>v</c> ask for a
/// conversion, allowed only to meta.k8s.io v1/v1beta1 PartialObjectMetadata(List) and, for kinds with a printer,
/// Table. No clause served: 406 NotAcceptable.
/// </summary>
internal static class OutputNegotiation
{
    public const string MetaGroup = "meta.k8s.io";

    public static OutputForm Negotiate(string? accept, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return OutputForm.Object;
        }

        foreach (var clause in Parse(accept))
        {
            if ((clause.Type, clause.SubType) is ("application", "json") or ("application", "*") or ("*", "*")
                && Options(clause.Parameters, type) is { } form)
            {
                return form;
            }
        }

        throw NotAcceptable();
    }

    /// <summary>406 as negotiation.NewNotAcceptableError words it, listing what the double serves.</summary>
    public static KubeStatusException NotAcceptable() =>
        KubeErrors.NotAcceptable("only the following media types are accepted: application/json");

    /// <summary>acceptMediaTypeOptions: known parameters decide; unknown ones (charset, …) are ignored.</summary>
    private static OutputForm? Options(IReadOnlyDictionary<string, string> parameters, ResourceType type)
    {
        if (parameters.TryGetValue("stream", out var stream) && stream.Length > 0 && stream != "watch")
        {
            return null;
        }

        if (parameters.TryGetValue("sv", out var serverVersion) && serverVersion.Length > 0 && serverVersion != "v1")
        {
            return null;
        }

        var kind = parameters.GetValueOrDefault("as");
        var group = parameters.GetValueOrDefault("g");
        var version = parameters.GetValueOrDefault("v");
        if (kind is null && group is null && version is null)
        {
            return OutputForm.Object;
        }

        var allowed = group == MetaGroup && version is "v1" or "v1beta1" && kind switch
        {
            "PartialObjectMetadata" or "PartialObjectMetadataList" => true,
            "Table" => TableAllowed(type),
            _ => false,
        };
        return allowed ? new OutputForm(kind, version!) : null;
    }

    /// <summary>Whether the resource has a table convertor (set when server-side printing exists for it).</summary>
    private static bool TableAllowed(ResourceType type) => false;

    private static IEnumerable<(string Type, string SubType, Dictionary<string, string> Parameters)> Parse(string header)
    {
        var clauses = new List<(string, string, double Q, Dictionary<string, string>)>();
        foreach (var part in header.Split(','))
        {
            var pieces = part.Trim().Split(';');
            var range = pieces[0].Split('/');
            var mainType = range[0].Trim();
            string subType;
            if (range.Length == 1 && mainType == "*")
            {
                subType = "*";
            }
            else if (range.Length == 2)
            {
                subType = range[1].Trim();
            }
            else
            {
                continue;
            }

            var q = 1.0;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in pieces.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2))
            {
                var key = parameter[0].Trim();
                if (key == "q")
                {
                    q = double.TryParse(parameter[1], System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
                }
                else
                {
                    parameters[key] = parameter[1].Trim();
                }
            }

            clauses.Add((mainType, subType, q, parameters));
        }

        // Stable: equal clauses keep the order the client sent them in.
        return clauses
            .OrderByDescending(c => c.Q)
            .ThenBy(c => c.Item1 == "*" ? 1 : 0)
            .ThenBy(c => c.Item2 == "*" ? 1 : 0)
            .Select(c => (c.Item1, c.Item2, c.Item4));
    }
}
