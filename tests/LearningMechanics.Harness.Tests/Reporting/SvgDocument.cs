using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LearningMechanics.Harness.Tests.Reporting;

/// <summary>Reads back what a figure drew: its text labels with positions, and its polylines and polygons with style and points.</summary>
internal sealed partial class SvgDocument
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public SvgDocument(string svg)
    {
        // Throws on anything that is not well-formed XML; the external DTD of the prologue is not fetched.
        Root = XDocument.Parse(svg).Root ?? throw new InvalidOperationException("empty SVG");
        Assert.Equal(Svg + "svg", Root.Name);
    }

    public XElement Root { get; }

    public sealed record Label(string Text, double X, double Y);

    public sealed record Shape(string Kind, string Style, IReadOnlyList<(double X, double Y)> Points);

    public IReadOnlyList<Label> Labels() => Root.Descendants(Svg + "text").Select(t =>
    {
        var match = Translate().Match(t.Attribute("transform")?.Value ?? "");
        return new Label(t.Value, Number(match.Groups[1].Value), Number(match.Groups[2].Value));
    }).ToList();

    public IReadOnlyList<string> Texts() => Labels().Select(l => l.Text).ToList();

    public IReadOnlyList<Shape> Shapes(string kind) => Root.Descendants(Svg + kind).Select(e => new Shape(
        kind,
        e.Attribute("style")?.Value ?? "",
        (e.Attribute("points")?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(p => (Number(p[0]), Number(p[1])))
            .ToList())).ToList();

    /// <summary>Polylines stroked in this colour with at least <paramref name="minPoints"/> points (curves, not legend symbols).</summary>
    public IReadOnlyList<Shape> Lines(string rgb, int minPoints) =>
        Shapes("polyline").Where(s => s.Style.Contains($"stroke:{rgb}", StringComparison.Ordinal) && s.Points.Count >= minPoints).ToList();

    private static double Number(string text) => text.Length == 0 ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"translate\(([-0-9.]+),([-0-9.]+)\)")]
    private static partial Regex Translate();
}
