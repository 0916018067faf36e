using System.Text;

namespace Streamer.Supervisor.Status;

/// <summary>
/// An aligned plain-text table. Cells may carry an ANSI colour, applied only when asked for and never
/// counted in the column width.
/// </summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<Cell[]> _rows = [];

    public TextTable(params string[] headers) => _headers = headers;

    /// <summary>Adds a row of plain cells.</summary>
    public void Add(params string?[] cells) => _rows.Add(cells.Select(c => new Cell(c ?? "")).ToArray());

    /// <summary>Adds a row of cells, some coloured.</summary>
    public void Add(params Cell[] cells) => _rows.Add(cells);

    /// <summary>Renders the table; columns separated by two spaces, no trailing spaces.</summary>
    public string Render(bool color)
    {
        var widths = _headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < Math.Min(row.Length, widths.Length); i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Text.Length);
            }
        }

        var sb = new StringBuilder();
        AppendRow(sb, _headers.Select(h => new Cell(h)).ToArray(), widths, color);
        foreach (var row in _rows)
        {
            AppendRow(sb, row, widths, color);
        }

        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, Cell[] row, int[] widths, bool color)
    {
        var line = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < row.Length ? row[i] : new Cell("");
            var padded = i == widths.Length - 1 ? cell.Text : cell.Text.PadRight(widths[i]);
            if (i > 0)
            {
                line.Append("  ");
            }

            if (color && cell.Color is not null && cell.Text.Length > 0)
            {
                line.Append(cell.Color).Append(cell.Text).Append(Ansi.Reset).Append(' ', padded.Length - cell.Text.Length);
            }
            else
            {
                line.Append(padded);
            }
        }

        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}

/// <summary>A table cell.</summary>
/// <param name="Text">Visible text.</param>
/// <param name="Color">ANSI colour sequence (see <see cref="Ansi"/>), or null.</param>
public readonly record struct Cell(string Text, string? Color = null);

/// <summary>The few ANSI colours used.</summary>
public static class Ansi
{
    public const string Red = "\u001b[31m";
    public const string Green = "\u001b[32m";
    public const string Yellow = "\u001b[33m";
    public const string Bold = "\u001b[1m";
    public const string Reset = "\u001b[0m";
}
