using LearningMechanics.Harness.Records;
using LearningMechanics.Harness.Reporting;

namespace LearningMechanics.Harness.Tests.Reporting;

public sealed class SvgFigureTests
{
    private const string Blue = "rgb(0,114,178)";       // first curve group
    private const string Vermilion = "rgb(213,94,0)";   // second curve group
    private const string Predicted = "rgb(34,34,34)";
    private const string Rival = "rgb(136,136,136)";

    private static SvgDocument Render(ReportEntry entry) => new(SvgFigure.Render(entry.Record, entry.Figure, entry.Title));

    [Fact]
    public void BandsTakeTheColourOfTheirCurveGroupAndSitUnderTheCurves()
    {
        var svg = Render(ReportSamples.EdgeOfStability());

        var bands = svg.Shapes("polygon").Where(p => p.Style.Contains("fill-opacity", StringComparison.Ordinal) && p.Points.Count == 4).ToList();
        Assert.Contains(bands, b => b.Style.Contains($"fill:{Blue}", StringComparison.Ordinal));
        Assert.Contains(bands, b => b.Style.Contains($"fill:{Vermilion}", StringComparison.Ordinal));
        Assert.Equal(2, svg.Lines(Blue, minPoints: 40).Count);       // two seeds at lr = 0.15
        Assert.Equal(2, svg.Lines(Vermilion, minPoints: 40).Count);  // two seeds at lr = 0.25
        Assert.Contains("2/lr ±10%, lr=0.15", svg.Texts());
        Assert.Contains("sharpness lr=0.25 (2 curves)", svg.Texts());
        Assert.Contains("sharpness λ_max (top Hessian eigenvalue)", svg.Texts());

        // The band for lr = 0.15 spans 2/0.15·[0.9, 1.1] = [12, 14.67]: higher on screen (smaller y) than lr = 0.25's [7.2, 8.8].
        double blueTop = bands.First(b => b.Style.Contains(Blue, StringComparison.Ordinal)).Points.Min(p => p.Y);
        double vermilionTop = bands.First(b => b.Style.Contains(Vermilion, StringComparison.Ordinal)).Points.Min(p => p.Y);
        Assert.True(blueTop < vermilionTop);
    }

    [Fact]
    public void LogLogAxesSpaceDecadesEvenlyAndDrawPowerLawsStraight()
    {
        double[] widths = [10, 100, 1000, 10000];
        var record = ReportSamples.Record("power", new Dictionary<string, string>(), [], [ReportSamples.Curve("change", widths, n => 3 / n)], [], "Holds");
        var spec = new FigureSpec("width", "change")
        {
            LogLog = true,
            Guides = [new PredictedPowerLaw(-1, "predicted n^−1"), new PredictedPowerLaw(-0.5, "rival n^−1/2", Rival: true)],
        };
        var svg = new SvgDocument(SvgFigure.Render(record, spec, "power law"));

        var decades = svg.Labels().Where(l => l.Text is "10" or "100" or "1000" or "10000").OrderBy(l => l.X).ToList();
        var bottom = decades.GroupBy(l => l.Y).OrderByDescending(g => g.Count()).First().ToList();
        Assert.Equal(4, bottom.Count);
        double step = bottom[1].X - bottom[0].X;
        Assert.All(bottom.Zip(bottom.Skip(1)), pair => Assert.Equal(step, pair.Second.X - pair.First.X, 0.05));

        var predicted = Assert.Single(svg.Lines(Predicted, minPoints: 10));
        var rival = Assert.Single(svg.Lines(Rival, minPoints: 10));
        Assert.Contains("stroke-dasharray:9,4", predicted.Style);
        Assert.Contains("stroke-dasharray:3,3", rival.Style);
        AssertStraight(predicted);
        AssertStraight(rival);
        // Both lines start at the first data point; the rival falls more slowly, so it ends higher on screen.
        Assert.Equal(predicted.Points[0].Y, rival.Points[0].Y, 0.01);
        Assert.True(rival.Points[^1].Y < predicted.Points[^1].Y);
    }

    [Fact]
    public void LinearAxesDoNotLabelDecades()
    {
        var record = ReportSamples.Record("power", new Dictionary<string, string>(), [], [ReportSamples.Curve("change", [10, 100, 1000, 10000], n => 3 / n)], [], "Holds");
        var svg = new SvgDocument(SvgFigure.Render(record, new FigureSpec("width", "change"), "linear"));
        Assert.DoesNotContain("100", svg.Texts());
    }

    [Fact]
    public void LevelLineSpansThePlotAndEveryCurveIsItsOwnGroupWithoutPrefixes()
    {
        var svg = Render(ReportSamples.SaxeModes());
        var level = Assert.Single(svg.Lines(Predicted, minPoints: 2), l => l.Points.Count == 2 && l.Points[0].Y == l.Points[1].Y && l.Points[1].X - l.Points[0].X > 100);
        Assert.Contains("u = s (mode learned)", svg.Texts());
        Assert.Contains("u/s for s=3", svg.Texts());
        Assert.Contains("u/s for s=1", svg.Texts());
        Assert.Single(svg.Lines(Blue, minPoints: 50));
        Assert.Single(svg.Lines(Vermilion, minPoints: 50));
        Assert.True(level.Points[0].Y < svg.Lines(Blue, minPoints: 50)[0].Points[0].Y, "u/s = 1 lies above the curves' start near 0");
    }

    [Fact]
    public void APrefixWithoutCurvesIsNamedInTheLegend()
    {
        var entry = ReportSamples.EdgeOfStability();
        var spec = ReportSamples.EdgeOfStabilityFigure([0.15, 0.5]);
        var svg = new SvgDocument(SvgFigure.Render(entry.Record, spec, entry.Title));
        Assert.Contains("sharpness lr=0.5 (no curve in the record)", svg.Texts());
    }

    [Fact]
    public void NaNPointsAndNaNGuidesAreLeftOut()
    {
        var record = ReportSamples.Record("diverged", new Dictionary<string, string>(), [],
            [
                new CurveRecord { Name = "sharpness", X = [0, 1, 2, 3], Y = [1, double.NaN, double.PositiveInfinity, 2] },
                new CurveRecord { Name = "undefined", X = [0, 1], Y = [double.NaN, double.NaN] },
                new CurveRecord { Name = "empty", X = [], Y = [] },
            ], [], "Falsified");
        var spec = new FigureSpec("step", "sharpness") { Guides = [new PredictedBand(double.NaN, 1, "band"), new PredictedLevel(double.NaN, "level")] };
        var svg = new SvgDocument(SvgFigure.Render(record, spec, "diverged"));
        Assert.DoesNotContain("NaN", svg.Root.ToString());
        Assert.DoesNotContain("band", svg.Texts());

        var logSvg = new SvgDocument(SvgFigure.Render(record, spec with { LogLog = true, Guides = [new PredictedPowerLaw(-1, "law")] }, "diverged"));
        Assert.DoesNotContain("NaN", logSvg.Root.ToString());
    }

    [Fact]
    public void HasAViewBoxAndUnixLineEnds()
    {
        string svg = SvgFigure.Render(ReportSamples.NtkLazy().Record, ReportSamples.NtkLazy().Figure, "t");
        Assert.Contains($"viewBox=\"0 0 {SvgFigure.Width} {SvgFigure.Height}\"", svg);
        Assert.DoesNotContain("\r", svg);
    }

    private static void AssertStraight(SvgDocument.Shape line)
    {
        var (x0, y0) = line.Points[0];
        var (x1, y1) = line.Points[^1];
        double slope = (y1 - y0) / (x1 - x0);
        Assert.All(line.Points, p => Assert.Equal(y0 + slope * (p.X - x0), p.Y, 0.05));
    }
}
