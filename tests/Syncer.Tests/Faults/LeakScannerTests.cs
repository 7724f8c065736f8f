using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Syncer.Chaos.Leaks;

namespace Syncer.Tests.Faults;

/// <summary>The leak check finds a value in every form it could take in Syncer's output, and nothing else.</summary>
public sealed class LeakScannerTests
{
    private static readonly string Value = new LeakValues(new Random(1)).Next("password");

    public static TheoryData<string, string> Leaks() => new()
    {
        { "raw", $"Sync failed: {Value} is wrong" },
        { "json", JsonSerializer.Serialize(new { message = Value }) },
        { "marker", "truncated: ..." + Value[Value.IndexOf(LeakValues.Marker, StringComparison.Ordinal)..] },
        { "base64 inside a longer text", Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { data = new { password = Value } })) },
        { "base64 of the value", "data: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Value)) },
        { "sha256 hex", "hash=" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Value))) },
        { "sha256 base64", "hash=" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Value))) },
    };

    [Theory]
    [MemberData(nameof(Leaks))]
    public void Scan_FindsTheValue(string form, string text)
    {
        var hits = new LeakScanner([Value]).Scan("here", text).ToList();

        Assert.True(hits.Count > 0, $"the {form} form was not found");
        Assert.All(hits, h => Assert.Equal(("here", Value), (h.Where, h.Value)));
    }

    [Fact]
    public void Scan_FindsNothingInTextsWithoutTheValue()
    {
        var other = new LeakValues(new Random(2)).Next("password");
        var text = $"Synced Secret shop/db from secret/shop/db@3: 2 key(s) set; {Convert.ToBase64String(Encoding.UTF8.GetBytes(other))[4..^4]}";

        Assert.DoesNotContain(new LeakScanner([Value]).Scan("here", text), h => h.Value == Value);
    }

    [Fact]
    public void Hit_NamesTheValueByItsMarkerOnly()
    {
        var hit = new LeakScanner([Value]).Scan("log #3", Value).First();

        Assert.DoesNotContain("password-", hit.ToString(), StringComparison.Ordinal);
        Assert.Contains(LeakValues.Marker, hit.ToString(), StringComparison.Ordinal);
    }
}
