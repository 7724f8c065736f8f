using System.Text;

namespace Syncer.Doubles.Vault.Wire;

/// <summary>Go's %q for the plain strings Vault quotes in its messages (paths, role names).</summary>
internal static class GoQuote
{
    public static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
