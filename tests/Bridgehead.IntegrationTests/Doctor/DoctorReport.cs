using System.Text.Json;

namespace Bridgehead.IntegrationTests.Doctor;

/// <summary>The JSON document of `bridgehead doctor --json`, read out of the command's console.</summary>
internal static class DoctorReport
{
    /// <summary>The steps by name: (outcome, cause, detail).</summary>
    public static Dictionary<string, (string Outcome, string Cause, string Detail)> Steps(string console)
    {
        var lines = console.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "{");
        var end = Array.FindLastIndex(lines, l => l.TrimEnd() == "}");
        Assert.True(start >= 0 && end > start, $"no JSON report in:\n{console}");
        using var doc = JsonDocument.Parse(string.Join('\n', lines[start..(end + 1)]));
        return doc.RootElement.GetProperty("steps").EnumerateArray().ToDictionary(
            s => s.GetProperty("name").GetString()!,
            s => (s.GetProperty("outcome").GetString()!, s.GetProperty("cause").GetString()!, s.GetProperty("detail").GetString()!));
    }
}
