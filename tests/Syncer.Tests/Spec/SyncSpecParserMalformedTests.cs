using Syncer.Spec;
using static Syncer.Tests.Spec.SpecTestParser;

namespace Syncer.Tests.Spec;

/// <summary>Each malformed annotation value gives its own specific message naming the annotation and the value.</summary>
public sealed class SyncSpecParserMalformedTests
{
    private const string P = SyncAnnotations.Path;
    private const string K = SyncAnnotations.Keys;
    private const string V = SyncAnnotations.Version;
    private const string R = SyncAnnotations.Refresh;
    private const string S = SyncAnnotations.Schedule;
    private const string X = SyncAnnotations.Restart;
    private const string Ok = "secret/shop/db";

    /// <summary>(case, the annotation the error names, a fragment of the explanation, annotations as key/value pairs).</summary>
    public static TheoryData<string, string, string, string[]> Cases => new()
    {
        { "no source at all", P, "neither syncer.io/path nor syncer.io/keys is set", [R, "5m"] },
        { "empty path", P, "is empty; expected <mount>/<path>", [P, ""] },
        { "mount only", P, "needs a mount and a path", [P, "secret"] },
        { "leading slash", P, "starts with '/'", [P, "/secret/shop/db"] },
        { "trailing slash", P, "ends with '/'; name a secret, not a folder", [P, "secret/shop/"] },
        { "empty segment", P, "has an empty segment ('//')", [P, "secret//db"] },
        { "space in path", P, "contains whitespace or a control character", [P, "secret/shop db"] },
        { "property in path", P, "a property belongs in syncer.io/keys", [P, "secret/shop/db#password"] },
        { "dot-dot segment", P, "has a '.' or '..' segment", [P, "secret/../kube-system/db"] },
        { "HTTP API path", P, "is an HTTP API path", [P, "v1/secret/data/shop/db"] },
        { "glob in path", P, "contains '*', which is not allowed", [P, "secret/shop/*"] },
        { "empty keys", K, "is empty; expected secretKey=source", [P, Ok, K, ""] },
        { "entry without =", K, "entry 'password' is not secretKey=source", [P, Ok, K, "password"] },
        { "entry without key", K, "entry '=password' has no Secret key before '='", [P, Ok, K, "=password"] },
        { "entry without source", K, "entry 'pw=' has no source after '='", [P, Ok, K, "pw="] },
        { "target key with space", K, "'my key' is not a valid Secret key", [P, Ok, K, "my key=password"] },
        { "target key with slash", K, "'a/b' is not a valid Secret key", [P, Ok, K, "a/b=password"] },
        { "duplicate target key", K, "Secret key 'pw' is mapped more than once", [P, Ok, K, "pw=password,pw=user"] },
        { "stray comma", K, "entry 2 is empty (a stray comma?)", [P, Ok, K, "pw=password,,user=user"] },
        { "bare property without path", K, "is a property of syncer.io/path, which is not set", [K, "pw=password"] },
        { "path without property", K, "names a path but no property", [K, "pw=secret/shop/db"] },
        { "nothing after #", K, "has no property after '#'", [K, "pw=secret/shop/db#"] },
        { "two #", K, "has more than one '#'", [K, "pw=secret/shop/db#a#b"] },
        { "empty dotted segment", K, "has an empty segment (dotted properties", [P, Ok, K, "pw=db..password"] },
        { "two =", K, "has more than one '='", [P, Ok, K, "pw=a=b"] },
        { "bad path in source", K, "path '/secret/db' starts with '/'", [K, "pw=/secret/db#x"] },
        { "version latest", V, "remove the annotation to read the latest version", [P, Ok, V, "latest"] },
        { "version zero", V, "must be 1 or more", [P, Ok, V, "0"] },
        { "negative version", V, "is not a positive whole number", [P, Ok, V, "-3"] },
        { "version too large", V, "is too large for a KV version", [P, Ok, V, "99999999999"] },
        { "version without path", V, "pins the version of syncer.io/path, which is not set", [K, "pw=secret/shop/db#pw", V, "3"] },
        { "refresh without unit", R, "has no unit", [P, Ok, R, "5"] },
        { "refresh unknown unit", R, "has unknown unit 'x'", [P, Ok, R, "5x"] },
        { "refresh fraction", R, "has a fraction; use a smaller unit", [P, Ok, R, "1.5h"] },
        { "refresh zero", R, "is zero; the interval must be positive", [P, Ok, R, "0s"] },
        { "refresh negative", R, "is negative", [P, Ok, R, "-5m"] },
        { "refresh below minimum", R, "is below the minimum refresh of 30s", [P, Ok, R, "10s"] },
        { "refresh repeated unit", R, "repeats a unit or has units out of order", [P, Ok, R, "5m5m"] },
        { "refresh in words", R, "is not a duration", [P, Ok, R, "five minutes"] },
        { "refresh empty", R, "is empty; use a whole number", [P, Ok, R, ""] },
        { "refresh too large", R, "is too large; at most a year", [P, Ok, R, "99999999h"] },
        { "refresh and schedule", S, "is set together with syncer.io/refresh", [P, Ok, R, "5m", S, "0 0 * * * ?"] },
        { "unix five-field cron", S, "which is the Unix/crontab form", [P, Ok, S, "*/5 * * * *"] },
        { "cron minute out of range", S, "must be between 0 and 59", [P, Ok, S, "0 61 * * * ?"] },
        { "cron nonsense", S, "is not a valid Quartz cron expression", [P, Ok, S, "every day"] },
        { "cron every second", S, "more often than the minimum of 30s", [P, Ok, S, "* * * * * ?"] },
        { "cron in the past", S, "never fires again", [P, Ok, S, "0 0 0 1 1 ? 2020"] },
        { "empty schedule", S, "is empty; expected a Quartz cron expression", [P, Ok, S, ""] },
        { "restart unknown word", X, "entry 'sometimes' is not kind/name", [P, Ok, X, "sometimes"] },
        { "restart boolean", X, "takes auto or none (or a kind/name list), not a boolean", [P, Ok, X, "false"] },
        { "restart unknown kind", X, "kind 'job' is not one of deployment, statefulset, daemonset", [P, Ok, X, "job/migrate"] },
        { "restart bad name", X, "'Web_1' is not a valid workload name", [P, Ok, X, "deployment/Web_1"] },
        { "restart duplicate", X, "lists deployment/web more than once", [P, Ok, X, "deployment/web,Deployment/web"] },
        { "restart auto in list", X, "'auto' cannot be combined with a list of workloads", [P, Ok, X, "auto,deployment/web"] },
        { "restart empty", X, "is empty; expected auto, none, or kind/name", [P, Ok, X, ""] },
        { "restart trailing comma", X, "entry 2 is empty (a stray comma?)", [P, Ok, X, "deployment/web,"] },
        { "restart with api group", X, "entry 'apps/v1/deployment/web' is not kind/name", [P, Ok, X, "apps/v1/deployment/web"] },
        { "misspelt annotation", "syncer.io/refesh", "unknown annotation; known ones are", [P, Ok, "syncer.io/refesh", "5m"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_WhenAnnotationIsMalformed_ReturnsItsSpecificError(string scenario, string annotation, string fragment, string[] pairs)
    {
        var result = Create().Parse(Annotations(pairs), "shop");

        Assert.False(result.IsValid, scenario);
        Assert.Null(result.Spec);
        var error = Assert.Single(result.Errors);
        Assert.Equal(annotation, error.Annotation);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(annotation, error.Message, StringComparison.Ordinal);
        var value = Annotations(pairs).GetValueOrDefault(annotation);
        if (!string.IsNullOrEmpty(value))
        {
            Assert.Contains($"\"{value}\"", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_MalformedCases_EachGiveADistinctMessage()
    {
        var parser = Create();
        var messages = Cases.Select(row => parser.Parse(Annotations(row.Data.Item4), "shop").ErrorSummary).ToList();

        Assert.True(messages.Count >= 30, $"only {messages.Count} cases");
        Assert.Equal(messages.Count, messages.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Parse_WhenSeveralAnnotationsAreMalformed_ReportsEveryOne()
    {
        var result = Create().Parse(Annotations(P, "secret", R, "5x", X, "job/a"), "shop");

        Assert.Equal([P, R, X], result.Errors.Select(e => e.Annotation).Order(StringComparer.Ordinal));
        Assert.Contains("syncer.io/path \"secret\"", result.ErrorSummary, StringComparison.Ordinal);
        Assert.Contains("syncer.io/refresh \"5x\"", result.ErrorSummary, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenValueIsVeryLong_ShortensItInTheMessage()
    {
        var result = Create().Parse(Annotations(P, "secret/" + new string('a', 500) + " x"), "shop");

        var error = Assert.Single(result.Errors);
        Assert.True(error.Message.Length < 300, error.Message);
        Assert.Contains("...", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenMinimumIsConfigured_UsesItInTheCheckAndTheMessage()
    {
        var parser = Create(new SpecOptions { MinimumRefresh = TimeSpan.FromMinutes(5) });

        var result = parser.Parse(Annotations(P, Ok, R, "1m"), "shop");

        Assert.Contains("below the minimum refresh of 5m", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
