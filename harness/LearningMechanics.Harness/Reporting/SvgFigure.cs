// Plotting library: OxyPlot.Core 2.2.0 and its managed SvgExporter. It is pure managed code (no native graphics
// library at run time, so `lm report` and CI need nothing beyond the .NET runtime), it runs headless, and its SVG is
// plain text built from the plot model with invariant number formatting, so the same record gives byte-identical
// files. ScottPlot 5 draws through SkiaSharp, whose native libSkiaSharp must load on every machine that renders, and
// its SVG comes out of Skia's canvas. OxyPlot measures text with built-in PDF font metrics rather than the viewer's
// font, which this file corrects for (ReportTextMeasurer).
using System.Globalization;
using LearningMechanics.Harness.Records;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace LearningMechanics.Harness.Reporting;

/// <summary>Draws a run record's curves with the predictions of a <see cref="FigureSpec"/> as a standalone SVG document.</summary>
public static class SvgFigure
{
    public const int Width = 860;
    public const int Height = 440;

    // Font stacks the viewer resolves; the text measurer assumes Helvetica/Arial widths plus a margin for wider fallbacks.
    private const string Font = "Arial, Helvetica, 'DejaVu Sans', sans-serif";

    // Okabe & Ito's colour-blind-safe palette without its yellow, which is unreadable on white.
    private static readonly OxyColor[] Palette =
    [
        OxyColor.FromRgb(0x00, 0x72, 0xB2), OxyColor.FromRgb(0xD5, 0x5E, 0x00), OxyColor.FromRgb(0x00, 0x9E, 0x73),
        OxyColor.FromRgb(0xCC, 0x79, 0xA7), OxyColor.FromRgb(0xE6, 0x9F, 0x00), OxyColor.FromRgb(0x56, 0xB4, 0xE9),
        OxyColor.FromRgb(0x00, 0x00, 0x00),
    ];

    private static readonly OxyColor PredictedColor = OxyColor.FromRgb(0x22, 0x22, 0x22);
    private static readonly OxyColor RivalColor = OxyColor.FromRgb(0x88, 0x88, 0x88);
    private static readonly OxyColor UngroupedBandColor = OxyColor.FromRgb(0x66, 0x66, 0x66);

    /// <summary>Curves with at most this many points get markers, so a five-width sweep shows its measured points.</summary>
    private const int MarkerPointLimit = 24;

    /// <summary>The SVG document (UTF-8, "\n" line ends), the same bytes for the same input on any machine and culture.</summary>
    public static string Render(RunRecord record, FigureSpec spec, string title)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(spec);
        var model = new PlotModel
        {
            Title = title,
            Culture = CultureInfo.InvariantCulture,
            DefaultFont = Font,
            DefaultFontSize = 12,
            TitleFontSize = 14,
            TitleFontWeight = FontWeights.Bold,
            Background = OxyColors.White,
            PlotAreaBorderColor = OxyColor.FromRgb(0x99, 0x99, 0x99),
            Padding = new OxyThickness(8, 8, 16, 8),
        };
        model.Axes.Add(Axis(spec.LogLog, AxisPosition.Bottom, spec.XTitle));
        model.Axes.Add(Axis(spec.LogLog, AxisPosition.Left, spec.YTitle));
        model.Legends.Add(new Legend
        {
            LegendPlacement = LegendPlacement.Outside,
            LegendPosition = LegendPosition.RightTop,
            LegendOrientation = LegendOrientation.Vertical,
            LegendFontSize = 11,
            LegendBorderThickness = 0,
            LegendBackground = OxyColors.Undefined,
            LegendSymbolLength = 22,
        });

        var groups = Groups(record, spec);
        var data = groups.SelectMany(g => g.Curves).SelectMany(c => Points(c, spec.LogLog)).Where(p => p.IsDefined()).ToList();
        var (xMin, xMax) = data.Count > 0 ? (data.Min(p => p.X), data.Max(p => p.X)) : spec.LogLog ? (1.0, 10.0) : (0.0, 1.0);
        var anchor = data.Count > 0 ? data[0] : DataPoint.Undefined;

        // Bands under the measured curves, so the curves stay readable inside them; predicted lines over the curves
        // (dashed, so data lying on them shows through the gaps), and a rival's line grey and dashed more finely.
        foreach (var band in spec.Guides.OfType<PredictedBand>())
            if (BandSeries(band, groups, xMin, xMax) is { } series) model.Series.Add(series);
        for (int g = 0; g < groups.Count; g++)
            foreach (var series in CurveSeries(groups[g], Palette[g % Palette.Length], spec.LogLog)) model.Series.Add(series);
        foreach (var guide in spec.Guides)
        {
            var series = guide switch
            {
                PredictedLevel level => LineGuide(level.Label, level.Rival, double.IsFinite(level.Y) ? [new(xMin, level.Y), new(xMax, level.Y)] : []),
                PredictedPowerLaw law => LineGuide(law.Label, law.Rival, PowerLawPoints(law.Exponent, anchor, xMin, xMax)),
                _ => null,
            };
            if (series is not null) model.Series.Add(series);
        }

        var exporter = new SvgExporter
        {
            Width = Width,
            Height = Height,
            TextMeasurer = new ReportTextMeasurer(),
            // Positions text by measured offsets instead of dominant-baseline, which some SVG renderers ignore.
            UseVerticalTextAlignmentWorkaround = true,
        };
        string svg = exporter.ExportToString(model).Replace("\r\n", "\n", StringComparison.Ordinal);
        // A viewBox lets the figure scale down with the page (GitHub, the HTML report) instead of being cropped.
        string size = $"<svg width=\"{Width}\" height=\"{Height}\" ";
        return svg.Replace(size, $"<svg viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" ", StringComparison.Ordinal);
    }

    private sealed record CurveGroup(string Label, IReadOnlyList<CurveRecord> Curves, string? Prefix);

    private static List<CurveGroup> Groups(RunRecord record, FigureSpec spec)
    {
        if (spec.Curves.Count == 0) return record.Curves.Select(c => new CurveGroup(c.Name, [c], null)).ToList();
        var taken = new HashSet<CurveRecord>(ReferenceEqualityComparer.Instance);
        var groups = new List<CurveGroup>();
        foreach (string prefix in spec.Curves)
        {
            // A curve that two prefixes match belongs to the first, so it is drawn once.
            var curves = record.Curves.Where(c => FigureSpec.Matches(c.Name, prefix) && taken.Add(c)).ToList();
            string label = curves.Count switch
            {
                0 => $"{prefix} (no curve in the record)",
                1 => curves[0].Name,
                _ => $"{prefix} ({curves.Count} curves)",
            };
            groups.Add(new CurveGroup(label, curves, prefix));
        }
        return groups;
    }

    /// <summary>The curve's points; a point that cannot be drawn (NaN, or ≤ 0 on a log axis) breaks the line.</summary>
    private static IEnumerable<DataPoint> Points(CurveRecord curve, bool logLog)
    {
        int n = Math.Min(curve.X.Count, curve.Y.Count);
        for (int i = 0; i < n; i++)
        {
            double x = curve.X[i], y = curve.Y[i];
            bool drawable = double.IsFinite(x) && double.IsFinite(y) && (!logLog || (x > 0 && y > 0));
            yield return drawable ? new DataPoint(x, y) : DataPoint.Undefined;
        }
    }

    private static IEnumerable<Series> CurveSeries(CurveGroup group, OxyColor color, bool logLog)
    {
        if (group.Curves.Count == 0)
        {
            yield return new LineSeries { Title = group.Label, Color = color, StrokeThickness = 1.5 };
            yield break;
        }
        bool many = group.Curves.Count > 1;
        for (int i = 0; i < group.Curves.Count; i++)
        {
            var series = new LineSeries
            {
                Title = group.Label,
                RenderInLegend = i == 0,
                Color = color,
                StrokeThickness = many ? 1.2 : 1.8,
                LineJoin = LineJoin.Round,
            };
            series.Points.AddRange(Points(group.Curves[i], logLog));
            if (series.Points.Count <= MarkerPointLimit)
            {
                series.MarkerType = MarkerType.Circle;
                series.MarkerSize = 3.5;
                series.MarkerFill = color;
            }
            yield return series;
        }
    }

    private static AreaSeries? BandSeries(PredictedBand band, List<CurveGroup> groups, double xMin, double xMax)
    {
        if (!double.IsFinite(band.Low) || !double.IsFinite(band.High)) return null;
        int index = band.CurvePrefix is null ? -1 : groups.FindIndex(g => g.Prefix == band.CurvePrefix);
        var color = index < 0 ? UngroupedBandColor : Palette[index % Palette.Length];
        double low = Math.Min(band.Low, band.High), high = Math.Max(band.Low, band.High);
        var series = new AreaSeries
        {
            Title = band.Label,
            Color = OxyColor.FromAColor(150, color),
            Color2 = OxyColor.FromAColor(150, color),
            Fill = OxyColor.FromAColor(48, color),
            StrokeThickness = 0.8,
            Dashes = [2, 2],
        };
        series.Points.Add(new DataPoint(xMin, low));
        series.Points.Add(new DataPoint(xMax, low));
        series.Points2.Add(new DataPoint(xMin, high));
        series.Points2.Add(new DataPoint(xMax, high));
        return series;
    }

    private static LineSeries? LineGuide(string label, bool rival, IReadOnlyList<DataPoint> points)
    {
        if (points.Count == 0) return null;
        var series = new LineSeries
        {
            Title = label,
            Color = rival ? RivalColor : PredictedColor,
            StrokeThickness = 1.5,
            // In pixels: OxyPlot's named styles (LongDash is 10,1) have gaps too thin to see in SVG.
            Dashes = rival ? [3, 3] : [9, 4],
        };
        series.Points.AddRange(points);
        return series;
    }

    /// <summary>y = y₀·(x/x₀)^k through the anchor point, sampled evenly in log x so it is smooth on linear axes too.</summary>
    private static List<DataPoint> PowerLawPoints(double exponent, DataPoint anchor, double xMin, double xMax)
    {
        if (!anchor.IsDefined() || anchor.X <= 0 || anchor.Y <= 0 || !double.IsFinite(exponent) || xMin <= 0) return [];
        const int samples = 48;
        var points = new List<DataPoint>(samples);
        for (int i = 0; i < samples; i++)
        {
            double x = xMin * Math.Pow(xMax / xMin, i / (double)(samples - 1));
            points.Add(new DataPoint(x, anchor.Y * Math.Pow(x / anchor.X, exponent)));
        }
        return points;
    }

    private static Axis Axis(bool log, AxisPosition position, string title)
    {
        Axis axis = log ? new LogarithmicAxis() : new LinearAxis();
        axis.Position = position;
        axis.Title = title;
        axis.TitleFontSize = 12;
        axis.FontSize = 11;
        axis.MajorGridlineStyle = LineStyle.Solid;
        axis.MajorGridlineColor = OxyColor.FromRgb(0xE4, 0xE4, 0xE4);
        axis.MinorGridlineStyle = LineStyle.None;
        axis.TicklineColor = OxyColor.FromRgb(0x99, 0x99, 0x99);
        axis.AxisTitleDistance = 14;
        axis.MinimumPadding = position == AxisPosition.Left ? 0.05 : 0.02;
        axis.MaximumPadding = position == AxisPosition.Left ? 0.05 : 0.02;
        return axis;
    }
}
