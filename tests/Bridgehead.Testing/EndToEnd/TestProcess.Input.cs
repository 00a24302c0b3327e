namespace Bridgehead.Testing.EndToEnd;

/// <summary>Standard input of a child process: peers driven line by line (node, baresip) and openssl, which ends its connection at end of input.</summary>
public sealed partial class TestProcess
{
    /// <summary>Writes a line to the process's standard input.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Ends standard input (end of file for the process).</summary>
    public void CloseInput() => _process.StandardInput.Close();
}
