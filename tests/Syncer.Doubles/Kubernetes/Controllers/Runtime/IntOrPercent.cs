using System.Globalization;
using k8s.Models;

namespace Syncer.Doubles.Kubernetes.Controllers.Runtime;

/// <summary>intstr.GetScaledValueFromIntOrPercent: "25%" of a total (rounded up or down), or a plain number.</summary>
internal static class IntOrPercent
{
    public static int Scaled(IntOrString? value, int total, bool roundUp, int fallback)
    {
        var text = value?.Value;
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (!text.EndsWith('%'))
        {
            return int.Parse(text, CultureInfo.InvariantCulture);
        }

        var scaled = int.Parse(text[..^1], CultureInfo.InvariantCulture) * (double)total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }
}
